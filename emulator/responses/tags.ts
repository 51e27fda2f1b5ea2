/** Tag actions over every taggable record: the reference's AddTags/RemoveTags/DescribeTags and the
 *  newer TagResources/UntagResources/ListTagResources (rules: models/tags.ts). */
import { MAX_RESOURCES_PER_TAG_CALL, TAGS } from "../../provider/spec/limits";
import { ApiError } from "../errors";
import { addTags, addTagsToAll, countField, findTaggable, MAX_TAGS_PER_RESOURCE, removeTags, RESOURCE_TYPES, taggable } from "../models/tags";
import { byCreation, type Tag } from "../state";
import { pageInfo, paginate, paginateByToken } from "./pagination";
import type { ParamReader } from "./params";
import { action, P, pageParams, REGION_ID, TAG_PARAMS, tokenParams, type Action, type Param } from "./spec";

const RESOURCE_TYPE = (required: boolean): Param =>
  P.string({ required, values: RESOURCE_TYPES, invalid: { code: "InvalidResourceType.NotFound", status: 404 }, doc: "lowercase" });

/** Tag.N for AddTags/TagResources: at least one. */
function readTagsToAdd(p: ParamReader): Tag[] {
  const tags = p.tags("Tag", { max: MAX_TAGS_PER_RESOURCE });
  if (tags.length === 0) throw new ApiError("MissingParameter", `The input parameter "Tag.N.Key" that is mandatory for processing this request is not supplied.`, 400);
  return tags;
}

function resourceIds(p: ParamReader): string[] {
  const ids = p.list("ResourceId");
  if (ids.length === 0) throw new ApiError("MissingParameter", `The input parameter "ResourceId.N" that is mandatory for processing this request is not supplied.`, 400);
  return ids;
}

const TAG_LIMIT_NOTE = `At most ${MAX_TAGS_PER_RESOURCE} tags per resource (OperationDenied.QuotaExceed); a key is 1-${TAGS.keyMax} characters and may not begin with aliyun or acs:, a value 0-${TAGS.valueMax} and may not begin with acs:; neither may contain http:// or https://.`;

