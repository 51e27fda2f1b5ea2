import type { XMLParser } from "fast-xml-parser";
import { EcsError, redact } from "./errors";
import type { HttpResponse } from "./transport";

export type Decoded = Record<string, unknown>;

/** List wrappers whose child name is not simply the wrapper's singular, or whose empty XML form
 * (`<Instances/>`) must still become `{ Instance: [] }`. Wrapper → element name. */
export const LIST_WRAPPERS: Readonly<Record<string, string>> = Object.freeze({
  Instances: "Instance",
  Disks: "Disk",
  Regions: "Region",
  Zones: "Zone",
  SecurityGroups: "SecurityGroup",
  SecurityGroupIds: "SecurityGroupId",
  Permissions: "Permission",
  KeyPairs: "KeyPair",
  Tags: "Tag",
  InstanceStatuses: "InstanceStatus",
  ReservedInstances: "ReservedInstance",
  LaunchTemplateSets: "LaunchTemplateSet",
  LaunchTemplateVersionSets: "LaunchTemplateVersionSet",
  DeploymentSets: "DeploymentSet",
  InstanceIdSets: "InstanceIdSet",
  InstanceIds: "InstanceId",
  Images: "Image",
  Snapshots: "Snapshot",
  DataDisks: "DataDisk",
  DiskDeviceMappings: "DiskDeviceMapping",
  NetworkInterfaces: "NetworkInterface",
  NetworkInterfaceSets: "NetworkInterfaceSet",
  PrivateIpSets: "PrivateIpSet",
  Ipv6Sets: "Ipv6Set",
  AvailableZones: "AvailableZone",
  AvailableResources: "AvailableResource",
  SupportedResources: "SupportedResource",
  AccountAttributeItems: "AccountAttributeItem",
  Bandwidths: "Bandwidth",
  DeploymentSetIds: "DeploymentSetId",
  // Not plural-of-child: the rule below cannot guess these.
  PublicIpAddress: "IpAddress",
  PrivateIpAddress: "IpAddress",
  InnerIpAddress: "IpAddress",
  OperationLocks: "LockReason",
  AvailableDiskCategories: "DiskCategories",
  AvailableResourceCreation: "ResourceTypes",
  AvailableInstanceTypes: "InstanceTypes",
  AvailableVolumeCategories: "VolumeCategories",
  AvailableDedicatedHostTypes: "DedicatedHostType",
  AttributeValues: "ValueItem",
  EventIdSet: "EventId",
  TaskSet: "Task",
  RelatedItemSet: "RelatedItem",
  OperationProgressSet: "OperationProgress",
  InstanceFullStatusSet: "InstanceFullStatusType",
  ScheduledSystemEventSet: "ScheduledSystemEventType",
  DiskFullStatusSet: "DiskFullStatusType",
  DiskEventSet: "DiskEventType",
  InstanceSystemEventSet: "InstanceSystemEventType",
  InstanceCloudAssitantStatusSet: "InstanceCloudAssitantStatus",
});
/** Map form for lookups: no prototype keys (a field named "constructor" is not a wrapper). */
const WRAPPERS = new Map(Object.entries(LIST_WRAPPERS));

