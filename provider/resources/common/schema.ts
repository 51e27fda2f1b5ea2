/** schema.json, loaded once per process: the single source of each resource's property names,
 *  defaults and replace/secret flags. It ships at the package root (package.json "files"), so it
 *  is found by walking up from this module, from the sources and from dist/ alike. */
import * as fs from "node:fs";
import * as path from "node:path";
import { isEnumType, type PackageSchema, type SchemaObjectType, type SchemaProperty, type SchemaResource } from "./schemaTypes";

export type { PackageSchema, SchemaProperty, SchemaResource, SchemaObjectType };
export const PACKAGE = "alicloud-ecs";

let cached: PackageSchema | undefined;

function findSchemaFile(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "schema.json");
    if (fs.existsSync(candidate) && fs.existsSync(path.join(dir, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`schema.json not found above ${__dirname}`);
  }
}

export function packageSchema(): PackageSchema {
  cached ??= JSON.parse(fs.readFileSync(findSchemaFile(), "utf8")) as PackageSchema;
  return cached;
}

/** "Instance" → "alicloud-ecs:index:Instance" */
export const resourceToken = (kind: string): string => `${PACKAGE}:index:${kind}`;

export function resourceSchema(kind: string): SchemaResource {
  const r = packageSchema().resources[resourceToken(kind)];
  if (!r) throw new Error(`schema.json has no resource ${resourceToken(kind)}`);
  return r;
}

/** The object type a property refers to (through $ref), if any. */
export function refType(p: SchemaProperty): SchemaObjectType | undefined {
  if (!p.$ref) return undefined;
  const t = packageSchema().types[p.$ref.replace(/^#\/types\//, "")];
  return t && !isEnumType(t) ? t : undefined;
}

/** Top-level input properties whose change replaces the resource, directly or through a
 *  nested property (systemDisk.category). */
export function replaceFlag(p: SchemaProperty): { whole: boolean; nested: string[] } {
  const t = refType(p);
  const nested = t ? Object.entries(t.properties).filter(([, s]) => s.willReplaceOnChanges).map(([k]) => k) : [];
  return { whole: p.willReplaceOnChanges === true, nested };
}

/** Input properties flagged secret (their values never appear in messages). */
export function secretInputs(kind: string): string[] {
  return Object.entries(resourceSchema(kind).inputProperties).filter(([, p]) => p.secret).map(([k]) => k);
}

/** Schema defaults of the input properties: { status: "Running" }. */
export function inputDefaults(kind: string): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, p] of Object.entries(resourceSchema(kind).inputProperties)) if (p.default !== undefined) out[k] = p.default;
  return out;
}
