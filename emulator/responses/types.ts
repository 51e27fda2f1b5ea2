/** The contract between the server and every action handler. */
import type { IncomingHttpHeaders } from "node:http";
import type { Clock } from "../clock";
import type { RegionCollection } from "../kinds";
import type { Credential } from "../protocol/auth";
import type { Timing } from "../lifecycle";
import type { ParamReader } from "./params";
import type { AccountState, RegionState, ResourceBase, Store } from "../state";

export interface ActionContext {
  action: string;
  params: ParamReader;
  accessKeyId: string;
  account: AccountState;
  /** The RegionId parameter's region state. Throws MissingParameter / InvalidRegionId.NotFound; sweeps released resources first.
   *  Actions whose reference has no required RegionId (StopInstance, DeleteDisk …: the real cloud takes the region from the
   *  endpoint) pass `locate`: without RegionId, the region holding that id is used (or the first region, so the
   *  caller's own NotFound speaks). */
  region(locate?: { collection: RegionCollection; id: string | undefined }): RegionState;
  /** The region state of another catalogue region (no parameter involved). */
  regionById(regionId: string): RegionState;
  store: Store;
  clock: Clock;
  now(): number;
  timing: Timing;
  requestId: string;
  /** Call on each record a create handler makes: sets createdAt and applies the "invisible" fault. */
  created<T extends ResourceBase>(record: T): T;
  /** False while a record is hidden by the "invisible after create" fault; Describe* handlers filter with it. */
  visible(record: ResourceBase): boolean;
  /** The account's RAM role names (the STS configuration's roles); empty when none is configured. */
  ramRoles(): readonly string[];
}

/** Returns the response body without RequestId (the server adds it). */
export type Handler = (ctx: ActionContext) => Record<string, unknown> | Promise<Record<string, unknown>>;
export type ActionTable = Record<string, Handler>;

/** Raw HTTP routes outside the ECS RPC protocol (e.g. Tencent's bare-metal v2 endpoint at /v2/index.php). */
export interface RawRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
}
export interface RawResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}
export interface CoreServices {
  store: Store;
  clock: Clock;
  timing: Timing;
  /** Looks up a configured credential by access key id (or secret id). */
  credential(accessKeyId: string): Credential | undefined;
  /** Call after changing state so persistence saves it. */
  markDirty(): void;
  /** Counts the call in the per-action counters (key as you like, e.g. "tencent:DescribeRegions"). */
  count(action: string): void;
}
export type RouteHandler = (req: RawRequest, core: CoreServices) => RawResponse | Promise<RawResponse>;
export type RouteTable = Record<string, RouteHandler>;
