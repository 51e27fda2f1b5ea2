/** The limits ECS enforces on what a program may send, in one place: the provider's check rules
 *  and the emulator's validation both read them, so preview and the cloud (or its emulator) agree.
 *
 *  Sources, cited per limit:
 *   - `ref 003:<line>`: the ECS API reference in shared/seeds/003_*.txt (2019 edition);
 *   - `today: <Model>.<field>`: the documentation the official SDK @alicloud/ecs20140526 carries
 *     on its request models (Alibaba generates it from the current API metadata).
 *  Where the two differ, today's limit is the one ECS enforces now, and the more permissive one
 *  when they merely differ in wording, so that valid input is never refused; each such choice is
 *  noted beside the limit.
 *
 *  Pure data and pure functions: no provider, client or emulator import. A `…Problem` function
 *  returns the rule a value breaks, in words a user can act on, or undefined when it is fine. */

export interface Limit {
  /** Where the limit comes from. */
  readonly ref: string;
}

const HTTP_PREFIX = /^https?:\/\//i;
const lengthProblem = (v: string, min: number, max: number): string | undefined =>
  v.length < min || v.length > max ? `must be ${min}-${max} characters long (got ${v.length})` : undefined;

// ---------------------------------------------------------------------------------------------
// Names and descriptions

/** Instance, disk, security group, deployment set and launch template names, and key pairs made
 *  by ImportKeyPair: 2-128 characters, a letter (any script, e.g. Chinese) first, then letters,
 *  digits, '.', ':', '_' and '-'; never an http(s):// prefix (which the character set already
 *  excludes). ref 003:2338 (RunInstances InstanceName), 003:12436 (CreateDisk DiskName),
 *  003:17768 (CreateSecurityGroup), 003:20905 (CreateDeploymentSet); today:
 *  CreateSecurityGroupRequest.securityGroupName, ImportKeyPairRequest.keyPairName ("characters
 *  that are classified as letters in Unicode"). Today's docs of CreateLaunchTemplate and
 *  CreateDeploymentSet omit '.'; the 2019 text and the other actions allow it, and so do we. */
export const NAME = { min: 2, max: 128, pattern: /^\p{L}[\p{L}\p{N}.:_-]*$/u, ref: "ref 003:2338, 003:12436, 003:17768, 003:20905; today: CreateSecurityGroupRequest.securityGroupName" } as const;

export function nameProblem(v: string): string | undefined {
  return (
    lengthProblem(v, NAME.min, NAME.max) ??
    (HTTP_PREFIX.test(v) ? "must not start with http:// or https://" : undefined) ??
    (NAME.pattern.test(v) ? undefined : "must start with a letter and contain only letters, digits, '.', ':', '_' and '-'")
  );
}

/** Key pairs made by CreateKeyPair: 2-128 characters, an English letter first, then letters,
 *  digits, ':', '_' and '-' (no '.'). ref 003:21569; today: CreateKeyPairRequest.keyPairName.
 *  (ImportKeyPair takes the wider NAME rule.) */
export const KEY_PAIR_NAME = { min: 2, max: 128, pattern: /^[A-Za-z][A-Za-z0-9:_-]*$/, ref: "ref 003:21569; today: CreateKeyPairRequest.keyPairName" } as const;

export function keyPairNameProblem(v: string, imported: boolean): string | undefined {
  if (imported) return nameProblem(v);
  return lengthProblem(v, KEY_PAIR_NAME.min, KEY_PAIR_NAME.max) ?? (KEY_PAIR_NAME.pattern.test(v) ? undefined : "must start with a letter (A-Z, a-z) and contain only letters, digits, ':', '_' and '-' (an imported key pair may also use '.' and other scripts)");
}

/** Descriptions: 2-256 characters, not starting with http:// or https://. ref 003:2350, 003:12449;
 *  today: RunInstancesRequest.description. */
export const DESCRIPTION = { min: 2, max: 256, ref: "ref 003:2350, 003:12449; today: RunInstancesRequest.description" } as const;

