/** Fidelity, action by action: every action of the emulator's table runs its cases (tables/*.ts: from
 *  the reference's request and error tables, and today's API where it differs) and the cases its
 *  declared parameters imply (cases.ts), each against the same world, restored before every case. Then
 *  every error code of each implemented action's reference table must have been answered, with the
 *  table's HTTP status, by one of the action's cases, unless notModelled.ts says what is not modelled. */
import { ACTIONS } from "../../../emulator/responses";
import type { Params } from "../../../provider/client/params";
import { callV1, type CallResult } from "../helpers";
import { generatedCases, merge, type ActionTable, type FidelityCase } from "./cases";
import { omission } from "./notModelled";
import reference from "./reference.json";
import { instanceTables } from "./tables/instances";
import { instanceSettingsTables, ramRoleTables } from "./tables/instanceSettings";
import { diskTables } from "./tables/disks";
import { catalogueTables, deploymentSetTables, keyPairTables, launchTemplateTables, securityGroupTables, tagTables } from "./tables/others";
import { buildFixture, REGION, type Fixture } from "./world";

export const TABLES: Readonly<Record<string, ActionTable>> = {
  ...instanceTables,
  ...instanceSettingsTables,
  ...ramRoleTables,
  ...diskTables,
  ...securityGroupTables,
  ...keyPairTables,
  ...launchTemplateTables,
  ...deploymentSetTables,
  ...tagTables,
  ...catalogueTables,
};

/** The reference's name for an action the emulator serves under today's name. */
const REFERENCE_NAME: Readonly<Record<string, string>> = { ModifyDeploymentSetAttribute: "ModifyDeploymentSetAttributes" };

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
}, 60_000);
afterAll(() => fx?.emu.close());

/** (code, HTTP status) pairs each action answered, for the reference check. */
const answered = new Map<string, Set<string>>();
const counts = new Map<string, { written: number; generated: number }>();

const actions = Object.keys(ACTIONS).sort();

test("every action has a fidelity table", () => {
  expect(actions.filter((a) => !TABLES[a])).toEqual([]);
});

describe.each(actions.filter((a) => TABLES[a]))("%s", (action) => {
  const table = TABLES[action]!;
  const generated = generatedCases(ACTIONS[action]!, table.base);
  counts.set(action, { written: table.cases.length, generated: generated.length });
  const all: Array<[string, FidelityCase]> = [...table.cases, ...generated].map((c) => [c.name, c]);

  test.each(all)("%s", async (_name, c) => {
    fx.restore();
    const extra = (await c.setup?.(fx.world, fx.call, fx.emu.admin, fx.emu.sts)) ?? {};
    const request: Params = c.request ? { RegionId: REGION, ...c.request(fx.world) } : merge(merge(merge({ RegionId: REGION }, table.base(fx.world)), c.params?.(fx.world) ?? {}), extra);
    for (const [k, v] of Object.entries(request)) if (v === undefined) delete request[k];
    const res: CallResult = await callV1(fx.emu.url, action, request, { method: "POST", formBody: true });
    const seen = answered.get(action) ?? new Set<string>();
    if (res.status !== 200) seen.add(`${res.body.Code as string}/${res.status}`);
    answered.set(action, seen);
    if ("ok" in c.expect) {
      expect({ status: res.status, code: res.body.Code }).toEqual({ status: 200, code: undefined });
      await c.expect.check?.(res.body, fx.world, fx.call);
    } else {
      expect({ status: res.status, code: res.body.Code }).toEqual({ status: c.expect.status, code: c.expect.code });
    }
  });
});

test("every error code of the reference's table of an implemented action is answered with its HTTP status, or is not modelled for a stated reason", () => {
  const ref = reference as Record<string, { line: number; errors: Array<{ code: string; status: number; line: number }> }>;
  const missing: string[] = [];
  const omitted = new Map<string, number>();
  for (const action of actions) {
    const section = ref[REFERENCE_NAME[action] ?? action];
    if (!section) continue;
    const seen = answered.get(action) ?? new Set();
    for (const e of section.errors) {
      if (seen.has(`${e.code}/${e.status}`)) continue;
      const why = omission(action, e.code, e.status);
      if (why) omitted.set(why.why, (omitted.get(why.why) ?? 0) + 1);
      else missing.push(`${action}: ${e.code}/${e.status} (ref 003:${e.line})`);
    }
  }
  const rows = [...counts].map(([a, c]) => `${a.padEnd(36)} ${String(c.written).padStart(3)} written ${String(c.generated).padStart(3)} generated`);
  const total = [...counts.values()].reduce((n, c) => n + c.written + c.generated, 0);
  const notModelled = [...omitted.values()].reduce((a, b) => a + b, 0);
  console.log(`fidelity cases per action (${total} in all):\n${rows.join("\n")}\nreference error entries of implemented actions not modelled: ${notModelled} (notModelled.ts says why)`);
  expect(missing).toEqual([]);
});
