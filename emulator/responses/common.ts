/** Rendering and filtering helpers the Describe* answers share. */
import type { Tag } from "../state";

/** ISO 8601 with seconds, as Describe* answers show CreationTime (e.g. 2024-01-30T08:00:12Z). */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** DescribeInstances, DescribeDisks … render tags as Tags.Tag[{TagKey, TagValue}]. */
export const renderTags = (tags: readonly Tag[]): { Tag: Array<{ TagKey: string; TagValue: string }> } => ({
  Tag: tags.map((t) => ({ TagKey: t.Key, TagValue: t.Value })),
});

/** Wildcard match used by name filters ("web-*"). */
export function nameMatches(value: string, pattern: string): boolean {
  if (!pattern.includes("*")) return value === pattern;
  const re = new RegExp("^" + pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*") + "$");
  return re.test(value);
}
