/** Tags on every taggable record (kinds.ts says which kinds and under which ResourceType names):
 *  at most 20 per resource; adding merges by key. */
import { TAGS } from "../../provider/spec/limits";
import { findImage } from "../catalog";
import { ApiError } from "../errors";
import { KINDS, TAGGABLE_KINDS, type KindDescriptor, type ResourceKind } from "../kinds";
import { collectionOf, type RegionState, type ResourceBase, type Tag } from "../state";

export const MAX_TAGS_PER_RESOURCE = TAGS.maxPerResource;

/** ResourceType values (lowercase): the taggable kinds, plus image and snapshot, valid types with no
 *  user-owned records here (catalogue images are public and cannot be tagged). VPCs and VSwitches are
 *  tagged through the VPC API. */
const RECORDLESS_TYPES = { image: "Image", snapshot: "Snapshot" } as const;

const KIND_OF_TYPE = new Map<string, ResourceKind>(TAGGABLE_KINDS.map((k) => [(KINDS[k] as KindDescriptor).tags!.resourceType, k]));

export const RESOURCE_TYPES: readonly string[] = [...KIND_OF_TYPE.keys(), ...Object.keys(RECORDLESS_TYPES)];

/** DescribeTags' ResourceTypeCount field of a ResourceType (the official SDK's spelling). */
export function countField(type: string): string {
  const kind = KIND_OF_TYPE.get(type);
  return kind ? (KINDS[kind] as KindDescriptor).tags!.countField : RECORDLESS_TYPES[type as keyof typeof RECORDLESS_TYPES];
}

/** The records a ResourceType covers in a region. */
export function taggable(region: RegionState, type: string): ResourceBase[] {
  const kind = KIND_OF_TYPE.get(type);
  return kind ? Object.values(collectionOf(region, kind)) : [];
}

export function findTaggable(region: RegionState, type: string, id: string): ResourceBase {
  const kind = KIND_OF_TYPE.get(type);
  const coll = kind ? (collectionOf(region, kind) as Record<string, ResourceBase>) : undefined;
  const record = coll && Object.hasOwn(coll, id) ? coll[id] : undefined;
  if (record) return record;
  if (type === "image" && findImage(id)) throw new ApiError("InvalidResourceId.NotSupported", `The specified ResourceId "${id}" does not support tagging: it is a public image.`, 403);
  throw new ApiError("InvalidResourceId.NotFound", `The specified ResourceId "${id}" is not found in our records (ResourceType ${type}).`, 404);
}

/** Merge tags by key (AddTags semantics): new values replace old ones. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = existing.filter((t) => !added.some((a) => a.Key === t.Key));
  return [...out, ...added];
}

export function addTags(record: ResourceBase, tags: readonly Tag[]): void {
  const merged = mergeTags(record.tags, tags);
  if (merged.length > MAX_TAGS_PER_RESOURCE)
    throw new ApiError("OperationDenied.QuotaExceed", `The quota of tags on resource is beyond permitted range: ${record.id} would have ${merged.length} tags, at most ${MAX_TAGS_PER_RESOURCE} are allowed.`, 400);
  record.tags = merged;
}

/** Adds the tags to every record, or to none when one would go over the quota. */
export function addTagsToAll(records: readonly ResourceBase[], tags: readonly Tag[]): void {
  for (const r of records) addTags({ ...r, tags: [...r.tags] }, tags);
  for (const r of records) addTags(r, tags);
}

/** A key alone removes the tag whatever its value; a key with a value removes it only on a match. */
export function removeTags(record: ResourceBase, doomed: ReadonlyArray<{ Key?: string; Value?: string }>): void {
  record.tags = record.tags.filter((t) => !doomed.some((d) => d.Key === t.Key && (d.Value === undefined || d.Value === t.Value)));
}
