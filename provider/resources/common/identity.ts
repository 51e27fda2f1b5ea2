/** Creates without a silent duplicate (the design, its cases and the ECS facts it relies on are in
 *  ARCHITECTURE.md, "Creates").
 *
 *  - Every create carries a ClientToken that is random per create call: the client's retries of
 *    that call (throttling, 5xx, a lost answer) repeat it, so ECS returns the one resource.
 *  - Every resource the provider creates carries an ownership tag: key `pulumi:<project>/<stack>`,
 *    value `<kind>/<logical name>` (no secret; an instance's disks carry the instance's). It is
 *    created with the value marked `?creating` and the mark is removed (AddTags) once the
 *    resource is ready, just before the engine records it: a marked resource is one whose create
 *    never reached the state.
 *  - The first create of a kind and region in a provider process lists the live resources with
 *    the stack's key (one Describe per page, shared by all creates of the run). A marked one
 *    under the resource's name is what an interrupted run created, and is adopted instead of
 *    creating another. An unmarked one is never adopted: it is in the state (the old resource of
 *    a replacement, even one `pulumi up --replace` asks for without a diff) or was deleted from
 *    it. After a destroy or an out-of-band deletion there is none, so the create goes ahead at
 *    once with a fresh token.
 *  - A create then waits for its resource up to the create deadline, however long Describe takes
 *    to list it: absence is never taken for "gone" while creating.
 *  What remains (a run killed after ECS accepted a create and before it answered, re-run while
 *  Describe still does not list the new resource; or killed between removing the mark and the
 *  engine writing its checkpoint) can leave a second resource; it carries the same tag, so
 *  `ecs-orphans` and getStackResources list it. */
import { createHash, randomBytes } from "node:crypto";
import type { EcsClient } from "../../client";
import type { ResourceSpec } from "../../spec/types";
import { OWNER_TAG_PREFIX } from "../../spec/ownership";
import { type Tags, tagsFromResponse } from "./ecs";
import { initErrorFor } from "./initError";

export interface HiddenInputs {
  /** The resource's logical name (messages, ownership). */
  __ecsName?: string;
  /** "project/stack", or the parent's URN for a child of a component (names are unique under one parent). */
  __ecsScope?: string;
  /** "project/stack" of the program that declared the resource. */
  __ecsStack?: string;
  /** The name properties check made up (provider/spec/autoName.ts). */
  __ecsAutoNamed?: string[];
}

/** Inputs the provider keeps in the state and gives back on refresh. */
export const HIDDEN_INPUTS = ["__ecsName", "__ecsScope", "__ecsStack", "__ecsAutoNamed"] as const;

/** What the ownership tag's value carries until the resource is ready and recorded. */
export const CREATING_MARK = "?creating";
/** ECS takes tag keys and values of at most 128 characters (provider/spec/limits.ts TAGS). */
const MAX_TAG = 128;
const hash = (text: string): string => createHash("sha256").update(text).digest("hex");
const fit = (text: string, max = MAX_TAG): string => (text.length <= max ? text : `${text.slice(0, max - 17)}#${hash(text).slice(0, 16)}`);

export interface Owner {
  /** `pulumi:<project>/<stack>`: one key per stack, so a stack's resources are listed at once. */
  key: string;
  /** `<kind>/<logical name>` (a short hash of the parent's URN after it, for a child of a component). */
  value: string;
  /** The value while the create is in flight: `value` with CREATING_MARK. */
  creating: string;
}

/** The ownership tag of a resource of `kind`, stable across runs; undefined without the sdk's
 *  hidden inputs. */
export function ownerOf(kind: string, inputs: HiddenInputs): Owner | undefined {
  if (!inputs.__ecsName) return undefined;
  const stack = inputs.__ecsStack ?? (inputs.__ecsScope?.startsWith("urn:") ? undefined : inputs.__ecsScope);
  if (!stack) return undefined;
  const parent = inputs.__ecsScope?.startsWith("urn:") ? `@${hash(inputs.__ecsScope).slice(0, 8)}` : "";
  const value = fit(`${kind}/${inputs.__ecsName}${parent}`, MAX_TAG - CREATING_MARK.length);
  return { key: fit(`${OWNER_TAG_PREFIX}${stack}`), value, creating: `${value}${CREATING_MARK}` };
}

/** The program's tags plus the ownership tag marked "creating" (for the create call). */
export function withCreatingOwnerTag(kind: string, tags: Tags | undefined, inputs: HiddenInputs): Tags {
  const owner = ownerOf(kind, inputs);
  return { ...(tags ?? {}), ...(owner ? { [owner.key]: owner.creating } : {}) };
}

/** Whether a resource's Describe record carries this resource's ownership tag still marked
 *  "creating": an interrupted run's create of it, never recorded in the state. */
