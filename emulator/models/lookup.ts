/** Finding records by kind and id, with the kind's "not found" error (kinds.ts). */
import { notFound, type ResourceKind } from "../kinds";
import { collectionOf, type RecordOf, type RegionState } from "../state";

/** The record, or the kind's NotFound error. */
export function find<K extends ResourceKind>(reg: RegionState, kind: K, id: string): RecordOf<K> {
  const coll = collectionOf(reg, kind);
  const record = Object.hasOwn(coll, id) ? coll[id] : undefined;
  if (!record) throw notFound(kind, id);
  return record;
}

/** The record, or undefined. */
export function lookup<K extends ResourceKind>(reg: RegionState, kind: K, id: string): RecordOf<K> | undefined {
  const coll = collectionOf(reg, kind);
  return Object.hasOwn(coll, id) ? coll[id] : undefined;
}

/** The records named by `ids` (each once; unknown ids match nothing), looked up by key so the cost
 *  follows the ids, not the region's size; without `ids`, all of them. */
export function recordsByIds<T>(collection: Record<string, T>, ids: readonly string[] | undefined): T[] {
  if (!ids) return Object.values(collection);
  const out: T[] = [];
  for (const id of new Set(ids)) if (Object.hasOwn(collection, id)) out.push(collection[id]);
  return out;
}
