/** The resources a stack owns in a region, by the ownership tag every create puts on them
 *  (provider/resources/common/identity.ts): what `ecs-orphans` and getStackResources list. One
 *  tag-filtered Describe per kind (per page). Deployment sets cannot carry the tag. */
import type { EcsClient } from "../client";
import { CREATING_MARK, listTagged, ownerOf } from "./common/identity";
import { SPECS } from "./specs";

export interface OwnedResource {
  /** Instance, Disk, SecurityGroup, KeyPair, LaunchTemplate. */
  kind: string;
  id: string;
  /** The resource's logical name in the program. */
  name: string;
  region: string;
  /** Created by a run interrupted before the state recorded it: the next up that declares it adopts it. */
  interrupted: boolean;
}

/** Every live resource of the stack ("project/stack") in the region. */
export async function stackResources(client: EcsClient, region: string, stack: string): Promise<OwnedResource[]> {
  const key = ownerOf("-", { __ecsName: "-", __ecsStack: stack })?.key;
  if (!key) return [];
  const kinds = SPECS.filter((s) => s.listByTag);
  const found = await Promise.all(
    kinds.map(async (s) =>
      (await listTagged(client, region, s.listByTag!, key))
        // The disks an instance was created with carry its tag ("Instance/web"): part of it, not disks of their own.
        .filter((r) => r.value.startsWith(`${s.kind}/`))
        .map((r) => {
          const interrupted = r.value.endsWith(CREATING_MARK);
          const name = r.value.slice(s.kind.length + 1, interrupted ? -CREATING_MARK.length : undefined);
          return { kind: s.kind, id: r.id, name, region, interrupted };
        }),
    ),
  );
  return found.flat();
}