export function createdByInterruptedRun(kind: string, inputs: HiddenInputs, record: Record<string, unknown>): boolean {
  const owner = ownerOf(kind, inputs);
  return !!owner && tagsFromResponse(record)[owner.key] === owner.creating;
}

type Ownership = Pick<ResourceSpec, "kind" | "listByTag" | "tagResourceType">;

/** Removes the "creating" mark from a ready resource's ownership tag (one AddTags), so no later
 *  create adopts it. */
export async function markCreated(ctx: { client: EcsClient; region: string }, spec: Ownership, id: string, inputs: HiddenInputs): Promise<void> {
  const owner = ownerOf(spec.kind, inputs);
  if (!owner || !spec.tagResourceType) return;
  await ctx.client.call("AddTags", { RegionId: ctx.region, ResourceType: spec.tagResourceType, ResourceId: id, Tag: [{ Key: owner.key, Value: owner.value }] });
}

/** The visibility grace of a create's wait: a resource just created is never taken for gone while
 *  Describe does not list it yet; the create deadline bounds the wait. */
export const CREATING = Number.POSITIVE_INFINITY;

/** A ClientToken: random per create call, at most 64 ASCII characters. */
export const createToken = (): string => randomBytes(24).toString("base64url");

// Per kind, region and stack key: tag value → live ids (newest first), listed once per process.
const listings = new Map<string, Promise<Map<string, string[]>>>();

/** Forgets the listings (tests; a provider process lives for one deployment). */
export function clearOwnedListings(): void {
  listings.clear();
}

/** Every live resource of a kind in a region carrying the tag key, with its tag's value. */
export async function listTagged(client: EcsClient, region: string, how: NonNullable<Ownership["listByTag"]>, key: string): Promise<{ id: string; value: string; created: string }[]> {
  const found: { id: string; value: string; created: string }[] = [];
  for (let page = 1; ; page++) {
    const res = await client.call<Record<string, unknown>>(how.action, { RegionId: region, [how.tagParam]: [{ Key: key }], PageNumber: page, PageSize: 50 });
    const items = ((res[how.list[0]] as Record<string, unknown> | undefined)?.[how.list[1]] as Record<string, unknown>[] | undefined) ?? [];
    for (const item of items) {
      const value = tagsFromResponse(item)[key];
      if (value !== undefined) found.push({ id: String(item[how.idKey]), value, created: String(item.CreationTime ?? item.CreateTime ?? "") });
    }
    if (items.length < 50) return found;
  }
}

/** tag value → live ids carrying the stack's key, newest first. */
async function listOwned(client: EcsClient, region: string, how: NonNullable<Ownership["listByTag"]>, key: string): Promise<Map<string, string[]>> {
  const byValue = new Map<string, string[]>();
  for (const f of (await listTagged(client, region, how, key)).sort((a, b) => b.created.localeCompare(a.created))) byValue.set(f.value, [...(byValue.get(f.value) ?? []), f.id]);
  return byValue;
}

export interface CreateSteps<T> {
  /** Sends the create call with the token; returns the new id. */
  send(token: string): Promise<string>;
  /** Waits until the resource is ready (up to the create deadline). */
  settle(id: string): Promise<T>;
}

/** Adopts what an interrupted run of this create left behind, else creates once; then removes
 *  the "creating" mark. A create that fails once its resource exists (the wait or the mark's
 *  removal failed) throws ResourceInitError with its id, so the engine records the resource and
 *  the next up updates it instead of creating another (kinds without tags have no mark to be
 *  found by); the mark stays, so a run killed meanwhile still adopts it. */
export async function createOnce<T>(ctx: { client: EcsClient; region: string }, spec: Ownership, inputs: HiddenInputs, steps: CreateSteps<T>, log: (line: string) => void = () => undefined): Promise<T> {
  const owner = ownerOf(spec.kind, inputs);
  let adopted: string | undefined;
  if (owner && spec.listByTag) {
    const key = `${spec.listByTag.action}|${ctx.region}|${owner.key}`;
    let listing = listings.get(key);
    if (!listing) {
      listing = listOwned(ctx.client, ctx.region, spec.listByTag, owner.key);
      listings.set(key, listing);
      listing.catch(() => listings.delete(key)); // a failed listing is asked again by the next create
    }
    const interrupted = (await listing).get(owner.creating) ?? [];
    adopted = interrupted.shift(); // adopted once, never twice
    if (interrupted.length > 0) log(`alicloud-ecs: ${owner.value}: ${interrupted.length + 1} interrupted creates left resources; adopting ${adopted}, the others (${interrupted.join(", ")}) are orphans (ecs-orphans lists them)`);
  }
  const id = adopted ?? (await steps.send(createToken()));
  try {
    const ready = await steps.settle(id);
    await markCreated(ctx, spec, id, inputs);
    return ready;
  } catch (err) {
    throw initErrorFor(id, err);
  }
}