/** True when `wrapper` reads as the plural of `child` (Instances/Instance, InstanceStatuses/InstanceStatus, Policies/Policy). */
export function isPluralOf(wrapper: string, child: string): boolean {
  if (wrapper.startsWith(child)) {
    const rest = wrapper.length - child.length;
    if (rest === 1) return wrapper.endsWith("s");
    if (rest === 2) return wrapper.endsWith("es");
    if (rest === 3) return wrapper.endsWith("Set");
    if (rest === 4) return wrapper.endsWith("List");
    return false;
  }
  return child.endsWith("y") && wrapper.length === child.length + 2 && wrapper.endsWith("ies") && wrapper.startsWith(child.slice(0, -1));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Makes every list wrapper hold an array, whatever the wire format gave: XML turns a one-item
 * list into an object and an empty list into "", JSON is usually right already. Mutates and returns `value`.
 * A wrapper is a key from LIST_WRAPPERS, or an object whose only key is the singular of its name. */
export function normaliseLists(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "object" && item !== null) value[i] = normaliseLists(item);
    }
    return value;
  }
  if (!isPlainObject(value)) return value;
  for (const key in value) {
    const v = value[key];
    const known = WRAPPERS.get(key);
    if (typeof v !== "object" || v === null) {
      if (known !== undefined && (v === "" || v === null)) value[key] = { [known]: [] };
      continue;
    }
    if (!Array.isArray(v)) {
      let count = 0;
      let only = "";
      for (const k in v) {
        if (++count > 1) break;
        only = k;
      }
      const obj = v as Record<string, unknown>;
      if (count === 1 && (only === known || isPluralOf(key, only))) {
        const items = obj[only];
        if (!Array.isArray(items)) obj[only] = items === "" || items === null || items === undefined ? [] : [items];
      } else if (count === 0 && known !== undefined) {
        obj[known] = [];
      }
    }
    normaliseLists(v);
  }
  return value;
}

let xmlParser: XMLParser | undefined;
/** fast-xml-parser is loaded only when an XML answer arrives. */
function parser(): XMLParser {
  if (!xmlParser) {
    const { XMLParser: Parser } = require("fast-xml-parser") as typeof import("fast-xml-parser");
    xmlParser = new Parser({
      ignoreAttributes: true,
      ignoreDeclaration: true,
      ignorePiTags: true,
      parseTagValue: true,
      trimValues: true,
      numberParseOptions: { hex: false, leadingZeros: false, eNotation: false },
    });
  }
  return xmlParser;
}

/** Parses an ECS XML document and drops its root element (`<DescribeRegionsResponse>`, `<Error>`). */
export function parseXml(text: string): Decoded {
  const doc = parser().parse(text) as Record<string, unknown>;
  const roots = Object.keys(doc);
  const root = roots.length === 1 ? doc[roots[0]] : doc;
  return isPlainObject(root) ? root : {};
}

export function looksLikeXml(res: HttpResponse): boolean {
  const type = res.headers["content-type"] ?? "";
  if (type.includes("xml")) return true;
  if (type.includes("json")) return false;
  return res.body.trimStart().startsWith("<");
}

/** Header `x-acs-retry-after`, read the way the official SDK reads it: whole milliseconds. */
export function retryAfterMs(headers: Readonly<Record<string, string>>): number | undefined {
  const raw = headers["x-acs-retry-after"];
  if (raw === undefined) return undefined;
  const n = Number.parseInt(raw, 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function str(v: unknown): string | undefined {
  return v === undefined || v === null || v === "" ? undefined : String(v);
}

/** Turns an HTTP answer into the response object, or throws the EcsError it describes.
 * `redactions` are values that must not survive into an error message (secret, signature). */
export function decodeResponse(action: string, res: HttpResponse, redactions: readonly string[] = []): Decoded {
  let body: Decoded;
  try {
    body = res.body.trim() === "" ? {} : looksLikeXml(res) ? parseXml(res.body) : (JSON.parse(res.body) as Decoded);
  } catch {
    throw new EcsError({
      action,
      httpStatus: res.status,
      code: res.status >= 500 ? "ServiceUnavailable" : "InvalidResponse",
      ecsMessage: `the endpoint answered HTTP ${res.status} with a body that is neither JSON nor XML (${redact(res.body.slice(0, 120), redactions)})`,
      retryAfterMs: retryAfterMs(res.headers),
    });
  }
  if (!isPlainObject(body)) body = { Value: body };
  if (res.status >= 200 && res.status < 300) return normaliseLists(body) as Decoded;
  throw new EcsError({
    action,
    httpStatus: res.status,
    code: str(body.Code) ?? `HTTP${res.status}`,
    ecsMessage: redact(str(body.Message) ?? `the endpoint answered HTTP ${res.status} without an error message`, redactions),
    requestId: str(body.RequestId) ?? res.headers["x-acs-request-id"],
    hostId: str(body.HostId),
    recommend: str(body.Recommend),
    retryAfterMs: retryAfterMs(res.headers),
  });
}