export function descriptionProblem(v: string): string | undefined {
  return lengthProblem(v, DESCRIPTION.min, DESCRIPTION.max) ?? (HTTP_PREFIX.test(v) ? "must not start with http:// or https://" : undefined);
}

// ---------------------------------------------------------------------------------------------
// Instance settings

export type OsFamily = "linux" | "windows";

/** Host names: no leading, trailing or doubled '.' or '-'. Linux (and every non-Windows OS):
 *  2-64 characters of letters, digits, '.' and '-'. Windows: 2-15 characters of letters, digits
 *  and '-', not only digits. ref 003:8504 (ModifyInstanceAttribute: Linux [2, 64]; RunInstances'
 *  2019 text says [2, 128], 003:2488); today: RunInstancesRequest.hostName (2-64). When the image's
 *  OS is not known (preview), the Linux rule applies. */
export const HOST_NAME = { linux: { min: 2, max: 64 }, windows: { min: 2, max: 15 }, ref: "ref 003:8504, 003:2488; today: RunInstancesRequest.hostName" } as const;

export function hostNameProblem(v: string, os: OsFamily = "linux"): string | undefined {
  const { min, max } = HOST_NAME[os];
  const length = lengthProblem(v, min, max);
  if (length) return length;
  if (os === "windows") {
    if (!/^[A-Za-z0-9-]+$/.test(v)) return "may only contain letters, digits and '-' on Windows";
    if (/^\d+$/.test(v)) return "must not be only digits on Windows";
  } else if (!/^[A-Za-z0-9.-]+$/.test(v)) return "may only contain letters, digits, '.' and '-'";
  if (/^[.-]|[.-]$/.test(v)) return "must not start or end with '.' or '-'";
  if (/[.-]{2}/.test(v)) return "must not contain consecutive '.' or '-'";
  return undefined;
}

/** Passwords: 8-30 characters with at least three of upper-case letters, lower-case letters,
 *  digits and special characters; on Windows not starting with '/'. Special characters: today's
 *  set ()`~!@#$%^&*-_+=|{}[]:;"<>,.?/ (today: RunInstancesRequest.password) plus the 2019 text's
 *  single quote (ref 003:2513, which lacks '_'). */
export const PASSWORD = { min: 8, max: 30, specials: "()`~!@#$%^&*-_+=|{}[]:;'\"<>,.?/", ref: "ref 003:2513; today: RunInstancesRequest.password" } as const;

export function passwordProblem(v: string, os: OsFamily = "linux"): string | undefined {
  const length = lengthProblem(v, PASSWORD.min, PASSWORD.max);
  if (length) return length;
  const special = (ch: string): boolean => PASSWORD.specials.includes(ch);
  if ([...v].some((ch) => !/[A-Za-z0-9]/.test(ch) && !special(ch))) return `may only contain letters, digits and ${PASSWORD.specials}`;
  const classes = [/[A-Z]/.test(v), /[a-z]/.test(v), /[0-9]/.test(v), [...v].some(special)].filter(Boolean).length;
  if (classes < 3) return "must contain at least three of: upper-case letters, lower-case letters, digits, special characters";
  if (os === "windows" && v.startsWith("/")) return "must not start with '/' on Windows";
  return undefined;
}

/** User data: at most 32 KiB before Base64 encoding. today: RunInstancesRequest.userData (the
 *  2019 text says 16 KB, ref 003:8511). */
export const USER_DATA = { maxBytes: 32 * 1024, ref: "today: RunInstancesRequest.userData (ref 003:8511: 16 KB)" } as const;

export function userDataProblem(text: string): string | undefined {
  const bytes = Buffer.byteLength(text, "utf8");
  return bytes > USER_DATA.maxBytes ? `must be at most ${USER_DATA.maxBytes / 1024} KiB (got ${bytes} bytes)` : undefined;
}

