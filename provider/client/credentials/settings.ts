import { envOf, nonEmpty, readCliProfile, readIniProfile, type FileLookup } from "./files";
import type { ChainOptions } from "./types";

export interface RegionOptions extends ChainOptions {
  region?: string;
}

/** Thrown when no region is configured anywhere; names every place looked at. */
export class RegionNotFoundError extends Error {
  constructor(readonly places: readonly string[]) {
    super(
      "No Alibaba Cloud region configured. Looked at, in order:\n" +
        places.map((p) => `  - ${p}`).join("\n") +
        "\nSet one with `pulumi config set alicloud-ecs:region cn-hangzhou` or export ALIBABA_CLOUD_REGION_ID.",
    );
    this.name = "RegionNotFoundError";
  }
}

/** Region: options, ALIBABA_CLOUD_REGION_ID, ALICLOUD_REGION, the selected profile's region_id. */
export function resolveRegion(opts: RegionOptions = {}): string {
  const env = envOf(opts);
  const direct = nonEmpty(opts.region) ?? nonEmpty(env.ALIBABA_CLOUD_REGION_ID) ?? nonEmpty(env.ALICLOUD_REGION);
  if (direct) return direct;
  const places = ["provider option alicloud-ecs:region: not set", "environment ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION: not set"];
  for (const read of [readCliProfile, readIniProfile]) {
    let lookup: FileLookup;
    try {
      lookup = read(opts);
    } catch (e) {
      places.push((e as Error).message);
      continue;
    }
    if ("note" in lookup) places.push(lookup.note);
    else if (lookup.profile.regionId) return lookup.profile.regionId;
    else places.push(`${lookup.profile.source}: no region_id`);
  }
  throw new RegionNotFoundError(places);
}

/** Regions with their own endpoint in the reference's table (§4.2 "Service endpoints");
 * every other region is served by the default endpoint ecs.aliyuncs.com. */
export const REGIONAL_ENDPOINT_REGIONS: readonly string[] = [
  "cn-zhangjiakou",
  "cn-huhehaote",
  "ap-northeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-5",
  "ap-south-1",
  "me-east-1",
  "eu-central-1",
  "us-west-1",
  "us-east-1",
  "cn-hongkong",
  "ap-southeast-1",
];
export const DEFAULT_ENDPOINT_HOST = "ecs.aliyuncs.com";

/** The APIs the client calls: ECS, and VPC for what ECS no longer serves (DescribeVSwitches, the
 *  zone of a vswitch). Each has its version and endpoints (the same regional table). */
export type Api = "ecs" | "vpc";
export const API_VERSIONS: Readonly<Record<Api, string>> = { ecs: "2014-05-26", vpc: "2016-04-28" };

export function endpointHostForRegion(region: string, api: Api = "ecs"): string {
  return REGIONAL_ENDPOINT_REGIONS.includes(region) ? `${api}.${region}.aliyuncs.com` : `${api}.aliyuncs.com`;
}

/** Adds a scheme to a bare `host[:port]`: http for loopback (the emulator), https otherwise. */
export function normaliseEndpoint(endpoint: string): string {
  const e = endpoint.trim().replace(/\/+$/, "");
  if (/^https?:\/\//i.test(e)) return e;
  const host = e.replace(/:\d+$/, "");
  const loopback = host === "localhost" || host.startsWith("127.") || host === "[::1]";
  return `${loopback ? "http" : "https"}://${e}`;
}

/** The explicit endpoint override (options, then ALIBABA_CLOUD_ECS_ENDPOINT), if any. */
export function endpointOverride(opts: { endpoint?: string; env?: ChainOptions["env"] }): string | undefined {
  const e = nonEmpty(opts.endpoint) ?? nonEmpty((opts.env ?? process.env).ALIBABA_CLOUD_ECS_ENDPOINT);
  return e ? normaliseEndpoint(e) : undefined;
}

/** Endpoint URL for a region: the override when set (it points every API at the emulator), else
 *  the reference's table. */
export function endpointFor(region: string, override: string | undefined, api: Api = "ecs"): string {
  return override ?? `https://${endpointHostForRegion(region, api)}`;
}
