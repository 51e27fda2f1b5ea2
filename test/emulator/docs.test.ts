/** Generated files stay current: emulator/README.md's per-action part (scripts/emulator/readme.ts,
 *  from the action table) and the reference's error tables the fidelity tests read
 *  (scripts/emulator/reference.ts, from the 2019 reference's text, when that seed is on this machine). */
import { readFileSync } from "node:fs";
import { README, updateReadme } from "../../scripts/emulator/readme";
import { OUT, renderReference, seedFile } from "../../scripts/emulator/reference";

test("emulator/README.md documents the action table as it is (node scripts/run-ts.js scripts/emulator/readme.ts rewrites it)", () => {
  const committed = readFileSync(README, "utf8");
  expect(updateReadme(committed) === committed).toBe(true);
});

const seed = seedFile();
(seed ? test : test.skip)(
  seed ? "test/emulator/fidelity/reference.json is what scripts/emulator/reference.ts extracts from the reference" : "reference.json: skipped, the reference seed (shared/seeds/003_*.txt) is not on this machine",
  () => expect(renderReference(readFileSync(seed!, "utf8")) === readFileSync(OUT, "utf8")).toBe(true),
);
