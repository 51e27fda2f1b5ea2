/** The instance configuration a launch template version holds: the user's property names,
 *  their CreateLaunchTemplate(Version) wire form, the DescribeLaunchTemplateVersions
 *  LaunchTemplateData read back, and one canonical form to compare them. */
import { canonicalJson, type Params } from "../../client";
import type { LaunchTemplateInputs } from "../../../sdk/types/launchTemplate";
import type { LaunchTemplateDataDisk, LaunchTemplateSystemDisk } from "../../../sdk/types/shared";
import { refType, resourceSchema, type SchemaProperty } from "../common/schema";

/** Inputs about the template itself; every other input is template data. */
type TemplateOwnKey = "region" | "launchTemplateName" | "versionDescription" | "setDefault";
type NestedKey = "systemDisk" | "dataDisks" | "tags";
type ScalarKey = Exclude<keyof LaunchTemplateInputs, TemplateOwnKey | NestedKey>;

/** Wire names, keyed by the generated types: `satisfies Record<…>` makes a property added to
 *  schema.json without a wire name here a compile error. Types come from the schema. */
const SCALAR_WIRE = {
  imageId: "ImageId",
  instanceType: "InstanceType",
  securityGroupId: "SecurityGroupId",
  vswitchId: "VSwitchId",
  zoneId: "ZoneId",
  networkType: "NetworkType",
  instanceName: "InstanceName",
  description: "Description",
  hostName: "HostName",
  internetChargeType: "InternetChargeType",
  internetMaxBandwidthIn: "InternetMaxBandwidthIn",
  internetMaxBandwidthOut: "InternetMaxBandwidthOut",
  ioOptimized: "IoOptimized",
  keyPairName: "KeyPairName",
  userData: "UserData",
  ramRoleName: "RamRoleName",
  securityEnhancementStrategy: "SecurityEnhancementStrategy",
  spotStrategy: "SpotStrategy",
  spotPriceLimit: "SpotPriceLimit",
} as const satisfies Record<ScalarKey, string>;
const SYSTEM_DISK_WIRE = { category: "Category", size: "Size", name: "DiskName", description: "Description" } as const satisfies Record<keyof LaunchTemplateSystemDisk, string>;
const DATA_DISK_WIRE = {
  category: "Category",
  size: "Size",
  snapshotId: "SnapshotId",
  encrypted: "Encrypted",
  name: "DiskName",
  description: "Description",
  deleteWithInstance: "DeleteWithInstance",
} as const satisfies Record<keyof LaunchTemplateDataDisk, string>;

/** The instance configuration a version holds: the generated inputs minus the template's own. */
export type TemplateData = Pick<LaunchTemplateInputs, ScalarKey | NestedKey>;

type ScalarKind = "string" | "number" | "boolean";
type Field<T> = readonly [keyof T, string, ScalarKind];

const kindOf = (p: SchemaProperty | undefined): ScalarKind => (p?.type === "integer" || p?.type === "number" ? "number" : p?.type === "boolean" ? "boolean" : "string");

/** [input name, wire name, type] per field, the type read from the schema's property. */
function wireFields<T>(wire: Record<string, string>, props: Record<string, SchemaProperty>): ReadonlyArray<Field<T>> {
  return Object.entries(wire).map(([name, w]) => [name as keyof T, w, kindOf(props[name])] as const);
}

const schemaProps = resourceSchema("LaunchTemplate").inputProperties;
const nestedProps = (name: NestedKey): Record<string, SchemaProperty> => {
  const p = schemaProps[name];
  return refType(p.items ?? p)?.properties ?? {};
};
const SCALARS = wireFields<TemplateData>(SCALAR_WIRE, schemaProps);
const SYSTEM_DISK = wireFields<LaunchTemplateSystemDisk>(SYSTEM_DISK_WIRE, nestedProps("systemDisk"));
const DATA_DISK = wireFields<LaunchTemplateDataDisk>(DATA_DISK_WIRE, nestedProps("dataDisks"));

/** The input names that belong to template data (everything else is about the template itself). */
export const TEMPLATE_DATA_KEYS: readonly string[] = [...Object.keys(SCALAR_WIRE), "systemDisk", "dataDisks", "tags"];

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== "";

function coerce(v: unknown, kind: ScalarKind): string | number | boolean | undefined {
  if (!present(v)) return undefined;
  if (kind === "number") {
    const n = Number(v);
    return Number.isFinite(n) ? n : String(v);
  }
  if (kind === "boolean") return typeof v === "boolean" ? v : String(v).toLowerCase() === "true";
  return String(v);
}