/** Outbound Internet bandwidth, Mbit/s. ref 003:2458; today: RunInstancesRequest.internetMaxBandwidthOut. */
export const BANDWIDTH_OUT = { min: 0, max: 100, ref: "ref 003:2458; today: RunInstancesRequest.internetMaxBandwidthOut" } as const;
/** Inbound Internet bandwidth, Mbit/s: today 1 to max(10, outbound); the 2019 text says [1, 200]. */
export const BANDWIDTH_IN = { min: 1, max: 200, ref: "ref 003:2451; today: RunInstancesRequest.internetMaxBandwidthIn" } as const;

export const INTERNET_CHARGE_TYPES = ["PayByTraffic", "PayByBandwidth"] as const;
export const SPOT_STRATEGIES = ["NoSpot", "SpotWithPriceLimit", "SpotAsPriceGo"] as const;
export const IO_OPTIMIZED = ["none", "optimized"] as const;
export const SECURITY_ENHANCEMENT = ["Active", "Deactive"] as const;
export const NETWORK_TYPES = ["classic", "vpc"] as const;
/** today: RunInstancesRequest.creditSpecification (ref 003:2228). */
export const CREDIT_SPECIFICATIONS = ["Standard", "Unlimited"] as const;

/** Instance types look like ecs.<family>.<size> (ecs.g7.large, ecs.t6-c1m1.large). */
export const INSTANCE_TYPE_PATTERN = /^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/;

// ---------------------------------------------------------------------------------------------
// Disks

export interface SizeRange {
  min: number;
  max: number;
}

/** A disk category with its size ranges (GiB) as a system disk and as a data disk (absent: it
 *  cannot be one). ESSD ranges are those of its default performance level, PL1.
 *  ref 003:2328 (RunInstances SystemDisk.Size [20, 500]), 003:2366 (DataDisk.n.Size), 003:12475
 *  (CreateDisk Size); today: RunInstancesRequest.systemDisk.size (basic 20-500, others 20-2048),
 *  RunInstancesRequestDataDisk.size and CreateDiskRequest.size (ESSD PL1 20-65536, cloud_auto
 *  1-65536, cloud_essd_entry 10-32768). ephemeral_ssd is the 2019 text's only (data 5-800,
 *  system 20-500). */
export const DISK_CATEGORIES: Readonly<Record<string, { system?: SizeRange; data?: SizeRange; createDisk?: boolean }>> = {
  cloud: { system: { min: 20, max: 500 }, data: { min: 5, max: 2000 }, createDisk: true },
  cloud_efficiency: { system: { min: 20, max: 2048 }, data: { min: 20, max: 32768 }, createDisk: true },
  cloud_ssd: { system: { min: 20, max: 2048 }, data: { min: 20, max: 32768 }, createDisk: true },
  cloud_essd: { system: { min: 20, max: 2048 }, data: { min: 20, max: 65536 }, createDisk: true },
  cloud_auto: { system: { min: 1, max: 2048 }, data: { min: 1, max: 65536 }, createDisk: true },
  cloud_essd_entry: { system: { min: 10, max: 2048 }, data: { min: 10, max: 32768 }, createDisk: true },
  ephemeral_ssd: { system: { min: 20, max: 500 }, data: { min: 5, max: 800 } },
};
export const DISK_CATEGORY_REF = "ref 003:2328, 003:2366, 003:12475; today: RunInstancesRequest.systemDisk.size, CreateDiskRequest.size";

export type DiskRole = "system" | "data" | "createDisk";

export const diskCategories = (role: DiskRole): string[] =>
  Object.entries(DISK_CATEGORIES)
    .filter(([, c]) => (role === "system" ? c.system : role === "data" ? c.data : c.createDisk && c.data))
    .map(([name]) => name);

/** The size range of a category in a role, or undefined when the category cannot take that role. */
export function diskSizeRange(category: string, role: DiskRole): SizeRange | undefined {
  const c = DISK_CATEGORIES[category];
  if (!c) return undefined;
  if (role === "system") return c.system;
  return role === "createDisk" && !c.createDisk ? undefined : c.data;
}

