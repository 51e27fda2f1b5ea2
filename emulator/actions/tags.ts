/** Tag actions over every taggable record: the reference's AddTags/RemoveTags/DescribeTags and the
 *  newer TagResources/UntagResources/ListTagResources. At most 20 tags per resource. */
import { findImage } from "../catalog";
import { ApiError } from "../errors";
import { paginate, paginateByToken } from "../pagination";
import { mergeTags, type ParamReader } from "../params";
import { byCreation, COLLECTION_OF_KIND, type RegionCollection, type RegionState, type ResourceBase, type Tag } from "../state";
import type { ActionContext, ActionTable } from "./types";

export const MAX_TAGS_PER_RESOURCE = 20;

/** Lowercase ResourceType values: the record kinds ECS tags (their collections come from the state
 *  model), plus image and snapshot, valid types with no user-owned records here (catalogue images
 *  are public and cannot be tagged). VPCs and VSwitches are tagged through the VPC API. */
const TAGGABLE_KINDS = ["instance", "disk", "securitygroup", "keypair", "launchtemplate", "deploymentset"] as const;
type ResourceType = (typeof TAGGABLE_KINDS)[number] | "image" | "snapshot";
const COLLECTIONS: Readonly<Record<ResourceType, RegionCollection | undefined>> = {
  ...(Object.fromEntries(TAGGABLE_KINDS.map((k) => [k, COLLECTION_OF_KIND[k]])) as Record<(typeof TAGGABLE_KINDS)[number], RegionCollection>),
  image: undefined,
  snapshot: undefined,
};

/** DescribeTags' ResourceTypeCount field name per type (the official SDK's spelling). */
const COUNT_FIELDS: Record<ResourceType, string> = {
  instance: "Instance",
  disk: "Disk",
  securitygroup: "Securitygroup",
  keypair: "KeyPair",
  launchtemplate: "LaunchTemplate",
  deploymentset: "DeploymentSet",
  image: "Image",
  snapshot: "Snapshot",
};

function readResourceType(p: ParamReader, required: boolean): ResourceType | undefined {
  const raw = p.str("ResourceType", { required });
  if (raw === undefined) return undefined;
  if (!(raw in COLLECTIONS)) throw new ApiError("InvalidResourceType.NotFound", `The ResourceType "${raw}" provided does not exist in our records. Valid values (lowercase): ${Object.keys(COLLECTIONS).join(", ")}.`, 404);
  return raw as ResourceType;
}

function taggable(region: RegionState, type: ResourceType): ResourceBase[] {
  const collection = COLLECTIONS[type];
  return collection ? Object.values(region[collection] as Record<string, ResourceBase>) : [];
}

function findResource(region: RegionState, type: ResourceType, id: string): ResourceBase {
  const collection = COLLECTIONS[type];
  const record = collection ? (region[collection] as Record<string, ResourceBase>)[id] : undefined;
  if (record) return record;
  if (type === "image" && findImage(id)) throw new ApiError("InvalidResourceId.NotSupported", `The specified ResourceId "${id}" does not support tagging: it is a public image.`, 403);
  throw new ApiError("InvalidResourceId.NotFound", `The specified ResourceId "${id}" is not found in our records (ResourceType ${type}).`, 404);
}

/** Tag.N for AddTags/TagResources: every value needs its key. */
function readTagsToAdd(p: ParamReader): Tag[] {
  p.objects("Tag").forEach((o, i) => {
    if (!o.Key && o.Value !== undefined) throw new ApiError("InvalidTag.Mismatch", `The specified Tag.${i + 1}.Key and Tag.${i + 1}.Value are not match: a value needs a key.`, 400);
  });
  const tags = p.tags("Tag", { max: MAX_TAGS_PER_RESOURCE });
  if (tags.length === 0) throw new ApiError("MissingParameter", `The input parameter "Tag.N.Key" that is mandatory for processing this request is not supplied.`, 400);
  return tags;
}

function addTagsTo(record: ResourceBase, tags: Tag[]): void {
  const merged = mergeTags(record.tags, tags);
  if (merged.length > MAX_TAGS_PER_RESOURCE)
    throw new ApiError("OperationDenied.QuotaExceed", `The quota of tags on resource is beyond permitted range: ${record.id} would have ${merged.length} tags, at most ${MAX_TAGS_PER_RESOURCE} are allowed.`, 400);
  record.tags = merged;
}

function addTags(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const type = readResourceType(ctx.params, true)!;
  const record = findResource(region, type, ctx.params.need("ResourceId"));
  addTagsTo(record, readTagsToAdd(ctx.params));
  return {};
}

