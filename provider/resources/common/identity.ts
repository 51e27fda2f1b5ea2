/** Creates without a silent duplicate (the design, its cases and the ECS facts it relies on are in
 *  ARCHITECTURE.md, "Creates").
 *
 *  - Every create carries a ClientToken that is random per create call: the client's retries of
 *    that call (throttling, 5xx, a lost answer) repeat it, so ECS returns the one resource.
 *  - Every resource the provider creates carries an ownership tag: key `pulumi:<project>/<stack>`,
 *    value `<kind>/<logical name>` (no secret; an instance's disks carry the instance's). The first create of a kind and region in a provider
 *    process lists the live resources with the stack's key (one Describe per page, shared by all
 *    creates of the run): one the state does not hold, under the resource's name, is what an
 *    interrupted run created, and is adopted instead of creating another. After a destroy or an
 *    out-of-band deletion there is none, so the create goes ahead at once with a fresh token.
 *  - A resource the state does hold (the old one of a replacement) is never adopted: diff records
 *    the id of every resource it compares, before the engine can ask for its replacement's create.
 *  - A create then waits for its resource up to the create deadline, however long Describe takes
 *    to list it: absence is never taken for "gone" while creating.
 *  What remains (a run killed after ECS accepted a create and before it answered, re-run while
 *  Describe still does not list the new resource) can create a second resource; it carries the
 *  same tag, so `ecs-orphans` and getStackResources list it. */
import { createHash, randomBytes } from "node:crypto";
import type { EcsClient } from "../../client";
import type { ListByTag } from "../../spec/types";
import { OWNER_TAG_PREFIX } from "../../spec/ownership";
import type { Tags } from "./ecs";

export interface HiddenInputs {
  /** The resource's logical name (messages, ownership). */
  __ecsName?: string;
  /** "project/stack", or the parent's URN for a child of a component (names are unique under one parent). */
  __ecsScope?: string;
  /** "project/stack" of the program that declared the resource. */
  __ecsStack?: string;
}

export const HIDDEN_INPUTS = ["__ecsName", "__ecsScope", "__ecsStack"] as const;

/** ECS takes tag keys and values of at most 128 characters (provider/spec/limits.ts TAGS). */
const MAX_TAG = 128;
const hash = (text: string): string => createHash("sha256").update(text).digest("hex");
const fit = (text: string): string => (text.length <= MAX_TAG ? text : `${text.slice(0, MAX_TAG - 17)}#${hash(text).slice(0, 16)}`);

export interface Owner {
  /** `pulumi:<project>/<stack>`: one key per stack, so a stack's resources are listed at once. */
  key: string;
  /** `<kind>/<logical name>` (a short hash of the parent's URN after it, for a child of a component). */
  value: string;
}

/** The ownership tag of a resource of `kind`, stable across runs; undefined without the sdk's
 *  hidden inputs. */
export function ownerOf(kind: string, inputs: HiddenInputs): Owner | undefined {
  if (!inputs.__ecsName) return undefined;
  const stack = inputs.__ecsStack ?? (inputs.__ecsScope?.startsWith("urn:") ? undefined : inputs.__ecsScope);
  if (!stack) return undefined;
  const parent = inputs.__ecsScope?.startsWith("urn:") ? `@${hash(inputs.__ecsScope).slice(0, 8)}` : "";
  return { key: fit(`${OWNER_TAG_PREFIX}${stack}`), value: fit(`${kind}/${inputs.__ecsName}${parent}`) };
}

/** The program's tags plus the ownership tag (for the create call). */
export function withOwnerTag(kind: string, tags: Tags | undefined, inputs: HiddenInputs): Tags {
  const owner = ownerOf(kind, inputs);
  return { ...(tags ?? {}), ...(owner ? { [owner.key]: owner.value } : {}) };
}

/** The visibility grace of a create's wait: a resource just created is never taken for gone while
 *  Describe does not list it yet; the create deadline bounds the wait. */
