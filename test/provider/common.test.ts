/** The shared layer's pure parts: durations, validation rules, the spec-derived diff,
 *  unknowns and the stack-config reader. */
import { splitImportId, structSafe } from "../../provider/resources/common";
import { instanceSpec } from "../../provider/resources/instance/spec";
import { Checker } from "../../provider/spec/check";
import { diffInputs } from "../../provider/spec/compare";
import { canonical, same } from "../../provider/spec/equivalence";
import { ecsName, tags as ecsTags } from "../../provider/spec/rules";
import { durationProblem, parseDuration, timeoutMs } from "../../provider/spec/timeouts";
import { containsUnknown, UNKNOWN } from "../../provider/spec/unknown";
import { t } from "../../provider/spec/build";
import { clientOptionsFromConfig, visibilityGraceFromConfig } from "../../provider/configure";
import { hasUndefined } from "./harness";

describe("durations and deadlines", () => {
  test.each([
    ["90s", 90_000], ["10m", 600_000], ["1h", 3_600_000], ["1h30m", 5_400_000], ["500ms", 500], ["1.5m", 90_000],
  ])("%s = %d ms", (text, ms) => expect(parseDuration(text)).toBe(ms));
  test.each(["", "10", "ten minutes", "5d", "-1m", "1m 30s"])("%j is refused", (text) => {
    expect(parseDuration(text)).toBeUndefined();
    expect(durationProblem(text)).toMatch(/duration/);
  });
  test("limits", () => {
    expect(durationProblem("0s")).toMatch(/longer than 0/);
    expect(durationProblem("25h")).toMatch(/at most 24h/);
    expect(durationProblem("20m")).toBeUndefined();
  });
  test("input wins over the default; malformed input falls back", () => {
    const defaults = { create: "10m", update: "10m", delete: "20m" };
    expect(timeoutMs("create", { create: "90s" }, defaults)).toBe(90_000);
    expect(timeoutMs("delete", { create: "90s" }, defaults)).toBe(1_200_000);
    expect(timeoutMs("update", undefined, defaults)).toBe(600_000);
  });
});

describe("validation", () => {
  test("a failure names the property once and the rule; absent and unknown values are skipped", () => {
    const c = new Checker();
    const at = { parent: {}, inputs: {} };
    c.check("instanceName", "a", at, [ecsName]);
    c.check("instanceName", undefined, at, [ecsName]);
    c.check("instanceName", UNKNOWN, at, [ecsName]);
    c.check("tags", { [UNKNOWN]: "x", k: UNKNOWN }, at, [ecsTags]);
    // The engine prints `property instanceName value {…} has a problem: <reason>`: the name once.
    expect(c.failures).toEqual([{ property: "instanceName", reason: "must be 2-128 characters long (got 1)" }]);
    // A nested path cannot be looked up by the engine: it goes in the reason, once.
    c.fail("ingress[0].portRange", "must be a port range");
    expect(c.failures[1]).toEqual({ property: "", reason: "ingress[0].portRange: must be a port range" });
  });
  test("secret properties are named in the reason only", () => {
    const c = new Checker(["password"]);
    c.fail("password", "must be 8-30 characters long");
    expect(c.failures).toEqual([{ property: "", reason: "password: must be 8-30 characters long" }]);
  });
  test("name and tag rules", () => {
    const at = { parent: {}, inputs: {} };
    expect(ecsName("web-1.a:b_c", at)).toBeUndefined();
    expect(ecsName("https://x", at)).toMatch(/http/);
    expect(ecsName("1abc", at)).toMatch(/start with a letter/);
    expect(ecsTags({ ok: "1" }, at)).toBeUndefined();
    expect(ecsTags({ "": "1" }, at)).toMatch(/1-128/);
    expect(ecsTags({ "acs:x": "1" }, at)).toMatch(/acs:/);
    expect(ecsTags({ k: "http://x" }, at)).toMatch(/http/);
  });
});

