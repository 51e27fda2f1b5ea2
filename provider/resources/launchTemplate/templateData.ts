/** The instance configuration a launch template version holds: the user's property names,
 *  their CreateLaunchTemplate(Version) wire form, the DescribeLaunchTemplateVersions
 *  LaunchTemplateData read back, and one canonical form to compare them. */
import { canonicalJson, type Params } from "../../client";

export interface SystemDiskArgs {
  category?: string;
  size?: number;
  name?: string;
  description?: string;
}

export interface DataDiskArgs {
  category?: string;
  size?: number;
  snapshotId?: string;
  encrypted?: boolean;
  name?: string;
  description?: string;
  deleteWithInstance?: boolean;
}

export interface TemplateData {
  imageId?: string;
  instanceType?: string;
  securityGroupId?: string;
  vswitchId?: string;
  zoneId?: string;
  networkType?: string;
  instanceName?: string;
  description?: string;
  hostName?: string;
  internetChargeType?: string;
  internetMaxBandwidthIn?: number;
  internetMaxBandwidthOut?: number;
  ioOptimized?: string;
  keyPairName?: string;
  userData?: string;
  ramRoleName?: string;
  securityEnhancementStrategy?: string;
  spotStrategy?: string;
  spotPriceLimit?: number;
  systemDisk?: SystemDiskArgs;
  dataDisks?: DataDiskArgs[];
  tags?: Record<string, string>;
}

type ScalarKind = "string" | "number" | "boolean";
/** Scalar template fields: input name → wire name and type. */
const SCALARS: ReadonlyArray<readonly [keyof TemplateData, string, ScalarKind]> = [
  ["imageId", "ImageId", "string"],
  ["instanceType", "InstanceType", "string"],
  ["securityGroupId", "SecurityGroupId", "string"],
  ["vswitchId", "VSwitchId", "string"],
  ["zoneId", "ZoneId", "string"],
  ["networkType", "NetworkType", "string"],
  ["instanceName", "InstanceName", "string"],
  ["description", "Description", "string"],
  ["hostName", "HostName", "string"],
  ["internetChargeType", "InternetChargeType", "string"],
  ["internetMaxBandwidthIn", "InternetMaxBandwidthIn", "number"],
  ["internetMaxBandwidthOut", "InternetMaxBandwidthOut", "number"],
  ["ioOptimized", "IoOptimized", "string"],
  ["keyPairName", "KeyPairName", "string"],
  ["userData", "UserData", "string"],
  ["ramRoleName", "RamRoleName", "string"],
  ["securityEnhancementStrategy", "SecurityEnhancementStrategy", "string"],
  ["spotStrategy", "SpotStrategy", "string"],
  ["spotPriceLimit", "SpotPriceLimit", "number"],
];
const SYSTEM_DISK: ReadonlyArray<readonly [keyof SystemDiskArgs, string, ScalarKind]> = [
  ["category", "Category", "string"],
  ["size", "Size", "number"],
  ["name", "DiskName", "string"],
  ["description", "Description", "string"],
];
const DATA_DISK: ReadonlyArray<readonly [keyof DataDiskArgs, string, ScalarKind]> = [
  ["category", "Category", "string"],
  ["size", "Size", "number"],
  ["snapshotId", "SnapshotId", "string"],
  ["encrypted", "Encrypted", "boolean"],
  ["name", "DiskName", "string"],
  ["description", "Description", "string"],
  ["deleteWithInstance", "DeleteWithInstance", "boolean"],
];

/** The input names that belong to template data (everything else is about the template itself). */
export const TEMPLATE_DATA_KEYS: readonly string[] = [...SCALARS.map(([k]) => k), "systemDisk", "dataDisks", "tags"];

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

function pickFields<T>(source: Record<string, unknown>, fields: ReadonlyArray<readonly [keyof T, string, ScalarKind]>, by: "input" | "wire"): Partial<T> {
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
  const systemDisk = data.systemDisk ? pickFields<SystemDiskArgs>(data.systemDisk as Record<string, unknown>, SYSTEM_DISK, "input") : {};
  if (Object.keys(systemDisk).length) out.systemDisk = systemDisk;
  const dataDisks = (data.dataDisks ?? []).map((d) => pickFields<DataDiskArgs>(d as Record<string, unknown>, DATA_DISK, "input"));
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
  const systemDisk = pickFields<SystemDiskArgs>(systemDiskSource, SYSTEM_DISK, "wire");
  if (Object.keys(systemDisk).length) out.systemDisk = systemDisk;
  const disks = asList(asObject(d.DataDisks).DataDisk).map((disk) => pickFields<DataDiskArgs>(disk, DATA_DISK, "wire"));
  if (disks.length) out.dataDisks = disks;
  const tagsWrapper = asObject(d.Tags);
  const tagList = asList(tagsWrapper.InstanceTag ?? tagsWrapper.Tag);
  if (tagList.length) out.tags = Object.fromEntries(tagList.map((t) => [String(t.Key ?? t.TagKey ?? ""), String(t.Value ?? t.TagValue ?? "")]));
  return canonicalTemplateData(out);
}