function pickFields<T>(source: Record<string, unknown>, fields: ReadonlyArray<Field<T>>, by: "input" | "wire"): Partial<T> {
  const out: Partial<T> = {};
  for (const [name, wire, kind] of fields) {
    const value = coerce(source[by === "input" ? (name as string) : wire], kind);
    if (value !== undefined) (out as Record<string, unknown>)[name as string] = value;
  }
  return out;
}

/** The canonical form: types coerced, empty values dropped, empty objects and lists removed. */
export function canonicalTemplateData(data: TemplateData): TemplateData {
  const out = pickFields<TemplateData>(data as Record<string, unknown>, SCALARS, "input");
  const systemDisk = data.systemDisk ? pickFields<LaunchTemplateSystemDisk>(data.systemDisk as Record<string, unknown>, SYSTEM_DISK, "input") : {};
  if (Object.keys(systemDisk).length) out.systemDisk = systemDisk;
  const dataDisks = (data.dataDisks ?? []).map((d) => pickFields<LaunchTemplateDataDisk>(d as Record<string, unknown>, DATA_DISK, "input"));
  if (dataDisks.length) out.dataDisks = dataDisks;
  const tags = Object.entries(data.tags ?? {}).filter(([k]) => k !== "");
  if (tags.length) out.tags = Object.fromEntries(tags.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, String(v ?? "")]));
  return out;
}

/** Stable text of the canonical form (sorted keys), for equality. */
export const templateDataFingerprint = (data: TemplateData): string => canonicalJson(canonicalTemplateData(data));

export const sameTemplateData = (a: TemplateData, b: TemplateData): boolean => templateDataFingerprint(a) === templateDataFingerprint(b);

/** userData is plain text in the program (as for Instance); the API stores it Base64-encoded. */
const encodeUserData = (text: string): string => Buffer.from(text, "utf8").toString("base64");
const decodeUserData = (b64: string): string => Buffer.from(b64, "base64").toString("utf8");

/** Wire parameters for CreateLaunchTemplate / CreateLaunchTemplateVersion. */
export function templateDataParams(data: TemplateData): Params {
  const c = canonicalTemplateData(data);
  const params: Params = {};
  for (const [name, wire] of SCALARS) params[wire] = c[name] as string | number | undefined;
  if (c.userData !== undefined) params.UserData = encodeUserData(c.userData);
  if (c.systemDisk) params.SystemDisk = Object.fromEntries(SYSTEM_DISK.map(([n, w]) => [w, c.systemDisk?.[n]]));
  if (c.dataDisks) params.DataDisk = c.dataDisks.map((d) => Object.fromEntries(DATA_DISK.map(([n, w]) => [w, d[n]])));
  if (c.tags) params.Tag = Object.entries(c.tags).map(([Key, Value]) => ({ Key, Value }));
  return params;
}

type Loose = Record<string, unknown>;
const asObject = (v: unknown): Loose => (v && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : {});
const asList = (v: unknown): Loose[] => (Array.isArray(v) ? (v as Loose[]) : v && typeof v === "object" ? [v as Loose] : []);

/** Reads a LaunchTemplateData answer. The reference shows system disk fields both as dotted keys
 *  ("SystemDisk.Category") and nested; data disks under DataDisks.DataDisk[]; tags under
 *  Tags.InstanceTag[] ({Key, Value}); all are accepted. */
export function templateDataFromApi(raw: unknown): TemplateData {
  const d = asObject(raw);
  const out = pickFields<TemplateData>(d, SCALARS, "wire");
  if (out.userData !== undefined) out.userData = decodeUserData(out.userData);
  const nested = asObject(d.SystemDisk);
  const systemDiskSource: Loose = {};
  for (const [, wire] of SYSTEM_DISK) systemDiskSource[wire] = d[`SystemDisk.${wire}`] ?? nested[wire];
  const systemDisk = pickFields<LaunchTemplateSystemDisk>(systemDiskSource, SYSTEM_DISK, "wire");
  if (Object.keys(systemDisk).length) out.systemDisk = systemDisk;
  const disks = asList(asObject(d.DataDisks).DataDisk).map((disk) => pickFields<LaunchTemplateDataDisk>(disk, DATA_DISK, "wire"));
  if (disks.length) out.dataDisks = disks;
  const tagsWrapper = asObject(d.Tags);
  const tagList = asList(tagsWrapper.InstanceTag ?? tagsWrapper.Tag);
  if (tagList.length) out.tags = Object.fromEntries(tagList.map((t) => [String(t.Key ?? t.TagKey ?? ""), String(t.Value ?? t.TagValue ?? "")]));
  return canonicalTemplateData(out);
}