describe("spec-derived diff", () => {
  const olds = { region: "cn-hangzhou", zoneId: "cn-hangzhou-h", imageId: "img", instanceName: "a", securityGroupIds: ["sg-1", "sg-2"], tags: {}, systemDisk: { category: "cloud_essd", size: 40, name: "" }, dataDisks: [{ category: "cloud_essd", size: 40, name: "d", deleteWithInstance: true }], status: "Running", __ecsName: "web", __provider: "x" };
  const schemaDiff = (_kind: string, o: Record<string, unknown>, n: Record<string, unknown>) => diffInputs(instanceSpec.inputs, o, n);
  test("no change when equal after normalisation", () => {
    expect(schemaDiff("Instance", olds, { ...olds, tags: undefined, zoneId: undefined, instanceName: undefined, securityGroupIds: ["sg-2", "sg-1"], systemDisk: { size: 40 }, dataDisks: [{ size: 40 }], __ecsName: "renamed", __provider: "y" })).toEqual({ changed: [], replaces: [] });
  });
  test("in place vs replace, read from the spec", () => {
    expect(schemaDiff("Instance", olds, { ...olds, instanceName: "b" })).toEqual({ changed: ["instanceName"], replaces: [] });
    expect(schemaDiff("Instance", olds, { ...olds, imageId: "img2" })).toEqual({ changed: ["imageId"], replaces: ["imageId"] });
    expect(schemaDiff("Instance", olds, { ...olds, systemDisk: { size: 60 } })).toEqual({ changed: ["systemDisk"], replaces: [] });
    expect(schemaDiff("Instance", olds, { ...olds, systemDisk: { category: "cloud_ssd" } })).toEqual({ changed: ["systemDisk"], replaces: ["systemDisk"] });
    expect(schemaDiff("Instance", olds, { ...olds, dataDisks: [{ size: 40 }, { size: 20 }] }).replaces).toEqual(["dataDisks"]);
    expect(schemaDiff("Instance", olds, { ...olds, securityGroupIds: ["sg-1"] })).toEqual({ changed: ["securityGroupIds"], replaces: [] });
    expect(schemaDiff("Instance", olds, { ...olds, tags: { a: "b" } }).changed).toEqual(["tags"]);
  });
  test("unknowns always diff, and replace where the property would", () => {
    expect(containsUnknown({ a: [1, UNKNOWN] })).toBe(true);
    expect(schemaDiff("Instance", olds, { ...olds, zoneId: UNKNOWN })).toEqual({ changed: ["zoneId"], replaces: ["zoneId"] });
    expect(schemaDiff("Instance", olds, { ...olds, tags: UNKNOWN })).toEqual({ changed: ["tags"], replaces: [] });
  });
  test("canonical forms: empty is absent; unordered lists compare as sets", () => {
    const obj = t.object("X", "", { a: { type: t.string, doc: "" }, b: { type: t.list(t.string), doc: "" }, c: { type: t.map, doc: "" }, d: { type: t.string, doc: "" }, e: { type: t.integer, doc: "" }, f: { type: t.boolean, doc: "" } });
    expect(canonical({ type: obj }, { a: "", b: [], c: {}, d: null, e: 0, f: false })).toEqual({ e: 0, f: false });
    expect(same({ type: t.list(t.string, { unordered: true }) }, ["b", "a"], ["a", "b"])).toBe(true);
    expect(same({ type: t.list(t.string) }, ["b", "a"], ["a", "b"])).toBe(false);
  });
});

describe("configure: alicloud-ecs:* stack config", () => {
  test("reads credentials, region, endpoint and client settings", () => {
    const config: Record<string, unknown> = {
      "alicloud-ecs:accessKeyId": "AK", "alicloud-ecs:accessKeySecret": "SK", "alicloud-ecs:securityToken": "ST", "alicloud-ecs:region": "cn-beijing",
      "alicloud-ecs:endpoint": "http://127.0.0.1:8833", "alicloud-ecs:profile": "dev", "alicloud-ecs:signatureVersion": "V1", "alicloud-ecs:rateLimit": "5", "other:region": "x",
    };
    expect(clientOptionsFromConfig((k) => config[k])).toEqual({ accessKeyId: "AK", accessKeySecret: "SK", securityToken: "ST", region: "cn-beijing", endpoint: "http://127.0.0.1:8833", profile: "dev", signatureVersion: "v1", rateLimit: 5 });
    expect(clientOptionsFromConfig(() => undefined)).toEqual({});
  });
  test("visibilityGrace is a duration", () => {
    expect(visibilityGraceFromConfig((k) => (k === "alicloud-ecs:visibilityGrace" ? "45s" : undefined))).toBe(45_000);
    expect(visibilityGraceFromConfig(() => undefined)).toBeUndefined();
    expect(() => visibilityGraceFromConfig(() => "soon")).toThrow(/visibilityGrace must be a duration/);
  });
  test("a malformed value names the key, never the value", () => {
    expect(() => clientOptionsFromConfig((k) => (k === "alicloud-ecs:signatureVersion" ? "v9-secretish" : undefined))).toThrow(/alicloud-ecs:signatureVersion must be "v1" or "v3"$/);
  });
});

describe("results the engine can encode", () => {
  test("structSafe drops undefined at every depth", () => {
    expect(structSafe({ a: 1, b: undefined, c: { d: undefined, e: [1, undefined, { f: undefined, g: "x" }] } })).toEqual({ a: 1, c: { e: [1, null, { g: "x" }] } });
  });
  test("provider results hold no undefined anywhere (protobuf Struct rejects it)", async () => {
    // The resource suites check every result with this helper as well.
    expect(hasUndefined({ a: [{ b: undefined }] })).toBe(true);
    expect(hasUndefined(structSafe({ a: [{ b: undefined }] }))).toBe(false);
  });
});


test("import ids: <region>/<id> names the region; a bare id or anything else is left as it is", () => {
  expect(splitImportId("cn-shanghai/i-bp1abc")).toEqual({ region: "cn-shanghai", id: "i-bp1abc" });
  expect(splitImportId("ap-southeast-1/my-key")).toEqual({ region: "ap-southeast-1", id: "my-key" });
  expect(splitImportId("i-bp1abc")).toEqual({ id: "i-bp1abc" });
  expect(splitImportId("not a region/i-1")).toEqual({ id: "not a region/i-1" });
  expect(splitImportId("cn-shanghai/a/b")).toEqual({ id: "cn-shanghai/a/b" });
});
