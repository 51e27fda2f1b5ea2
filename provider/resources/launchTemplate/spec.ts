/** LaunchTemplate: every property fact, once. The template's own properties (name, version
 *  description, setDefault) and the instance configuration a version holds (every other input),
 *  read from a DescribeLaunchTemplateVersions item's LaunchTemplateData (see ./index.ts). Any
 *  change of the configuration is a new version. */
import { field, out, prop, regionProp, replaces, resource, t, timeoutsProp, via } from "../../spec/build";
import * as limits from "../../spec/limits";
import { diskCategory, diskSize, ecsDescription, ecsName, hostName, idOf, instanceType, maxItems, oneOf, range, userData } from "../../spec/rules";
import type { FieldSpec, PropSpec, TypeSpec } from "../../spec/types";
import { decodeUserData, encodeUserData } from "../instance/spec";

const TIMEOUTS = { create: "2m", update: "2m", delete: "2m" } as const;

type Raw = Readonly<Record<string, unknown>>;
const asObject = (v: unknown): Raw => (v && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : {});
/** InstanceTag[{Key, Value}] → { key: value } (undefined when the version has none). */
const instanceTags = (list: unknown): Record<string, string> | undefined =>
  Array.isArray(list) ? Object.fromEntries(list.map((t) => asObject(t)).filter((t) => t.Key).map((t) => [String(t.Key), String(t.Value ?? "")])) : undefined;

/** A member of the template data: a new version when it changes, sent and read under `wire`. */
const data = (type: TypeSpec, doc: string, wire: string, more: Partial<Omit<PropSpec<"version">, "type" | "doc" | "change">> = {}): PropSpec<"version"> =>
  prop(type, { doc, change: via("version"), wire: { create: wire, read: wire }, ...more });

const disk = (doc: string, wire: string, more: Partial<Omit<FieldSpec, "type" | "doc">> = {}, type: TypeSpec = t.string): FieldSpec =>
  field(type, { doc, wire: { create: wire, read: wire }, ...more });

const systemDiskType = t.object("LaunchTemplateSystemDisk", "The system disk of instances launched from the template.", {
  category: disk(limits.diskCategories("system").join(", ") + ".", "Category", { rules: [diskCategory("system")] }),
  size: disk(`Size in GiB (${limits.diskCategoriesText("system")}).`, "Size", { rules: [diskSize("system")] }, t.integer),
  name: disk("Disk name (2-128 characters, starts with a letter).", "DiskName", { rules: [ecsName] }),
  description: disk("Disk description (2-256 characters, no http:// or https:// prefix).", "Description", { rules: [ecsDescription] }),
});

const dataDiskType = t.object("LaunchTemplateDataDisk", "A data disk of instances launched from the template.", {
  category: disk(`${limits.diskCategoriesText("data")}.`, "Category", { rules: [diskCategory("data")] }),
  size: disk("Size in GiB, in the range of its category.", "Size", { rules: [diskSize("data")] }, t.integer),
  snapshotId: disk("Snapshot to create the disk from.", "SnapshotId"),
  encrypted: disk("Encrypt the disk.", "Encrypted", {}, t.boolean),
  name: disk("Disk name.", "DiskName", { rules: [ecsName] }),
  description: disk("Disk description.", "Description", { rules: [ecsDescription] }),
  deleteWithInstance: disk("Release the disk with the instance.", "DeleteWithInstance", {}, t.boolean),
});

