/** Every parameter the emulator's actions declare (emulator/responses/spec.ts) is one today's API
 *  declares for that action, with a compatible type — the official SDK's request models say which
 *  (test/contract/sdkModels.ts). The 2019 reference's names that today's API renamed are accepted as
 *  aliases only, and the action the 2019 reference alone has (ModifyDeploymentSetAttributes) is an alias. */
import { ACTIONS } from "../../../emulator/responses";
import type { Param } from "../../../emulator/responses/spec";
import type { ValueClass } from "../../../emulator/protocol/contractLog";
import { checkParam } from "../../contract/check";
import { sdkActions } from "../../contract/sdkModels";

/** Wire names of a declared parameter, with sample indexes for repeat lists. */
function wireNames(name: string, rule: Param): Array<[string, Param]> {
  if (rule.type === "object") return Object.entries(rule.fields ?? {}).flatMap(([f, r]) => wireNames(`${name}.${f}`, r));
  if (rule.type === "objects") return Object.entries(rule.fields ?? {}).flatMap(([f, r]) => wireNames(`${name}.1.${f}`, r));
  if (rule.type === "list") return [[`${name}.1`, rule.item ?? { type: "string" }]];
  return [[name, rule]];
}

const CLASS: Record<Param["type"], ValueClass> = { string: "string", integer: "int", number: "number", boolean: "bool", "json-list": "json-array", list: "string", objects: "string", object: "string" };

const served = Object.entries(ACTIONS).filter(([, a]) => !a.spec.aliasOf);

test.each(served.map(([name]) => name))("%s exists today and declares only today's parameters", (action) => {
  expect(sdkActions().has(action)).toBe(true);
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(ACTIONS[action]!.spec.params ?? {}))
    for (const [wire, r] of rule.notToday ? [] : wireNames(name, rule)) {
      const f = checkParam(action, wire, CLASS[r.type]);
      if (f) problems.push(`${wire}: ${f.problem}`);
    }
  expect(problems).toEqual([]);
});

test("aliases name only the 2019 reference's spellings", () => {
  const aliases = served.flatMap(([action, a]) => Object.entries(a.spec.params ?? {}).flatMap(([name, r]) => (r.aliases ?? []).map((x) => `${action}.${name} ← ${x}`)));
  expect(aliases).toEqual(["CreateDeploymentSet.Strategy ← DeploymentStrategy"]);
  const aliasActions = Object.entries(ACTIONS).filter(([, a]) => a.spec.aliasOf).map(([n, a]) => `${n} → ${a.spec.aliasOf}`);
  expect(aliasActions).toEqual(["ModifyDeploymentSetAttributes → ModifyDeploymentSetAttribute"]);
  expect(sdkActions().has("ModifyDeploymentSetAttributes")).toBe(false);
});