export const tagsActions: Record<string, Action> = {
  AddTags: action(
    {
      kind: "tag",
      summary: "Adds tags to one resource (a key already there takes the new value).",
      params: { ...REGION_ID, ResourceType: RESOURCE_TYPE(true), ResourceId: P.string({ required: true }), ...TAG_PARAMS() },
      notes: [TAG_LIMIT_NOTE],
    },
    (ctx) => {
      const record = findTaggable(ctx.region(), ctx.params.need("ResourceType"), ctx.params.need("ResourceId"));
      addTags(record, readTagsToAdd(ctx.params));
      return {};
    },
  ),

  RemoveTags: action(
    {
      kind: "tag",
      summary: "Removes tags from one resource: a key alone removes it whatever its value, a key and value only on a match.",
      params: { ...REGION_ID, ResourceType: RESOURCE_TYPE(true), ResourceId: P.string({ required: true }), Tag: P.objects({ Key: P.string(), Value: P.string() }, { maxItems: MAX_TAGS_PER_RESOURCE, invalid: { code: "InvalidTagCount" } }) },
    },
    (ctx) => {
      const record = findTaggable(ctx.region(), ctx.params.need("ResourceType"), ctx.params.need("ResourceId"));
      removeTags(record, ctx.params.objects("Tag"));
      return {};
    },
  ),

  DescribeTags: action(
    {
      kind: "tag",
      summary: "Tag key/value pairs in use, with how many resources of each type carry them.",
      params: { ...REGION_ID, ResourceType: RESOURCE_TYPE(false), ResourceId: P.string(), Tag: P.objects({ Key: P.string(), Value: P.string() }, { maxItems: MAX_TAGS_PER_RESOURCE }), ...pageParams(100, 50) },
    },
    (ctx) => {
      const p = ctx.params;
      const region = ctx.region();
      const type = p.str("ResourceType");
      const resourceId = p.str("ResourceId");
      const filter = p.tags("Tag");
      const types = type ? [type] : RESOURCE_TYPES;
      const pairs = new Map<string, { key: string; value: string; counts: Record<string, number> }>();
      for (const t of types) {
        for (const r of taggable(region, t)) {
          if (!ctx.visible(r) || (resourceId && r.id !== resourceId)) continue;
          for (const tag of r.tags) {
            // With a key only, every value of that key matches; with both, the exact pair.
            if (filter.length && !filter.some((f) => f.Key === tag.Key && (f.Value === undefined || f.Value === "" || f.Value === tag.Value))) continue;
            const id = `${tag.Key}\n${tag.Value}`;
            const entry = pairs.get(id) ?? { key: tag.Key, value: tag.Value, counts: {} };
            entry.counts[countField(t)] = (entry.counts[countField(t)] ?? 0) + 1;
            pairs.set(id, entry);
          }
        }
      }
      const sorted = [...pairs.values()].sort((a, b) => a.key.localeCompare(b.key) || a.value.localeCompare(b.value));
      const page = paginate(sorted, p);
      return {
        ...pageInfo(page),
        Tags: { Tag: page.items.map((e) => ({ TagKey: e.key, TagValue: e.value, ResourceTypeCount: e.counts })) },
      };
    },
  ),

  TagResources: action(
    {
      kind: "tag",
      summary: "Adds tags to up to 50 resources of one type, to all of them or to none.",
      params: { ...REGION_ID, ResourceType: RESOURCE_TYPE(true), ResourceId: P.list({ maxItems: MAX_RESOURCES_PER_TAG_CALL }), ...TAG_PARAMS() },
      notes: [TAG_LIMIT_NOTE],
    },
    (ctx) => {
      const region = ctx.region();
      const type = ctx.params.need("ResourceType");
      const records = resourceIds(ctx.params).map((id) => findTaggable(region, type, id));
      addTagsToAll(records, readTagsToAdd(ctx.params));
      return {};
    },
  ),

  UntagResources: action(
    {
      kind: "tag",
      summary: "Removes tags (by key, or all of them) from up to 50 resources of one type.",
      params: { ...REGION_ID, ResourceType: RESOURCE_TYPE(true), ResourceId: P.list({ maxItems: MAX_RESOURCES_PER_TAG_CALL }), TagKey: P.list({ maxItems: MAX_TAGS_PER_RESOURCE }), All: P.boolean({ default: false }) },
    },
    (ctx) => {
      const region = ctx.region();
      const type = ctx.params.need("ResourceType");
      const ids = resourceIds(ctx.params);
      const keys = ctx.params.list("TagKey");
      const all = ctx.params.bool("All");
      if (keys.length === 0 && !all) throw new ApiError("MissingParameter", `The input parameter "TagKey.N" (or All=true) that is mandatory for processing this request is not supplied.`, 400);
      const records = ids.map((id) => findTaggable(region, type, id));
      for (const r of records) r.tags = all ? [] : r.tags.filter((t) => !keys.includes(t.Key));
      return {};
    },
  ),

  ListTagResources: action(
    {
      kind: "tag",
      summary: "The tags of resources of one type, one row per resource and tag.",
      params: { ...REGION_ID, ResourceType: RESOURCE_TYPE(true), ResourceId: P.list({ maxItems: MAX_RESOURCES_PER_TAG_CALL }), Tag: P.objects({ Key: P.string(), Value: P.string() }, { maxItems: MAX_TAGS_PER_RESOURCE }), NextToken: tokenParams(1000, 50).NextToken! },
    },
    (ctx) => {
      const p = ctx.params;
      const region = ctx.region();
      const type = p.need("ResourceType");
      const ids = p.list("ResourceId");
      const filter = p.objects("Tag");
      const rows = taggable(region, type)
        .filter((r) => ctx.visible(r) && (ids.length === 0 || ids.includes(r.id)))
        .filter((r) => filter.every((f) => r.tags.some((t) => t.Key === f.Key && (f.Value === undefined || f.Value === t.Value))))
        .sort(byCreation)
        .flatMap((r) => r.tags.map((t) => ({ ResourceId: r.id, ResourceType: type, TagKey: t.Key, TagValue: t.Value })));
      const page = paginateByToken(rows, p, 50);
      return { NextToken: page.NextToken, TagResources: { TagResource: page.items } };
    },
  ),
};