export function diskCategoryProblem(category: string, role: DiskRole): string | undefined {
  const allowed = diskCategories(role);
  return allowed.includes(category) ? undefined : `must be one of ${allowed.join(", ")} (got ${JSON.stringify(category)})`;
}

export function diskSizeProblem(size: number, category: string, role: DiskRole): string | undefined {
  const r = diskSizeRange(category, role);
  if (!r) return undefined; // the category is reported by diskCategoryProblem
  return size < r.min || size > r.max ? `must be between ${r.min} and ${r.max} GiB for ${category} (got ${size} GiB)` : undefined;
}

/** Defaults ECS applies when the category is omitted: today cloud_efficiency for I/O optimized
 *  instance types, the only kind the provider creates. today: RunInstancesRequestDataDisk.category
 *  (ref 003:2362 says cloud for data disks, 003:12470 cloud for CreateDisk). */
export const DEFAULT_DISK_CATEGORY = { system: "cloud_efficiency", data: "cloud_efficiency", createDisk: "cloud_efficiency", ref: "today: RunInstancesRequestDataDisk.category, RunInstancesRequestSystemDisk.category" } as const;

/** Data disks per RunInstances call (DataDisk.n, n in [1, 16]). ref 003:2356. */
export const MAX_DATA_DISKS = 16;

// ---------------------------------------------------------------------------------------------
// Tags

/** Tags: at most 20 per resource and per call; a key 1-128 characters, not starting with
 *  "aliyun" or "acs:"; a value 0-128 characters, not starting with "acs:"; neither containing
 *  http:// or https://. today: RunInstancesRequestTag.key/value, CreateKeyPairRequestTag (the
 *  2019 text: keys up to 64 characters, values not starting with "aliyun" either, ref 003:2613). */
export const TAGS = { maxPerResource: 20, keyMax: 128, valueMax: 128, ref: "today: RunInstancesRequestTag.key, .value; ref 003:2613" } as const;