export const launchTemplateSpec = resource({
  kind: "LaunchTemplate",
  noun: "launch template",
  doc: `An ECS launch template (CreateLaunchTemplate). Any change to the instance configuration creates a new version (CreateLaunchTemplateVersion) and, with setDefault, makes it the default; the oldest non-default versions are deleted before the limit of ${limits.MAX_TEMPLATE_VERSIONS} versions is reached. The name and region replace it.`,
  idParam: "LaunchTemplateId",
  idExample: "lt-bp1abc…",
  tagResourceType: "launchtemplate",
  listByTag: { action: "DescribeLaunchTemplates", tagParam: "TemplateTag", list: ["LaunchTemplateSets", "LaunchTemplateSet"], idKey: "LaunchTemplateId" },
  timeouts: TIMEOUTS,
  inputs: {
    region: regionProp("launch template"),
    launchTemplateName: prop(t.string, {
      doc: "Template name: 2-128 characters, starts with a letter; letters, digits, '.', ':', '_' and '-'; no http:// or https:// prefix. Unique in the region.",
      change: replaces,
      alwaysReported: true,
      rules: [ecsName],
      autoName: true,
      wire: { create: "LaunchTemplateName", read: "LaunchTemplateName" },
    }),
    versionDescription: prop(t.string, {
      doc: "Description of the version this program's configuration is saved as (2-256 characters). A change creates a new version.",
      change: via("version"),
      rules: [ecsDescription],
      wire: { create: "VersionDescription", read: "VersionDescription" },
    }),
    setDefault: prop(t.boolean, {
      doc: "Make each new version the template's default (ModifyLaunchTemplateDefaultVersion), so RunInstances without a version uses it. With true, refresh reports the default version's configuration, so a default changed outside Pulumi shows as drift.",
      change: via("version"),
      default: true,
    }),
    imageId: data(t.string, "Image of launched instances.", "ImageId"),
    instanceType: data(t.string, "Instance type, e.g. ecs.g7.large.", "InstanceType", { rules: [instanceType] }),
    securityGroupId: data(t.string, "Security group of launched instances.", "SecurityGroupId", { rules: [idOf("sg", "a security group")] }),
    vswitchId: data(t.string, "VSwitch of launched instances (VPC).", "VSwitchId", { rules: [idOf("vsw", "a vswitch")] }),
    zoneId: data(t.string, "Zone of launched instances.", "ZoneId"),
    networkType: data(t.string, "classic or vpc.", "NetworkType", { rules: [oneOf(limits.NETWORK_TYPES)] }),
    instanceName: data(t.string, "Instance name (2-128 characters, starts with a letter).", "InstanceName", { rules: [ecsName] }),
    description: data(t.string, "Instance description (2-256 characters, no http:// or https:// prefix).", "Description", { rules: [ecsDescription] }),
    hostName: data(t.string, "Host name of launched instances.", "HostName", { rules: [hostName] }),
    internetChargeType: data(t.string, "PayByTraffic or PayByBandwidth.", "InternetChargeType", { rules: [oneOf(limits.INTERNET_CHARGE_TYPES)] }),
    internetMaxBandwidthIn: data(t.integer, `Inbound public bandwidth in Mbit/s, ${limits.BANDWIDTH_IN.min}-${limits.BANDWIDTH_IN.max}.`, "InternetMaxBandwidthIn", {
      rules: [range(limits.BANDWIDTH_IN.min, limits.BANDWIDTH_IN.max, " Mbit/s")],
    }),
    internetMaxBandwidthOut: data(t.integer, `Outbound public bandwidth in Mbit/s, ${limits.BANDWIDTH_OUT.min}-${limits.BANDWIDTH_OUT.max}.`, "InternetMaxBandwidthOut", {
      rules: [range(limits.BANDWIDTH_OUT.min, limits.BANDWIDTH_OUT.max, " Mbit/s")],
    }),
    ioOptimized: data(t.string, "none or optimized.", "IoOptimized", { rules: [oneOf(limits.IO_OPTIMIZED)] }),
    keyPairName: data(t.string, "Key pair for Linux instances.", "KeyPairName", { rules: [ecsName] }),
    userData: data(t.string, `User data (plain text; the provider Base64-encodes it). At most ${limits.USER_DATA.maxBytes / 1024} KiB.`, "UserData", {
      rules: [userData],
      wire: { create: "UserData", read: "UserData", encode: encodeUserData, decode: decodeUserData },
    }),
    ramRoleName: data(t.string, "RAM role of launched instances.", "RamRoleName"),
    securityEnhancementStrategy: data(t.string, "Active or Deactive.", "SecurityEnhancementStrategy", { rules: [oneOf(limits.SECURITY_ENHANCEMENT)] }),
    spotStrategy: data(t.string, "NoSpot, SpotWithPriceLimit or SpotAsPriceGo.", "SpotStrategy", { rules: [oneOf(limits.SPOT_STRATEGIES)] }),
    spotPriceLimit: data(t.number, "Highest hourly price for SpotWithPriceLimit (up to 3 decimals).", "SpotPriceLimit"),
    // Today's answer nests it (LaunchTemplateData.SystemDisk.Category); the 2019 example's dotted
    // keys ("SystemDisk.Category") are not fields of today's API.
    systemDisk: data(systemDiskType, "System disk of launched instances.", "SystemDisk"),
    dataDisks: data(t.list(dataDiskType), `Data disks of launched instances (at most ${limits.MAX_DATA_DISKS}).`, "DataDisk", {
      rules: [maxItems(limits.MAX_DATA_DISKS)],
      wire: { create: "DataDisk", read: "DataDisks.DataDisk" },
    }),
    tags: data(t.map, "Tags that launched instances get (at most 20). They are the version's instance tags (Tag.N at create, LaunchTemplateData.Tags.InstanceTag when read), not tags of the template itself.", "Tag", {
      // A version's data lists them as InstanceTag[{Key, Value}] (a template's own tags, listed by
      // DescribeLaunchTemplates, are Tags.Tag[{TagKey, TagValue}]: another thing).
      wire: { create: "Tag", read: (d) => instanceTags(asObject(d.Tags).InstanceTag) },
    }),
    timeouts: timeoutsProp(TIMEOUTS),
  },
  outputs: {
    launchTemplateId: out(t.string, "The launch template ID.", { wire: { read: "LaunchTemplateId" } }),
    versionNumber: out(t.integer, "The version holding this program's configuration (pass it to Instance.launchTemplateVersion to pin it).", { wire: { read: "VersionNumber" } }),
    latestVersionNumber: out(t.integer, "The template's latest version number.", { wire: { read: "LatestVersionNumber" } }),
    defaultVersionNumber: out(t.integer, "The template's default version number.", { wire: { read: "DefaultVersionNumber" } }),
  },
});
