/** Preview-time catalogue checks: an unknown zone, image or instance type (or one the zone does
 *  not sell), or a VPC that does not exist, fails check instead of RunInstances in the middle of
 *  an `up`. Read-only lookups, one per region and kind per process (images: one per image id),
 *  cached; never for unknown values; turned off with alicloud-ecs:catalogChecks false (or
 *  ALICLOUD_ECS_CATALOG_CHECKS=false). A lookup that fails (network, permissions) passes the
 *  value: preview must not fail because a read did. */
import type { EcsClient } from "../../client";
import type { CatalogLookup } from "../../spec/types";

type Raw = Record<string, unknown>;

interface ZoneCatalog {
  /** zone id → the instance types it sells. */
  zones: Map<string, Set<string>>;
}

let enabled = process.env.ALICLOUD_ECS_CATALOG_CHECKS !== "false";
const cache = new Map<string, Promise<unknown>>();

export function configureCatalogChecks(on: boolean): void {
  enabled = on;
}

/** Forgets every looked-up catalogue (tests; a provider process lives for one deployment). */
export function clearCatalog(): void {
  cache.clear();
}

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    p.catch(() => cache.delete(key)); // a failed lookup is asked again next time
  }
  return p;
}

const list = (wrapper: unknown, key: string): Raw[] => (((wrapper as Raw | undefined)?.[key] as Raw[] | undefined) ?? []);
const strings = (wrapper: unknown, key: string): string[] => (((wrapper as Raw | undefined)?.[key] as unknown[] | undefined) ?? []).map(String);

const zones = (client: EcsClient, region: string): Promise<ZoneCatalog> =>
  cached(`zones|${region}`, async () => {
    const res = await client.call<Raw>("DescribeZones", { RegionId: region, Verbose: true });
    return { zones: new Map(list(res.Zones, "Zone").map((z) => [String(z.ZoneId), new Set(strings(z.AvailableInstanceTypes, "InstanceTypes"))])) };
  });

const imageExists = (client: EcsClient, region: string, id: string): Promise<boolean> =>
  cached(`image|${region}|${id}`, async () => {
    const res = await client.call<Raw>("DescribeImages", { RegionId: region, ImageId: id, PageSize: 10 });
    return list(res.Images, "Image").some((i) => i.ImageId === id);
  });

const vpcs = (client: EcsClient, region: string): Promise<Set<string>> =>
  cached(`vpcs|${region}`, async () => {
    const res = await client.call<Raw>("DescribeVpcs", { RegionId: region, PageSize: 50 }, { api: "vpc" });
    return new Set(list(res.Vpcs, "Vpc").map((v) => String(v.VpcId)));
  });

const vswitchZone = (client: EcsClient, region: string, id: string): Promise<string | undefined> =>
  cached(`vswitch|${region}|${id}`, async () => {
    const res = await client.call<Raw>("DescribeVSwitches", { RegionId: region, VSwitchId: id, PageSize: 10 }, { api: "vpc" });
    const found = list(res.VSwitches, "VSwitch").find((v) => v.VSwitchId === id);
    return found ? String(found.ZoneId) : undefined;
  });

/** The reason `value` is not in the region's catalogue, or undefined. `inputs` gives the zone a
 *  type or vswitch must belong to. */
async function problemOf(client: EcsClient, region: string, lookup: CatalogLookup, value: string, inputs: Raw): Promise<string | undefined> {
  const zoneId = typeof inputs.zoneId === "string" ? inputs.zoneId : undefined;
  switch (lookup) {
    case "zone": {
      const z = (await zones(client, region)).zones;
      return z.has(value) ? undefined : `is not a zone of ${region} (its zones: ${[...z.keys()].join(", ")})`;
    }
    case "instanceType": {
      const z = (await zones(client, region)).zones;
      if (zoneId && z.has(zoneId)) return z.get(zoneId)?.has(value) ? undefined : `is not sold in zone ${zoneId} (DescribeZones lists what each zone sells)`;
      return [...z.values()].some((types) => types.has(value)) ? undefined : `is not sold in any zone of ${region}`;
    }
    case "image":
      return (await imageExists(client, region, value)) ? undefined : `is not an image available in ${region}`;
    case "vpc":
      return (await vpcs(client, region)).has(value) ? undefined : `is not a VPC of ${region}`;
    case "vswitch": {
      const zone = await vswitchZone(client, region, value);
      if (zone === undefined) return `is not a vswitch of ${region}`;
      return zoneId && zone !== zoneId ? `is in zone ${zone}, not in zoneId ${zoneId}` : undefined;
    }
  }
}

/** Looks up every value that has a catalogue, concurrently; returns [property, reason] pairs. */
export async function catalogProblems(client: EcsClient, region: string, lookups: readonly (readonly [string, CatalogLookup])[], inputs: Raw): Promise<[string, string][]> {
  if (!enabled) return [];
  const found = await Promise.all(
    lookups.map(async ([name, lookup]): Promise<[string, string] | undefined> => {
      const value = inputs[name];
      if (typeof value !== "string" || value === "") return undefined;
      const problem = await problemOf(client, region, lookup, value, inputs).catch(() => undefined);
      return problem ? [name, problem] : undefined;
    }),
  );
  return found.filter((x): x is [string, string] => x !== undefined);
}

