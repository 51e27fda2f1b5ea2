/** The action table (provider/client/actions.ts) classifies every ECS action the providers and data
 *  functions call, and names only actions that exist. */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { ACTION_RULES, actionRule, BUSY_CODES, isClassified } from "../../provider/client/actions";

const ROOT = path.join(__dirname, "..", "..");
const SDK_MODELS = path.join(ROOT, "node_modules", "@alicloud", "ecs20140526", "dist", "models");
/** Names the client sends that today's ECS SDK does not declare. */
const NOT_IN_TODAYS_SDK: Readonly<Record<string, string>> = {
  ModifyDeploymentSetAttributes: "the 2019 reference's name (today's: ModifyDeploymentSetAttribute)",
  DescribeVSwitches: "the VPC API's (CallOptions.api: vpc)",
};

const isEcsAction = (name: string): boolean => existsSync(path.join(SDK_MODELS, `${name}Request.d.ts`)) || Object.hasOwn(NOT_IN_TODAYS_SDK, name);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return full === path.join(ROOT, "provider", "client") ? [] : sourceFiles(full);
    return /\.ts$/.test(entry) && !entry.endsWith(".d.ts") ? [full] : [];
  });
}

/** Every action name the code outside the client mentions: any string literal that is an ECS action
 *  (today's SDK has a request model of that name), and any literal passed first to a call helper. */
function calledActions(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sourceFiles(path.join(ROOT, "provider")), ...sourceFiles(path.join(ROOT, "sdk"))]) {
    const text = readFileSync(file, "utf8");
    const where = path.relative(ROOT, file);
    for (const m of text.matchAll(/"([A-Z][a-z]+[A-Z][A-Za-z]+)"/g)) if (isEcsAction(m[1])) found.set(m[1], where);
    for (const m of text.matchAll(/(?:call|deleteWhileInUse|pagesByNumber|pagesByToken)(?:<[^>]*>)?\(\s*(?:(?:ctx|[\w.]*client),\s*)?"([A-Z]\w+)"/g)) found.set(m[1], where);
  }
  return found;
}

describe("the action table", () => {
  it("finds the actions the providers call (the scan itself works)", () => {
    const called = calledActions();
    for (const a of ["RunInstances", "CreateDisk", "AttachDisk", "DeleteSecurityGroup", "ModifyDeploymentSetAttribute", "DescribeZones"]) expect(called.has(a)).toBe(true);
    expect(called.size).toBeGreaterThan(40);
  });

  it("classifies every action called outside the client", () => {
    const unclassified = [...calledActions()].filter(([a]) => !isClassified(a)).map(([a, where]) => `${a} (${where})`);
    expect(unclassified).toEqual([]);
  });

  it("names only ECS actions", () => {
    expect(Object.keys(ACTION_RULES).filter((a) => !isEcsAction(a))).toEqual([]);
  });

  it("gives creates without a ClientToken no automatic repeat unless a unique name makes it safe", () => {
    expect(actionRule("CreateKeyPair").safety).toBe("unsafe");
    expect(actionRule("CreateLaunchTemplateVersion").safety).toBe("unsafe");
    expect(actionRule("ImportKeyPair").safety).toBe("readBack");
    for (const a of ["RunInstances", "CreateDisk", "CreateSecurityGroup", "CreateDeploymentSet"]) expect(actionRule(a).safety).toBe("clientToken");
  });

  it("treats unlisted reads as natural and unlisted writes as unsafe", () => {
    expect(actionRule("DescribeNewThing").safety).toBe("natural");
    expect(actionRule("DoSomethingNew").safety).toBe("unsafe");
  });

  it("keeps a busy code out of every action's 'already done' list (one meaning per code and action)", () => {
    for (const [action, rule] of Object.entries(ACTION_RULES)) {
      const both = (rule.already ?? []).filter((c) => BUSY_CODES.has(c) || (rule.busy ?? []).includes(c));
      expect({ action, both }).toEqual({ action, both: [] });
    }
  });
});