export const CREATING = Number.POSITIVE_INFINITY;

/** A ClientToken: random per create call, at most 64 ASCII characters. */
export const createToken = (): string => randomBytes(24).toString("base64url");

// Ids this process saw in the state (diff records every resource it compares).
const inState = new Set<string>();

export function rememberStateId(id: string): void {
  inState.add(id);
}

// Per kind, region and stack key: name → live ids (newest first), listed once per process.
const listings = new Map<string, Promise<Map<string, string[]>>>();

/** Forgets the listings (tests; a provider process lives for one deployment). */
export function clearOwnedListings(): void {
  listings.clear();
}

/** Every live resource of a kind in a region carrying the tag key, with its tag's value. */
export async function listTagged(client: EcsClient, region: string, how: ListByTag, key: string): Promise<{ id: string; value: string; created: string }[]> {
  const found: { id: string; value: string; created: string }[] = [];
  for (let page = 1; ; page++) {
    const res = await client.call<Record<string, unknown>>(how.action, { RegionId: region, [how.tagParam]: [{ Key: key }], PageNumber: page, PageSize: 50 });
    const items = ((res[how.list[0]] as Record<string, unknown> | undefined)?.[how.list[1]] as Record<string, unknown>[] | undefined) ?? [];
    for (const item of items) {
      const tags = ((item.Tags as { Tag?: Record<string, unknown>[] } | undefined)?.Tag ?? []).map((t) => [String(t.TagKey ?? t.Key), String(t.TagValue ?? t.Value)] as const);
      const value = tags.find(([k]) => k === key)?.[1];
      if (value !== undefined) found.push({ id: String(item[how.idKey]), value, created: String(item.CreationTime ?? item.CreateTime ?? "") });
    }
    if (items.length < 50) return found;
  }
}

/** name → live ids carrying the stack's key, newest first. */
async function listOwned(client: EcsClient, region: string, how: ListByTag, key: string): Promise<Map<string, string[]>> {
  const byName = new Map<string, string[]>();
  for (const f of (await listTagged(client, region, how, key)).sort((a, b) => b.created.localeCompare(a.created))) byName.set(f.value, [...(byName.get(f.value) ?? []), f.id]);
  return byName;
}

export interface CreateSteps<T> {
  /** How to list the kind's owned resources (its spec's listByTag); absent for a kind ECS cannot tag at create. */
  owned?: ListByTag;
  /** Sends the create call with the token; returns the new id. */
  send(token: string): Promise<string>;
  /** Waits until the resource is ready (up to the create deadline). */
  settle(id: string): Promise<T>;
}

/** Adopts what an interrupted run of this create left behind, else creates once. */
export async function createOnce<T>(ctx: { client: EcsClient; region: string }, kind: string, inputs: HiddenInputs, steps: CreateSteps<T>, log: (line: string) => void = () => undefined): Promise<T> {
  const owner = ownerOf(kind, inputs);
  if (owner && steps.owned) {
    const key = `${steps.owned.action}|${ctx.region}|${owner.key}`;
    let listing = listings.get(key);
    if (!listing) {
      listing = listOwned(ctx.client, ctx.region, steps.owned, owner.key);
      listings.set(key, listing);
      listing.catch(() => listings.delete(key)); // a failed listing is asked again by the next create
    }
    const named = (await listing).get(owner.value) ?? [];
    const orphans = named.filter((id) => !inState.has(id));
    if (orphans.length > 0) {
      named.splice(named.indexOf(orphans[0]), 1); // adopted once, never twice
      if (orphans.length > 1) log(`alicloud-ecs: ${owner.value}: ${orphans.length} resources carry its ownership tag; adopting ${orphans[0]}, the others (${orphans.slice(1).join(", ")}) are orphans (ecs-orphans lists them)`);
      return steps.settle(orphans[0]);
    }
  }
  return steps.settle(await steps.send(createToken()));
}