export function tagKeyProblem(key: string): string | undefined {
  if (key.length < 1 || key.length > TAGS.keyMax) return `key ${JSON.stringify(key)} must be 1-${TAGS.keyMax} characters long`;
  if (/^(aliyun|acs:)/i.test(key)) return `key ${JSON.stringify(key)} must not start with "aliyun" or "acs:"`;
  if (/https?:\/\//i.test(key)) return `key ${JSON.stringify(key)} must not contain http:// or https://`;
  return undefined;
}

export function tagValueProblem(key: string, value: string): string | undefined {
  if (value.length > TAGS.valueMax) return `value of ${JSON.stringify(key)} must be at most ${TAGS.valueMax} characters long`;
  if (/^acs:/i.test(value)) return `value of ${JSON.stringify(key)} must not start with "acs:"`;
  if (/https?:\/\//i.test(value)) return `value of ${JSON.stringify(key)} must not contain http:// or https://`;
  return undefined;
}

/** `max`: the tags left to the program (the provider's ownership tag takes one of the 20). */
export function tagsProblem(tags: Readonly<Record<string, string>>, max: number = TAGS.maxPerResource): string | undefined {
  const entries = Object.entries(tags);
  if (entries.length > max) return `must have at most ${max} tags (got ${entries.length})${max < TAGS.maxPerResource ? `: ECS allows ${TAGS.maxPerResource}, one is the provider's ownership tag` : ""}`;
  for (const [k, v] of entries) {
    const problem = tagKeyProblem(k) ?? tagValueProblem(k, v);
    if (problem) return problem;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Security groups

/** An instance belongs to at most five security groups. ref 003:20669. */
export const MAX_SECURITY_GROUPS_PER_INSTANCE = 5;
/** Rules per security group. ref 003:17942. */
export const MAX_RULES_PER_GROUP = 100;
/** Rule priority. ref 003:17944; today: AuthorizeSecurityGroupRequestPermissions.priority. */
export const RULE_PRIORITY = { min: 1, max: 100, ref: "ref 003:17944" } as const;
/** Rule descriptions: at most 512 characters, not starting with http(s)://. today: AuthorizeSecurityGroupRequestPermissions.description. */
export const RULE_DESCRIPTION = { max: 512, ref: "today: AuthorizeSecurityGroupRequestPermissions.description" } as const;
export const RULE_PROTOCOLS = ["tcp", "udp", "icmp", "gre", "all"] as const;
/** Protocols whose port range is always -1/-1. today: AuthorizeSecurityGroupRequestPermissions.portRange. */
export const PORTLESS_PROTOCOLS: ReadonlySet<string> = new Set(["all", "icmp", "gre"]);
export const RULE_POLICIES = ["accept", "drop"] as const;
export const NIC_TYPES = ["intranet", "internet"] as const;
export const INNER_ACCESS_POLICIES = ["Accept", "Drop"] as const;

// ---------------------------------------------------------------------------------------------
// Launch templates and deployment sets

/** Versions per launch template. ref 003:10367, 003:10817. */
export const MAX_TEMPLATE_VERSIONS = 30;
/** ref 003:20871 (CreateDeploymentSet); today: CreateDeploymentSetRequest.strategy. */
export const DEPLOYMENT_STRATEGIES = ["Availability", "AvailabilityGroup", "LowLatency"] as const;
export const ON_UNABLE_TO_REDEPLOY = ["CancelMembershipAndStart", "KeepStopped"] as const;

// ---------------------------------------------------------------------------------------------
// Per-call caps

/** Ids per JSON-array filter (InstanceIds, DiskIds, DeploymentSetIds …). ref 003:6351, 003:11790. */
export const MAX_IDS_PER_CALL = 100;
/** RunInstances Amount. ref 003:2158. */
export const MAX_INSTANCES_PER_RUN = 100;

// ---------------------------------------------------------------------------------------------
// Limits ECS enforces that the emulator checks and the provider leaves to ECS

/** Resources per region. ref 003:17750 (security groups), 003:21554 (key pairs), 003:10365 (launch
 *  templates). Deployment sets: neither source states a figure; 150 is the emulator's assumption. */
export const PER_REGION = { securityGroups: 100, keyPairs: 500, launchTemplates: 30, deploymentSets: 150, ref: "ref 003:17750, 003:21554, 003:10365" } as const;

/** Groups of an AvailabilityGroup deployment set. today: CreateDeploymentSetRequest.groupCount. */
export const DEPLOYMENT_SET_GROUPS = { min: 1, max: 7, default: 3, ref: "today: CreateDeploymentSetRequest.groupCount" } as const;

/** ESSD performance levels (other categories take none); PL1 when omitted. today: RunInstancesRequestSystemDisk.performanceLevel. */
export const PERFORMANCE_LEVELS = ["PL0", "PL1", "PL2", "PL3"] as const;
export const DEFAULT_PERFORMANCE_LEVEL = "PL1";

/** Ports of a security group rule's range. today: AuthorizeSecurityGroupRequestPermissions.portRange. */
export const PORT_RANGE = { min: 1, max: 65535, ref: "today: AuthorizeSecurityGroupRequestPermissions.portRange" } as const;

/** Instances per AttachKeyPair/DetachKeyPair call. ref 003:21889. */
export const MAX_INSTANCES_PER_KEY_PAIR_CALL = 50;
/** Resources per TagResources/UntagResources/ListTagResources call. today: TagResourcesRequest.resourceId. */
export const MAX_RESOURCES_PER_TAG_CALL = 50;
/** Instances per AttachInstanceRamRole/DetachInstanceRamRole call (ref 003:7388; today:
 *  AttachInstanceRamRoleRequest.instanceIds "1 to 100") and per DescribeInstanceRamRole call (today:
 *  DescribeInstanceRamRoleRequest.instanceIds "up to 50"; ref 003:8322 said 100). */
export const MAX_INSTANCES_PER_RAM_ROLE_CALL = { attach: 100, describe: 50, ref: "ref 003:7388; today: AttachInstanceRamRoleRequest.instanceIds, DescribeInstanceRamRoleRequest.instanceIds" } as const;
/** AttachInstanceRamRole's additional policy: 1-1024 characters. today: AttachInstanceRamRoleRequest.policy. */
export const RAM_ROLE_POLICY = { min: 1, max: 1024, ref: "today: AttachInstanceRamRoleRequest.policy" } as const;
/** Instances per ModifyInstanceChargeType call. ref 003:8790; today: ModifyInstanceChargeTypeRequest.instanceIds. */
export const MAX_INSTANCES_PER_CHARGE_TYPE_CALL = 20;
/** Subscription periods by unit. today: ModifyInstanceChargeTypeRequest.period (China site: Week 1-4;
 *  Month 1-9, 12, 24, 36, 48, 60; the 2019 text, ref 003:8796, also named Year). */
export const SUBSCRIPTION_PERIODS: Readonly<Record<string, readonly number[]>> = { Week: [1, 2, 3, 4], Month: [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 48, 60], Year: [1, 2, 3, 4, 5] };
/** The period units RunInstances takes for a subscription (today: RunInstancesRequest.periodUnit: Week, Month;
 *  ModifyInstanceChargeType takes them too), with the periods of SUBSCRIPTION_PERIODS. */
export const RUN_INSTANCES_PERIOD_UNITS = ["Week", "Month"] as const;
export const INSTANCE_CHARGE_TYPES = ["PostPaid", "PrePaid"] as const;

/** An automatic release time: ISO 8601 in UTC, yyyy-MM-ddTHH:mm:ssZ (seconds other than 00 are
 *  dropped to the minute; a time without seconds is taken too), at least 30 minutes and at most
 *  three years ahead. today: ModifyInstanceAutoReleaseTimeRequest.autoReleaseTime,
 *  RunInstancesRequest.autoReleaseTime. */
export const AUTO_RELEASE_TIME = {
  pattern: /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$/,
  minAheadMs: 30 * 60 * 1000,
  maxAheadYears: 3,
  ref: "today: ModifyInstanceAutoReleaseTimeRequest.autoReleaseTime, RunInstancesRequest.autoReleaseTime",
} as const;

/** The release time as ECS keeps it (seconds dropped), or undefined when `v` is not a UTC time of that form. */
export function autoReleaseTimeOf(v: string): string | undefined {
  const m = AUTO_RELEASE_TIME.pattern.exec(v);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 16) !== iso.slice(0, 16) ? undefined : iso;
}

/** What is wrong with a release time's form (at any time). */
export const autoReleaseTimeFormatProblem = (v: string): string | undefined => (autoReleaseTimeOf(v) ? undefined : "must be a UTC time of the form yyyy-MM-ddTHH:mm:ssZ");

/** What is wrong with a release time, judged at `now` (ms since the epoch). */
export function autoReleaseTimeProblem(v: string, now: number): string | undefined {
  const iso = autoReleaseTimeOf(v);
  if (!iso) return autoReleaseTimeFormatProblem(v);
  const t = Date.parse(iso);
  if (t < now + AUTO_RELEASE_TIME.minAheadMs) return "must be at least 30 minutes from now";
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + AUTO_RELEASE_TIME.maxAheadYears);
  if (t > latest.getTime()) return `must be at most ${AUTO_RELEASE_TIME.maxAheadYears} years from now`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The limits in words, for the specs' documentation (so the docs state what check enforces)

/** "cloud (5-2000 GiB), cloud_efficiency (20-32768 GiB), …" for a role. */
export const diskCategoriesText = (role: DiskRole): string =>
  diskCategories(role)
    .map((c) => {
      const r = diskSizeRange(c, role) as SizeRange;
      return `${c} (${r.min}-${r.max} GiB)`;
    })
    .join(", ");