function removeTags(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const type = readResourceType(ctx.params, true)!;
  const record = findResource(region, type, ctx.params.need("ResourceId"));
  const doomed = ctx.params.objects("Tag", { max: MAX_TAGS_PER_RESOURCE });
  if (doomed.length > MAX_TAGS_PER_RESOURCE) throw new ApiError("InvalidTagCount", `The specified tags are beyond the permitted range: at most ${MAX_TAGS_PER_RESOURCE}.`, 400);
  // A key alone removes the tag whatever its value; a key with a value removes it only on a match.
  record.tags = record.tags.filter((t) => !doomed.some((d) => d.Key === t.Key && (d.Value === undefined || d.Value === t.Value)));
  return {};
}

function describeTags(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const type = readResourceType(p, false);
  const resourceId = p.str("ResourceId");
  const filter = p.objects("Tag", { max: MAX_TAGS_PER_RESOURCE });
  const types = type ? [type] : (Object.keys(COLLECTIONS) as ResourceType[]);
  const pairs = new Map<string, { key: string; value: string; counts: Record<string, number> }>();
  for (const t of types) {
    for (const r of taggable(region, t)) {
      if (!ctx.visible(r) || (resourceId && r.id !== resourceId)) continue;
      for (const tag of r.tags) {
        // With a key only, every value of that key matches; with both, the exact pair.
        if (filter.length && !filter.some((f) => f.Key === tag.Key && (f.Value === undefined || f.Value === "" || f.Value === tag.Value))) continue;
        const id = `${tag.Key}\n${tag.Value}`;
        const entry = pairs.get(id) ?? { key: tag.Key, value: tag.Value, counts: {} };
        entry.counts[COUNT_FIELDS[t]] = (entry.counts[COUNT_FIELDS[t]] ?? 0) + 1;
        pairs.set(id, entry);
      }
    }
  }
  const sorted = [...pairs.values()].sort((a, b) => a.key.localeCompare(b.key) || a.value.localeCompare(b.value));
  const page = paginate(sorted, p, { defaultSize: 50, maxSize: 100 });
  return {
    TotalCount: page.TotalCount,
    PageNumber: page.PageNumber,
    PageSize: page.PageSize,
    Tags: { Tag: page.items.map((e) => ({ TagKey: e.key, TagValue: e.value, ResourceTypeCount: e.counts })) },
  };
}

function tagResources(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const type = readResourceType(ctx.params, true)!;
  const ids = ctx.params.list("ResourceId", { max: 50 });
  if (ids.length === 0) throw new ApiError("MissingParameter", `The input parameter "ResourceId.N" that is mandatory for processing this request is not supplied.`, 400);
  const records = ids.map((id) => findResource(region, type, id));
  const tags = readTagsToAdd(ctx.params);
  // Check every quota before changing any resource.
  for (const r of records) addTagsTo({ ...r, tags: [...r.tags] }, tags);
  for (const r of records) addTagsTo(r, tags);
  return {};
}

function untagResources(ctx: ActionContext): Record<string, unknown> {
  const region = ctx.region();
  const type = readResourceType(ctx.params, true)!;
  const ids = ctx.params.list("ResourceId", { max: 50 });
  if (ids.length === 0) throw new ApiError("MissingParameter", `The input parameter "ResourceId.N" that is mandatory for processing this request is not supplied.`, 400);
  const keys = ctx.params.list("TagKey", { max: MAX_TAGS_PER_RESOURCE });
  const all = ctx.params.bool("All", { default: false });
  if (keys.length === 0 && !all) throw new ApiError("MissingParameter", `The input parameter "TagKey.N" (or All=true) that is mandatory for processing this request is not supplied.`, 400);
  const records = ids.map((id) => findResource(region, type, id));
  for (const r of records) r.tags = all ? [] : r.tags.filter((t) => !keys.includes(t.Key));
  return {};
}

function listTagResources(ctx: ActionContext): Record<string, unknown> {
  const p = ctx.params;
  const region = ctx.region();
  const type = readResourceType(p, true)!;
  const ids = p.list("ResourceId", { max: 50 });
  const filter = p.objects("Tag", { max: MAX_TAGS_PER_RESOURCE });
  const rows = taggable(region, type)
    .filter((r) => ctx.visible(r) && (ids.length === 0 || ids.includes(r.id)))
    .filter((r) => filter.every((f) => r.tags.some((t) => t.Key === f.Key && (f.Value === undefined || f.Value === t.Value))))
    .sort(byCreation)
    .flatMap((r) => r.tags.map((t) => ({ ResourceId: r.id, ResourceType: type, TagKey: t.Key, TagValue: t.Value })));
  const page = paginateByToken(rows, p, { defaultMax: 50, maxMax: 1000 });
  return { NextToken: page.NextToken, TagResources: { TagResource: page.items } };
}

export const tagsActions: ActionTable = {
  AddTags: addTags,
  RemoveTags: removeTags,
  DescribeTags: describeTags,
  TagResources: tagResources,
  UntagResources: untagResources,
  ListTagResources: listTagResources,
};
