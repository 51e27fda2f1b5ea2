/** What a model function needs from the request it serves: time, the delays of status changes, and
 *  the bookkeeping of new records (creation time and order, the "invisible after create" fault). */
import type { Timing } from "../lifecycle";
import type { ResourceBase } from "../state";

export interface ModelContext {
  now(): number;
  timing: Timing;
  /** The caller's account (access key id): owner fields, CreatedBy. */
  accessKeyId: string;
  /** Call on each new record: sets createdAt and the creation sequence, applies the "invisible" fault. */
  created<T extends ResourceBase>(record: T): T;
  /** False while a record is hidden by the "invisible after create" fault. */
  visible(record: ResourceBase): boolean;
}
