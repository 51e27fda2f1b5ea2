/** schema.json is the single source: the committed sdk types are generated from it, and the
 *  provider's flags, defaults and deadlines agree with it. */
import * as fs from "node:fs";
import * as path from "node:path";
import { generate, readSchema } from "../../scripts/gen-sdk-types";
import { inputDefaults, packageSchema, resourceSchema, secretInputs } from "../../provider/resources/common";
import { INSTANCE_TIMEOUTS } from "../../provider/resources/instance";
import { DISK_TIMEOUTS } from "../../provider/resources/disk";
import { instanceMeta, diskMeta } from "../../sdk/types";

const root = path.resolve(__dirname, "../..");

test("sdk/types is what scripts/gen-sdk-types.ts generates from schema.json (no drift)", () => {
  const files = generate(readSchema(root));
  expect(files.size).toBeGreaterThanOrEqual(4);
  // The data functions' argument and result types are generated too (schema.json "functions").
  expect(files.get("sdk/types/functions.ts")).toContain("export interface GetRegionsResult {");
  for (const [rel, text] of files) {
    const committed = fs.existsSync(path.join(root, rel)) ? fs.readFileSync(path.join(root, rel), "utf8") : "<missing>";
    if (committed !== text) throw new Error(`${rel} is out of date: run node --no-warnings scripts/gen-sdk-types.ts`);
  }
});

test("the schema is a Pulumi package schema with the package's config and resources", () => {
  const s = packageSchema();
  expect(s.name).toBe("alicloud-ecs");
  expect(Object.keys(s.config?.variables ?? {})).toEqual(expect.arrayContaining(["accessKeyId", "accessKeySecret", "securityToken", "region", "endpoint", "profile"]));
  expect(s.config?.variables.accessKeySecret.secret).toBe(true);
  for (const [token, r] of Object.entries(s.resources)) {
    expect(token).toMatch(/^alicloud-ecs:index:[A-Z]\w+$/);
    for (const [name, prop] of [...Object.entries(r.inputProperties), ...Object.entries(r.properties)]) {
      expect(`${token}.${name}: ${prop.description ?? ""}`).not.toMatch(/: $/); // every property described
      expect(prop.type !== undefined || prop.$ref !== undefined).toBe(true);
      if (prop.$ref) expect(s.types[prop.$ref.replace("#/types/", "")]).toBeDefined();
    }
    for (const req of r.required ?? []) expect(r.properties[req]).toBeDefined();
  }
});

test("secret flags reach the sdk (secret inputs and additionalSecretOutputs) and the provider", () => {
  expect(secretInputs("Instance")).toEqual(["password"]);
  expect(instanceMeta.secretInputs).toEqual(["password"]);
  expect(instanceMeta.secretOutputs).toEqual(["password"]);
  expect(diskMeta.secretOutputs).toEqual([]);
});

test("replace flags: what the issue lists as replacing is flagged, what changes in place is not", () => {
  const inst = resourceSchema("Instance").inputProperties;
  const replacing = Object.entries(inst).filter(([, p]) => p.willReplaceOnChanges).map(([k]) => k).sort();
  expect(replacing).toEqual(["dataDisks", "deploymentSetId", "imageId", "internetChargeType", "launchTemplateId", "launchTemplateVersion", "region", "vswitchId", "zoneId"]);
  const disk = resourceSchema("Disk").inputProperties;
  expect(Object.entries(disk).filter(([, p]) => p.willReplaceOnChanges).map(([k]) => k).sort()).toEqual(["category", "encrypted", "region", "snapshotId", "zoneId"]);
  expect(inst.timeouts.willReplaceOnChanges).toBeUndefined();
  expect(inputDefaults("Instance")).toEqual({ status: "Running" });
});

test("the documented default deadlines are the ones the providers use", () => {
  const documented = (kind: string) => resourceSchema(kind).inputProperties.timeouts.description ?? "";
  const text = (t: { create: string; update: string; delete: string }) => `create ${t.create}, update ${t.update}, delete ${t.delete}`;
  expect(documented("Instance")).toContain(text(INSTANCE_TIMEOUTS));
  expect(documented("Disk")).toContain(text(DISK_TIMEOUTS));
});
