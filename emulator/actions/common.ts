/** Lookups and validators that the instance and disk actions share. */
import { DISK_CATEGORIES, type ImageInfo } from "../catalog";
import { ApiError } from "../errors";
import { statusAt } from "../lifecycle";
import type { ParamReader } from "../params";
import type { DiskRecord, InstanceRecord, RegionState, SecurityGroupRecord, Tag, VSwitchRecord } from "../state";

export function getInstance(reg: RegionState, id: string): InstanceRecord {
  const inst = reg.instances[id];
  if (!inst) throw new ApiError("InvalidInstanceId.NotFound", "The specified InstanceId does not exist.", 404);
  return inst;
}

export function getDisk(reg: RegionState, id: string): DiskRecord {
  const disk = reg.disks[id];
  if (!disk) throw new ApiError("InvalidDiskId.NotFound", "The specified disk does not exist.", 404);
  return disk;
}

export function getSecurityGroup(reg: RegionState, id: string): SecurityGroupRecord {
  const sg = reg.securityGroups[id];
  if (!sg) throw new ApiError("InvalidSecurityGroupId.NotFound", `The specified SecurityGroupId "${id}" does not exist.`, 404);
  return sg;
}

export function getVSwitch(reg: RegionState, id: string): VSwitchRecord {
  const vsw = reg.vswitches[id];
  if (!vsw) throw new ApiError("InvalidVSwitchId.NotFound", "Specified virtual switch does not exist.", 404);
  return vsw;
}

export const instanceStatus = (inst: InstanceRecord, now: number): string => statusAt(inst.plan, now);
export const diskStatus = (disk: DiskRecord, now: number): string => statusAt(disk.plan, now);

export const incorrectInstanceStatus = (detail: string): ApiError =>
  new ApiError("IncorrectInstanceStatus", `The current status of the resource does not support this operation. ${detail}`, 403);
export const incorrectDiskStatus = (detail: string): ApiError =>
  new ApiError("IncorrectDiskStatus", `The current disk status does not support this operation. ${detail}`, 403);

/** Requires one of `allowed`; throws IncorrectInstanceStatus naming the current status otherwise. */
export function requireInstanceStatus(inst: InstanceRecord, now: number, allowed: readonly string[]): string {
  const status = instanceStatus(inst, now);
  if (inst.releaseAt !== undefined) throw incorrectInstanceStatus(`Instance ${inst.id} is being released.`);
  if (!allowed.includes(status)) throw incorrectInstanceStatus(`Instance ${inst.id} is ${status}; this needs ${allowed.join(" or ")}.`);
  return status;
}

/** 8–30 characters with at least three of: upper case, lower case, digits, and ()`~!@#$%^&*-_+=|{}[]:;'<>,.?/ */
export function checkPassword(value: string, windows: boolean, name = "Password", code = "InvalidPassword.Malformed"): void {
  const specials = "()`~!@#$%^&*-_+=|{}[]:;'<>,.?/";
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/].filter((r) => r.test(value)).length + ([...value].some((c) => specials.includes(c)) ? 1 : 0);
  const allowed = [...value].every((c) => /[A-Za-z0-9]/.test(c) || specials.includes(c));
  if (value.length < 8 || value.length > 30 || classes < 3 || !allowed || (windows && value.startsWith("/")))
    throw new ApiError(
      code,
      `The specified parameter "${name}" is not valid: 8 to 30 characters with at least three of upper-case letters, lower-case letters, digits and the special characters ${specials}${windows ? " (not starting with / on Windows)" : ""}.`,
      400,
    );
}

/** Linux: 2–64 chars of letters, digits, dots and hyphens, no leading/trailing or doubled dot/hyphen.
 *  Windows: 2–15 chars, letters digits and hyphens, not all digits. */
