/** The specs are the single source: schema.json, provider/types, sdk/resources.ts and the
 *  reference pages are generated from them (and committed current), and the flags the engine sees
 *  (replace, secret, defaults) are the specs'. */
import * as fs from "node:fs";
import * as path from "node:path";
import { generateAll, packageSchema } from "../../scripts/generate";
import { diskSpec, instanceSpec, SPECS } from "../../provider/resources/specs";
import { instanceMeta, diskMeta } from "../../provider/types";
import type { SchemaProperty, SchemaResource } from "../../provider/spec/schema";

const root = path.resolve(__dirname, "../..");
const schema = packageSchema();
const resource = (kind: string): SchemaResource => schema.resources[`alicloud-ecs:index:${kind}`];

test("every generated file is current (make generate)", () => {
  const files = generateAll();
  expect([...files.keys()]).toEqual(expect.arrayContaining(["schema.json", "provider/types/instance.ts", "provider/types/functions.ts", "sdk/resources.ts", "docs/resources/Instance.md", "docs/configuration.md"]));
  // The data functions' argument and result types are generated too (the functions' spec).
  expect(files.get("provider/types/functions.ts")).toContain("export interface GetRegionsResult {");
  for (const [rel, text] of files) {
    const committed = fs.existsSync(path.join(root, rel)) ? fs.readFileSync(path.join(root, rel), "utf8") : "<missing>";
    if (committed !== text) throw new Error(`${rel} is out of date: run make generate`);
  }
});

test("the schema is a Pulumi package schema with the package's config and resources", () => {
  expect(schema.name).toBe("alicloud-ecs");
  expect(Object.keys(schema.config?.variables ?? {})).toEqual(expect.arrayContaining(["accessKeyId", "accessKeySecret", "securityToken", "region", "endpoint", "profile"]));
  expect(schema.config?.variables.accessKeySecret.secret).toBe(true);
  for (const [token, r] of Object.entries(schema.resources)) {
    expect(token).toMatch(/^alicloud-ecs:index:[A-Z]\w+$/);
    for (const [name, prop] of [...Object.entries(r.inputProperties), ...Object.entries(r.properties)] as [string, SchemaProperty][]) {
      expect(`${token}.${name}: ${prop.description ?? ""}`).not.toMatch(/: $/); // every property described
      expect(prop.type !== undefined || prop.$ref !== undefined).toBe(true);
      if (prop.$ref) expect(schema.types[prop.$ref.replace("#/types/", "")]).toBeDefined();
    }
    for (const req of r.required ?? []) expect(r.properties[req]).toBeDefined();
  }
  expect(SPECS.map((s) => s.kind)).toEqual(Object.keys(schema.resources).map((t) => t.split(":")[2]));
});

test("secret flags reach the sdk (secret inputs and additionalSecretOutputs) and the provider", () => {
  expect(Object.entries(instanceSpec.inputs).filter(([, p]) => "secret" in p && p.secret).map(([k]) => k)).toEqual(["password"]);
  expect(instanceMeta.secretInputs).toEqual(["password"]);
  expect(instanceMeta.secretOutputs).toEqual(["password"]);
  expect(diskMeta.secretOutputs).toEqual([]);
});

test("replace flags: what the issue lists as replacing is flagged, what changes in place is not", () => {
  const inst = resource("Instance").inputProperties;
  const replacing = Object.entries(inst).filter(([, p]) => p.willReplaceOnChanges).map(([k]) => k).sort();
  expect(replacing).toEqual(["dataDisks", "imageId", "launchTemplateId", "launchTemplateVersion", "region", "vswitchId", "zoneId"]);
  const disk = resource("Disk").inputProperties;
  expect(Object.entries(disk).filter(([, p]) => p.willReplaceOnChanges).map(([k]) => k).sort()).toEqual(["category", "encrypted", "region", "snapshotId", "zoneId"]);
  expect(inst.timeouts.willReplaceOnChanges).toBeUndefined();
  expect(Object.fromEntries(Object.entries(inst).filter(([, p]) => p.default !== undefined).map(([k, p]) => [k, p.default]))).toEqual({ status: "Running" });
});

test("the documented default deadlines are the ones the providers use", () => {
  const documented = (kind: string) => resource(kind).inputProperties.timeouts.description ?? "";
  const text = (t: { create: string; update: string; delete: string }) => `create ${t.create}, update ${t.update}, delete ${t.delete}`;
  expect(documented("Instance")).toContain(text(instanceSpec.timeouts));
  expect(documented("Disk")).toContain(text(diskSpec.timeouts));
});
