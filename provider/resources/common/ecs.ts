/** Small ECS mappings more than one resource needs. */
import type { EcsClient } from "../../client";

/** Codes (and empty answers) that mean "this resource does not exist". */
const NOT_FOUND = /NotFound|^Forbidden\.InstanceNotFound$|^InvalidInstanceId\.NotFound$|^InvalidDiskId\.NotFound$/;

export function isNotFound(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && NOT_FOUND.test(code);
}

/** A field of a Describe answer, absent when ECS left it out, null or empty. */
export const answerString = (v: unknown): string | undefined => (v === undefined || v === null || v === "" ? undefined : String(v));
/** A boolean field of a Describe answer (true or "true"), absent when left out, null or empty. */
export const answerBool = (v: unknown): boolean | undefined => (v === undefined || v === null || v === "" ? undefined : v === true || v === "true");

export type Tags = Record<string, string>;

/** { env: "prod" } → [{ Key: "env", Value: "prod" }] (Tag.n.Key / Tag.n.Value). */
export const tagsToParams = (tags: Tags | undefined): { Key: string; Value: string }[] =>
  Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

/** A Describe item's own tags, Tags.Tag[{ TagKey, TagValue }] → { key: value }. */
export function tagsFromResponse(resource: Record<string, unknown>): Tags {
  const list = ((resource.Tags as { Tag?: unknown[] } | undefined)?.Tag ?? []) as Record<string, unknown>[];
  const out: Tags = {};
  for (const t of list) {
    const k = String(t.TagKey ?? "");
    if (k) out[k] = String(t.TagValue ?? "");
  }
  return out;
}

export function tagChanges(olds: Tags | undefined, news: Tags | undefined): { add: Tags; remove: string[] } {
  const o = olds ?? {};
  const n = news ?? {};
  const add: Tags = {};
  for (const [k, v] of Object.entries(n)) if (o[k] !== v) add[k] = v;
  const remove = Object.keys(o).filter((k) => !(k in n));
  return { add, remove };
}

/** Applies tag changes with RemoveTags and AddTags (ResourceType instance | disk | …). */
export async function applyTags(client: EcsClient, region: string, resourceType: string, id: string, olds: Tags | undefined, news: Tags | undefined): Promise<void> {
  const { add, remove } = tagChanges(olds, news);
  if (remove.length) {
    await client.call("RemoveTags", { RegionId: region, ResourceType: resourceType, ResourceId: id, Tag: remove.map((Key) => ({ Key })) });
  }
  if (Object.keys(add).length) {
    await client.call("AddTags", { RegionId: region, ResourceType: resourceType, ResourceId: id, Tag: tagsToParams(add) });
  }
}
