/** The fault matrix (test/e2e/chaos/matrix.ts) through the real Pulumi CLI. Each cell runs the
 *  twelve-resource fixture stack under faults and asserts: the operation converges (or fails with
 *  an error naming the resource, the action, the code and the RequestId), no orphan, no duplicate,
 *  no state entry without its cloud resource, no pending operation, no secret in the output or the
 *  state. `make test` runs the cells grouped (GROUPS); cells known to fail today are test.failing.
 *
 *  `make chaos` (CHAOS_FULL=1) runs every cell alone after a no-fault run and prints the matrix with
 *  wall time and ECS calls per cell; CHAOS_CELL=<regexp> runs only the cells whose name matches. */
import { CLI_TIMEOUT_MS } from "./harness";
import { BASELINE, CELLS, ChaosRun, faultsThatCannotFire, GROUPS, labelOf, matrixTable, play, runCell, type Cell, type CellResult } from "./chaos/matrix";

jest.setTimeout(CLI_TIMEOUT_MS);
/** Every cell in a row: about 12 minutes on a busy 2-core machine. */
const MATRIX_TIMEOUT_MS = 60 * 60 * 1000;

const only = process.env.CHAOS_CELL ? new RegExp(process.env.CHAOS_CELL, "i") : undefined;
const pick = (cells: Cell[]): Cell[] => cells.filter((c) => !only || only.test(c.name));

if (process.env.CHAOS_FULL === "1") {
  test("make chaos: every cell alone, against the no-fault run", async () => {
    const cells = pick(CELLS);
    const baseline = await runCell(BASELINE);
    expect(baseline).toMatchObject({ ok: true });
    expect(faultsThatCannotFire(baseline, cells)).toEqual([]);
    const results: CellResult[] = [];
    for (const cell of cells) results.push(await runCell(cell));
    const notes = results.flatMap((r, i) => [
      ...r.notes.map((n) => `${r.name}: ${n}`),
      ...(r.ok ? [] : [`${r.name}: ${cells[i].knownFailure ? "known failure" : "FAILED"}: ${(r.error ?? "").split("\n").slice(0, 8).join(" ").slice(0, 800)}`]),
    ]);
    const perAction = Object.entries(baseline.actions).sort(([a], [b]) => a.localeCompare(b)).map(([a, n]) => `${a} ${n}`).join(", ");
    console.log(`fault matrix (fixture: 12 resources; up, change all in place, destroy unless the cell says otherwise)\n${matrixTable(baseline, results)}\n\n${notes.join("\n")}\n\nno-fault run, calls per action: ${perAction}`);
    const unexpected = results.filter((r, i) => r.ok === !!cells[i].knownFailure).map((r) => `${r.name}: ${r.ok ? "converged although known to fail" : r.error}`);
    expect(unexpected).toEqual([]);
    // Never a duplicate, known failures included.
    expect(results.filter((r) => r.duplicates > 0).map((r) => `${r.name}: ${r.duplicates} duplicate(s)`)).toEqual([]);
  }, MATRIX_TIMEOUT_MS);
} else {
  describe.each(pick(GROUPS).map((c): [string, Cell] => [c.name, c]))("%s", (_name, cell) => {
    (cell.knownFailure ? test.failing : test)(cell.knownFailure ? `converges (fails today: ${cell.knownFailure})` : "converges with every invariant", async () => {
      const r = await ChaosRun.start(labelOf(cell), cell.world);
      try {
        await play(cell, r);
      } finally {
        await r.dispose();
      }
    });
  });
}