export function checkHostName(value: string, windows: boolean): void {
  const ok = windows
    ? /^[A-Za-z0-9-]{2,15}$/.test(value) && !/^\d+$/.test(value) && !/^-|-$/.test(value)
    : value.length >= 2 && value.length <= 64 && /^[A-Za-z0-9.-]+$/.test(value) && !/^[.-]|[.-]$|[.-]{2}/.test(value);
  if (!ok)
    throw new ApiError(
      "InvalidHostName.Malformed",
      windows
        ? `The specified parameter "HostName" is not valid: 2 to 15 characters of letters, digits and hyphens, not only digits.`
        : `The specified parameter "HostName" is not valid: 2 to 64 characters of letters, digits, periods and hyphens, without consecutive or leading/trailing periods or hyphens.`,
      400,
    );
}

/** UserData: Base64 of at most 16 KiB. */
export function readUserData(p: ParamReader): string | undefined {
  const v = p.str("UserData");
  if (v !== undefined && Buffer.from(v, "base64").length > 16 * 1024)
    throw new ApiError("InvalidUserData.SizeExceeded", `The specified parameter "UserData" exceeds the size: 16 KB before Base64 encoding.`, 400);
  return v;
}

export const isWindows = (image: ImageInfo): boolean => image.osType === "windows";

export function checkDiskSize(category: string, size: number, kind: "system" | "data", code: string, name: string, httpStatus = 400): void {
  const range = DISK_CATEGORIES[category];
  const min = kind === "system" ? range.systemMin : range.min;
  const max = kind === "system" ? range.systemMax : range.max;
  if (size < min || size > max)
    throw new ApiError(code, `The specified parameter "${name}" is not valid: a ${category} ${kind} disk must be ${min} to ${max} GiB.`, httpStatus);
}

/** DescribeInstances / DescribeDisks render tags as TagKey/TagValue. */
export const renderTags = (tags: readonly Tag[]): { Tag: Array<{ TagKey: string; TagValue: string }> } => ({
  Tag: tags.map((t) => ({ TagKey: t.Key, TagValue: t.Value })),
});

/** Wildcard match used by name filters ("web-*"). */
export function nameMatches(value: string, pattern: string): boolean {
  if (!pattern.includes("*")) return value === pattern;
  const re = new RegExp("^" + pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
  return re.test(value);
}

/** Next free private IP in a VSwitch's CIDR (the emulator hands them out in order). */
export function allocatePrivateIp(vsw: VSwitchRecord): string {
  const [base] = vsw.cidrBlock.split("/");
  const parts = base.split(".").map(Number);
  const n = ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) + vsw.nextHost;
  vsw.nextHost += 1;
  vsw.availableIpAddressCount = Math.max(0, vsw.availableIpAddressCount - 1);
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

export function ipInCidr(ip: string, cidr: string): boolean {
  const toInt = (s: string) => s.split(".").reduce((a, b) => (a << 8) + Number(b), 0) >>> 0;
  const [base, bitsText] = cidr.split("/");
  const bits = Number(bitsText);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(ip) & mask) === (toInt(base) & mask);
}

/** Next free data-disk device name on an instance: /dev/xvdb, /dev/xvdc … */
export function nextDevice(reg: RegionState, instanceId: string): string {
  const used = new Set(Object.values(reg.disks).filter((d) => d.instanceId === instanceId).map((d) => d.device));
  for (let c = "b".charCodeAt(0); c <= "z".charCodeAt(0); c++) {
    const dev = `/dev/xvd${String.fromCharCode(c)}`;
    if (!used.has(dev)) return dev;
  }
  throw new ApiError("InstanceDiskNumLimitExceed", "The number of specified disk in an instance exceeds.", 403);
}

export const dataDisksOf = (reg: RegionState, instanceId: string): DiskRecord[] =>
  Object.values(reg.disks).filter((d) => d.instanceId === instanceId && d.type === "data");

/** The records a Describe* starts from: those named by `ids` (each once; unknown ids match nothing),
 *  looked up by key so the cost follows the ids, not the region's size; without `ids`, all of them. */
export function recordsByIds<T>(collection: Record<string, T>, ids: readonly string[] | undefined): T[] {
  if (!ids) return Object.values(collection);
  const out: T[] = [];
  for (const id of new Set(ids)) if (Object.hasOwn(collection, id)) out.push(collection[id]);
  return out;
}
