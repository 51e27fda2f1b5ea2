/** Launch template data: which wire parameters belong to a template version (stored flat, the way
 *  RunInstances takes them), their few checked rules, and the LaunchTemplateData answer shape. */
import { MAX_DATA_DISKS, USER_DATA } from "../../provider/spec/limits";
import { ApiError, invalidParameter } from "../errors";
import type { ParamReader } from "./params";

const SCALAR_KEYS = new Set([
  "ImageId", "ImageOwnerAlias", "InstanceType", "SecurityGroupId", "VpcId", "VSwitchId", "InstanceName", "Description",
  "InternetMaxBandwidthIn", "InternetMaxBandwidthOut", "HostName", "ZoneId", "IoOptimized", "InternetChargeType",
  "InstanceChargeType", "Period", "PeriodUnit", "AutoRenew", "AutoRenewPeriod", "NetworkType", "UserData", "KeyPairName",
  "RamRoleName", "AutoReleaseTime", "SpotStrategy", "SpotPriceLimit", "SpotDuration", "SecurityEnhancementStrategy",
  "ResourceGroupId", "PrivateIpAddress", "DeploymentSetId", "Ipv6AddressCount", "CreditSpecification", "DeletionProtection",
  "PasswordInherit", "HttpEndpoint", "HttpTokens", "HttpPutResponseHopLimit", "EnableVmOsConfig",
]);
const NESTED_KEY = /^(SystemDisk|ImageOptions|SecurityOptions)\.[A-Za-z]+$|^SecurityGroupIds\.\d+$|^(DataDisk|NetworkInterface|Tag)\.\d+\.[A-Za-z]+$|^NetworkInterface\.\d+\.SecurityGroupIds\.\d+$/;

const NUMBERS = new Set([
  "InternetMaxBandwidthIn", "InternetMaxBandwidthOut", "Period", "AutoRenewPeriod", "SpotPriceLimit", "SpotDuration",
  "Ipv6AddressCount", "HttpPutResponseHopLimit", "Size", "Iops", "ProvisionedIops",
]);
const BOOLEANS = new Set(["AutoRenew", "DeletionProtection", "PasswordInherit", "EnableVmOsConfig", "DeleteWithInstance", "BurstingEnabled", "LoginAsNonRoot", "EnableSecureBoot", "DeleteOnRelease"]);


/** The template data a CreateLaunchTemplate(Version) request carries, validated where the reference
 *  says ECS checks (user data, tags, data disk count); the rest is checked only by RunInstances. */
export function readTemplateData(p: ParamReader): Record<string, string> {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.raw)) if (v !== "" && (SCALAR_KEYS.has(k) || NESTED_KEY.test(k))) data[k] = v;

  const userData = data.UserData;
  if (userData !== undefined) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(userData) || userData.length % 4 !== 0)
      throw new ApiError("InvalidUserData.Base64FormatInvalid", "The specified parameter UserData must be base64 encoded.", 400);
    if (Buffer.from(userData, "base64").length > USER_DATA.maxBytes)
      throw new ApiError("InvalidUserData.SizeExceeded", `The specified parameter UserData exceeds the size: the raw data must be at most ${USER_DATA.maxBytes} bytes.`, 400);
  }
  p.tags("Tag"); // instance tags: validated here, stored flat with the rest
  if (p.objects("DataDisk").length > MAX_DATA_DISKS) throw invalidParameter("DataDisk.N", `At most ${MAX_DATA_DISKS} data disks are allowed.`);
  return data;
}

function typed(field: string, value: string): string | number | boolean {
  if (NUMBERS.has(field) && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  if (BOOLEANS.has(field) && /^(true|false)$/i.test(value)) return value.toLowerCase() === "true";
  return value;
}

type Json = string | number | boolean | Json[] | { [k: string]: Json };

/** Collects X.N.Field entries into an index-ordered list of objects. */
function indexed(entries: Array<[number, string, string]>): Array<Record<string, Json>> {
  const byIndex = new Map<number, Record<string, Json>>();
  for (const [n, field, value] of entries) {
    const o = byIndex.get(n) ?? {};
    o[field] = typed(field, value);
    byIndex.set(n, o);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
}

/** The LaunchTemplateData answer. System disk fields are a SystemDisk object, as today's API (the
 *  official SDK's model) returns them; the 2019 reference's example shows them flat ("SystemDisk.Category"). */
export function renderTemplateData(data: Readonly<Record<string, string>>): Record<string, Json> {
  const out: Record<string, Json> = {};
  const systemDisk: Record<string, Json> = {};
  const options: Record<string, Record<string, Json>> = {};
  const groupIds: Array<[number, string]> = [];
  const disks: Array<[number, string, string]> = [];
  const nics: Array<[number, string, string]> = [];
  const nicGroups = new Map<number, Array<[number, string]>>();
  const tags: Array<[number, string, string]> = [];

  for (const [key, value] of Object.entries(data)) {
    const parts = key.split(".");
    if (parts.length === 1) out[key] = typed(key, value);
    else if (parts[0] === "SystemDisk") systemDisk[parts[1]!] = typed(parts[1]!, value);
    else if (parts[0] === "ImageOptions" || parts[0] === "SecurityOptions") (options[parts[0]] ??= {})[parts[1]!] = typed(parts[1]!, value);
    else if (parts[0] === "SecurityGroupIds") groupIds.push([Number(parts[1]), value]);
    else if (parts[0] === "DataDisk") disks.push([Number(parts[1]), parts[2]!, value]);
    else if (parts[0] === "Tag") tags.push([Number(parts[1]), parts[2]!, value]);
    else if (parts[0] === "NetworkInterface" && parts[2] === "SecurityGroupIds") {
      const list = nicGroups.get(Number(parts[1])) ?? [];
      list.push([Number(parts[3]), value]);
      nicGroups.set(Number(parts[1]), list);
    } else if (parts[0] === "NetworkInterface") nics.push([Number(parts[1]), parts[2]!, value]);
  }

  const byIndexOrder = (a: [number, string], b: [number, string]): number => a[0] - b[0];
  if (Object.keys(systemDisk).length) out.SystemDisk = systemDisk;
  for (const [name, o] of Object.entries(options)) out[name] = o;
  out.SecurityGroupIds = { SecurityGroupId: groupIds.sort(byIndexOrder).map((e) => e[1]) };
  out.DataDisks = { DataDisk: indexed(disks) };
  out.Tags = { InstanceTag: indexed(tags).map((t) => ({ Key: String(t.Key ?? ""), Value: String(t.Value ?? "") })) };
  const nicIndexes = [...new Set([...nics.map((e) => e[0]), ...nicGroups.keys()])].sort((a, b) => a - b);
  out.NetworkInterfaces = {
    NetworkInterface: nicIndexes.map((n) => {
      const o: Record<string, Json> = {};
      for (const [i, field, value] of nics) if (i === n) o[field] = typed(field, value);
      o.SecurityGroupIds = { SecurityGroupId: (nicGroups.get(n) ?? []).sort(byIndexOrder).map((e) => e[1]) };
      return o;
    }),
  };
  return out;
}
