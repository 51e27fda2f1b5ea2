/** Instance check rules (ECS API reference: RunInstances, ModifyInstanceAttribute). */
import type { InstanceInputs } from "../../../sdk/types/instance";
import {
  Checker, ecsDescription, ecsName, ecsTags, isBoolean, isInteger, isString, isStringArray, length, maxItems, oneOf, range, known,
} from "../common";

/** Size ranges (GiB) of data disks per category, from RunInstances DataDisk.n.Size. */
export const DATA_DISK_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  cloud: [5, 2000],
  cloud_efficiency: [20, 32768],
  cloud_ssd: [20, 32768],
  cloud_essd: [20, 32768],
  ephemeral_ssd: [5, 800],
};
export const SYSTEM_DISK_CATEGORIES = ["cloud", "cloud_efficiency", "cloud_ssd", "cloud_essd", "ephemeral_ssd"];
export const SYSTEM_DISK_RANGE: readonly [number, number] = [20, 500];
export const MAX_DATA_DISKS = 16;
export const MAX_SECURITY_GROUPS = 5;
export const MAX_USER_DATA_BYTES = 16 * 1024;

const PASSWORD_SPECIALS = "()`~!@#$%^&*-+=|{}[]:;'<>,.?/";

/** 8-30 characters, at least three of: upper, lower, digit, special; nothing else. */
export const passwordRule = (v: unknown): string | undefined => {
  if (typeof v !== "string") return "must be a string";
  if (v.length < 8 || v.length > 30) return `must be 8-30 characters long (got ${v.length})`;
  const classes = [/[A-Z]/, /[a-z]/, /[0-9]/, /[()`~!@#$%^&*\-+=|{}[\]:;'<>,.?/]/].filter((re) => re.test(v)).length;
  if ([...v].some((ch) => !/[A-Za-z0-9]/.test(ch) && !PASSWORD_SPECIALS.includes(ch))) return `may only contain letters, digits and ${PASSWORD_SPECIALS}`;
  if (classes < 3) return "must contain at least three of: upper-case letters, lower-case letters, digits, special characters";
  return undefined;
};

/** Linux host names: 2-128 characters, letters, digits, '.' and '-', no leading, trailing or
 *  doubled '.' or '-'. */
export const hostNameRule = (v: unknown): string | undefined => {
  if (typeof v !== "string") return "must be a string";
  if (v.length < 2 || v.length > 128) return `must be 2-128 characters long (got ${v.length})`;
  if (!/^[A-Za-z0-9.-]+$/.test(v)) return "may only contain letters, digits, '.' and '-'";
  if (/^[.-]|[.-]$/.test(v)) return "must not start or end with '.' or '-'";
  if (/[.-]{2}/.test(v)) return "must not contain consecutive '.' or '-'";
  return undefined;
};

export function validateInstance(c: Checker, n: InstanceInputs, olds: InstanceInputs | undefined): void {
  // Present counts, known or not: at preview a template created in the same run is still unknown,
  // and the fields it provides must not be demanded then.
  const fromTemplate = n.launchTemplateId !== undefined && n.launchTemplateId !== null && n.launchTemplateId !== "";
  if (!fromTemplate) {
    c.required("imageId", n.imageId, "is required (unless launchTemplateId provides it)");
    c.required("instanceType", n.instanceType, "is required (unless launchTemplateId provides it)");
    if (!n.securityGroupIds || (Array.isArray(n.securityGroupIds) && n.securityGroupIds.length === 0))
      c.fail("securityGroupIds", "needs at least one security group (unless launchTemplateId provides it)");
  }
  c.check("zoneId", n.zoneId, isString);
  c.check("imageId", n.imageId, isString);
  c.check("instanceType", n.instanceType, isString, (v) => (/^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/.test(String(v)) ? undefined : "must look like ecs.<family>.<size>, e.g. ecs.g7.large"));
  c.check("securityGroupIds", n.securityGroupIds, isStringArray, maxItems(MAX_SECURITY_GROUPS));
  c.check("vswitchId", n.vswitchId, isString);
  c.check("instanceName", n.instanceName, ecsName);
  c.check("description", n.description, ecsDescription);
  c.check("hostName", n.hostName, hostNameRule);
  c.check("password", n.password, passwordRule);
  c.check("keyPairName", n.keyPairName, isString, length(2, 128));
  c.check("internetMaxBandwidthOut", n.internetMaxBandwidthOut, isInteger, range(0, 100, " Mbit/s"));
  c.check("internetChargeType", n.internetChargeType, oneOf(["PayByTraffic", "PayByBandwidth"]));
  c.check("userData", n.userData, isString, (v) =>
    Buffer.byteLength(String(v)) > MAX_USER_DATA_BYTES ? `must be at most ${MAX_USER_DATA_BYTES} bytes (got ${Buffer.byteLength(String(v))})` : undefined);
  c.check("status", n.status, oneOf(["Running", "Stopped"]));
  c.check("tags", n.tags, ecsTags);
  c.check("deletionProtection", n.deletionProtection, isBoolean);
  c.check("stopForUpdate", n.stopForUpdate, isBoolean);
  c.check("launchTemplateVersion", n.launchTemplateVersion, isString, (v) => (/^\d+$/.test(String(v)) ? undefined : "must be a version number"));

  const sd = n.systemDisk;
  if (known(sd)) {
    c.check("systemDisk.category", sd.category, oneOf(SYSTEM_DISK_CATEGORIES));
    c.check("systemDisk.size", sd.size, isInteger, range(SYSTEM_DISK_RANGE[0], SYSTEM_DISK_RANGE[1], " GiB"));
    c.check("systemDisk.name", sd.name, ecsName);
    c.check("systemDisk.description", sd.description, ecsDescription);
    const before = olds?.systemDisk?.size;
    if (known(sd.size) && known(before) && typeof sd.size === "number" && sd.size < before)
      c.fail("systemDisk.size", `cannot shrink from ${before} to ${sd.size} GiB (disks only grow); replace the instance to get a smaller disk`);
  }

  c.check("dataDisks", n.dataDisks, (v) => (Array.isArray(v) ? undefined : "must be a list"), maxItems(MAX_DATA_DISKS));
  if (Array.isArray(n.dataDisks)) {
    n.dataDisks.forEach((d, i) => {
      const p = `dataDisks[${i}]`;
      if (!known(d)) return;
      const category = known(d.category) ? d.category : "cloud_efficiency";
      c.check(`${p}.category`, d.category, oneOf(Object.keys(DATA_DISK_RANGES)));
      if ((d.size === undefined || d.size === null) && (d.snapshotId === undefined || d.snapshotId === null)) c.fail(`${p}.size`, "is required (unless snapshotId is set)");
      const r = DATA_DISK_RANGES[category];
      c.check(`${p}.size`, d.size, isInteger, ...(r ? [range(r[0], r[1], ` GiB for ${category}`)] : []));
      c.check(`${p}.name`, d.name, ecsName);
      c.check(`${p}.deleteWithInstance`, d.deleteWithInstance, isBoolean);
    });
  }
}
