/** The Disk provider: CreateDisk (ClientToken) → Available, then AttachDisk → In_use when
 *  instanceId is set. Every property fact is in ./spec.ts; here only what is the disk's own:
 *  creating, describing and deleting it, resizing, and moving it between instances. */
import type { DiskInputs, DiskOutputs } from "../../types/disk";
import { isAlreadyDone, jsonArray, type EcsClient, type Params } from "../../client";
import { createParams } from "../../spec/wire";
import { describeBatched, waitForResource, type WaitResult } from "../../wait";
import { answerString as str, CREATING, createOnce, defineResource, withCreatingOwnerTag, isNotFound, known, remainingMs, initErrorFor, type HiddenInputs, type OpContext } from "../common";
import { diskSpec } from "./spec";

type Ins = DiskInputs & HiddenInputs;
type Outs = DiskOutputs & HiddenInputs;
type Raw = Record<string, unknown>;

export const DISK_KIND = diskSpec.kind;

/** A call in the disk's region within the operation's deadline (the client retries a busy disk
 *  or instance until then). */
const call = (ctx: OpContext, action: string, params: Params) => ctx.client.call(action, { RegionId: ctx.region, ...params }, { deadlineMs: remainingMs(ctx) });

/** Waits for a status; the result holds the poller's DescribeDisks record of the disk. */
const waitFor = (ctx: OpContext, id: string, target: readonly string[] | "absent", graceMs?: number): Promise<WaitResult> =>
  waitForResource({ kind: DISK_KIND, region: ctx.region, id, target, deadline: ctx.deadline, label: ctx.label, graceMs });

async function describeDisk(_client: EcsClient, region: string, id: string): Promise<Raw | undefined> {
  return describeBatched(DISK_KIND, region, id);
}

async function attach(ctx: OpContext, id: string, instanceId: string, deleteWithInstance: boolean | undefined): Promise<WaitResult> {
  await call(ctx, "AttachDisk", { InstanceId: instanceId, DiskId: id, DeleteWithInstance: deleteWithInstance });
  return waitFor(ctx, id, ["In_use"]);
}

async function detach(ctx: OpContext, id: string, instanceId: string): Promise<void> {
  try {
    // Already detached from it (the client's "already in the wanted state"): nothing to wait for;
    // a disk still Detaching makes the next call busy, which the client retries.
    if (isAlreadyDone(await call(ctx, "DetachDisk", { InstanceId: instanceId, DiskId: id }))) return;
  } catch (err) {
    if (isNotFound(err)) return; // the instance (or disk) is gone: nothing is attached any more
    throw err;
  }
  await waitFor(ctx, id, ["Available"]);
}

export const diskProvider = defineResource<typeof diskSpec, Ins, Outs>(diskSpec, {
  poll: {
    batchSize: 100,
    async describe(client, region, ids) {
      const res = await client.call<{ Disks?: { Disk?: (Raw & { DiskId: string; Status: string })[] } }>("DescribeDisks", { RegionId: region, DiskIds: jsonArray(ids), PageSize: 100 });
      // The whole record rides along, so a create builds its outputs without another Describe.
      return new Map((res.Disks?.Disk ?? []).map((d) => [d.DiskId, { status: d.Status, data: d }]));
    },
  },

  // Detach/attach first, so that release settings apply to where the disk ends up.
  updateOrder: ["attachment", "ModifyDiskAttribute", "resize"],

  updaters: {
    async resize(ctx, { id, olds, news }) {
      if (known(news.size) && news.size !== olds.size) await call(ctx, "ResizeDisk", { DiskId: id, NewSize: news.size, Type: olds.instanceId ? "online" : "offline" });
    },
    async attachment(ctx, { id, olds, news }) {
      if (olds.instanceId) await detach(ctx, id, olds.instanceId);
      if (news.instanceId) await attach(ctx, id, news.instanceId, news.deleteWithInstance);
    },
  },

  async create(ctx, n) {
    // Size is ignored with a snapshot (the disk takes the snapshot's size).
    const owned = { ...n, tags: withCreatingOwnerTag(DISK_KIND, n.tags, n) } as unknown as Record<string, unknown>;
    const params: Params = { RegionId: ctx.region, ...createParams(diskSpec.inputs, owned), ...(n.snapshotId ? { Size: undefined } : {}) } as Params;
    let created: string | undefined;
    try {
      const [id, ready] = await createOnce<[string, WaitResult]>(ctx, diskSpec, n, {
        async send(token) {
          const res = await ctx.client.call<{ DiskId?: string }>("CreateDisk", { ...params, ClientToken: token });
          if (!res.DiskId) throw new Error("CreateDisk returned no DiskId");
          return res.DiskId;
        },
        // An adopted disk may already be attached (a crash after AttachDisk).
        settle: async (got) => {
          created = got;
          return [got, await waitFor(ctx, got, ["Available", "In_use"], CREATING)];
        },
      });
      // The poller's batched DescribeDisks already holds the disk's record: the create reads it
      // from there instead of asking again (one DescribeDisks fewer per disk, two when attached).
      let record = ready.data;
      let stale = false; // a write since the record was read that the record does not show
      if (n.deleteAutoSnapshot !== undefined || (n.deleteWithInstance !== undefined && !n.instanceId)) {
        await call(ctx, "ModifyDiskAttribute", { DiskId: id, DeleteAutoSnapshot: n.deleteAutoSnapshot, DeleteWithInstance: n.instanceId ? undefined : n.deleteWithInstance });
        stale = true;
      }
      if (n.instanceId && str(record?.InstanceId) !== n.instanceId) {
        // Read after the attach (and after the ModifyDiskAttribute above): current again.
        record = (await attach(ctx, id, n.instanceId, n.deleteWithInstance)).data;
        stale = false;
      }
      if (!record || stale) record = await describeDisk(ctx.client, ctx.region, id);
      if (!record) throw new Error(`disk ${id} vanished right after it was created`);
      return { id, record };
    } catch (err) {
      throw created ? initErrorFor(created, err) : err;
    }
  },

  describe: (ctx, id) => describeDisk(ctx.client, ctx.region, id),

  async delete(ctx, id) {
    const current = await describeDisk(ctx.client, ctx.region, id);
    if (!current) return;
    const attachedTo = str(current.InstanceId);
    if (attachedTo) await detach(ctx, id, attachedTo);
    try {
      await call(ctx, "DeleteDisk", { DiskId: id });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    await waitFor(ctx, id, "absent");
  },
});
