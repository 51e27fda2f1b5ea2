/** `make generate`: everything derived from the resource specs (provider/resources/<kind>/spec.ts),
 *  the data functions' spec (sdk/data/spec.ts) and the config keys (provider/spec/config.ts):
 *   - schema.json, the Pulumi package schema;
 *   - provider/types/*.ts, the TypeScript types the provider and the sdk share;
 *   - sdk/resources.ts, the resource classes users import;
 *   - docs/resources/<kind>.md, a reference page per resource;
 *   - docs/configuration.md, the provider's stack config keys.
 *  test/provider/schema.test.ts regenerates in memory and fails when a committed file differs.
 *  Run it with `node scripts/run-ts.js scripts/generate/index.ts` (what `make generate` does). */
import * as fs from "node:fs";
import * as path from "node:path";
import pkg from "../../package.json";
import { SPECS } from "../../provider/resources/specs";
import { CONFIG } from "../../provider/spec/config";
import { configSchema, functionSchema, PACKAGE, resourceSchema, TypeRegistry, typeToken, type PackageSchema } from "../../provider/spec/schema";
import { FUNCTIONS } from "../../sdk/data/spec";
import { docFiles } from "./docs";
import { sdkClassesFile } from "./sdkClasses";
import { typeFiles } from "./tsTypes";

export const ROOT = path.resolve(__dirname, "../..");

export function packageSchema(): PackageSchema {
  const reg = new TypeRegistry();
  const resources: PackageSchema["resources"] = {};
  for (const spec of SPECS) resources[typeToken(spec.kind)] = resourceSchema(reg, spec);
  const functions: NonNullable<PackageSchema["functions"]> = {};
  for (const [name, f] of Object.entries(FUNCTIONS)) functions[typeToken(name)] = functionSchema(reg, f);
  const config = configSchema(reg, CONFIG);
  return {
    name: PACKAGE,
    displayName: "Alibaba Cloud ECS",
    version: pkg.version,
    description: "Typed Pulumi resources for Alibaba Cloud Elastic Compute Service (ECS), implemented as dynamic providers that run on the signed ECS API client in this package.",
    keywords: ["pulumi", "alicloud", "alibaba", "ecs", "category/cloud"],
    license: pkg.license,
    repository: "https://github.com/pulumi-alicloud-ecs/pulumi-alicloud-ecs",
    config,
    types: reg.types,
    resources,
    functions,
    language: { nodejs: { packageName: pkg.name, dependencies: { "@pulumi/pulumi": pkg.dependencies["@pulumi/pulumi"] } } },
  };
}

/** Every generated file, keyed by its path relative to the repository root. */
export function generateAll(): Map<string, string> {
  const schema = packageSchema();
  const files = new Map<string, string>();
  files.set("schema.json", `${JSON.stringify(schema, null, 2)}\n`);
  for (const [rel, text] of typeFiles(schema)) files.set(rel, text);
  files.set("sdk/resources.ts", sdkClassesFile(SPECS));
  for (const [rel, text] of docFiles(SPECS)) files.set(rel, text);
  return files;
}

if (process.argv[1] === __filename) {
  for (const [rel, text] of generateAll()) {
    const file = path.join(ROOT, rel);
    const before = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    if (before === text) continue;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${rel}`);
  }
}
