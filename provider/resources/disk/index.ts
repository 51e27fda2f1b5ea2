/** The Disk provider: CreateDisk (ClientToken) → Available, then AttachDisk → In_use when
 *  instanceId is set; ModifyDiskAttribute, ResizeDisk (grow only), detach/attach and tags in
 *  place; delete detaches first, then DeleteDisk (not-found is success). */
import type { DiskInputs, DiskOutputs } from "../../../sdk/types/disk";
import { jsonArray, type EcsClient, type Params } from "../../client";
import { waitForResource, type WaitResult } from "../../wait";
import {
  answerBool as bool, answerString as str, applyTags, createIdempotently, defineResource, dropUndefined, isNotFound, known, remainingMs, ResourceInitError, tagsFromResponse, tagsToParams,
  type HiddenInputs, type OpContext, type TimeoutDefaults,
} from "../common";
import { DISK_KIND } from "./poll";
import { validateDisk } from "./validate";

/** Documented in schema.json (Disk.timeouts). */
export const DISK_TIMEOUTS: TimeoutDefaults = { create: "5m", update: "5m", delete: "5m" };

const BUSY = ["IncorrectDiskStatus", "IncorrectDiskStatus.Initializing", "IncorrectInstanceStatus", "OperationConflict", "LastTokenProcessing"];

type Ins = DiskInputs & HiddenInputs;
type Outs = DiskOutputs & HiddenInputs;
type Raw = Record<string, unknown>;

const call = (ctx: OpContext, action: string, params: Params) =>
  ctx.client.call(action, { RegionId: ctx.region, ...params }, { retryCodes: BUSY, deadlineMs: remainingMs(ctx) });

/** Waits for a status; the result holds the poller's DescribeDisks record of the disk. */
const waitFor = (ctx: OpContext, id: string, target: readonly string[] | "absent"): Promise<WaitResult> =>
  waitForResource({ kind: DISK_KIND, region: ctx.region, id, target, deadline: ctx.deadline, label: ctx.label });

async function describeDisk(client: EcsClient, region: string, id: string): Promise<Raw | undefined> {
  const res = await client.call<{ Disks?: { Disk?: Raw[] } }>("DescribeDisks", { RegionId: region, DiskIds: jsonArray([id]) });
  return (res.Disks?.Disk ?? []).find((d) => d.DiskId === id);
}

function diskView(region: string, d: Raw, prior: Partial<Outs>): { outs: Outs; inputs: Ins } {
  const inputs: Ins = {
    region,
    zoneId: String(d.ZoneId ?? ""),
    category: str(d.Category),
    size: d.Size === undefined ? undefined : Number(d.Size),
    snapshotId: str(d.SourceSnapshotId) ?? str(d.SnapshotId),
    diskName: str(d.DiskName),
    description: str(d.Description),
    encrypted: bool(d.Encrypted) ?? false,
    deleteWithInstance: bool(d.DeleteWithInstance),
    deleteAutoSnapshot: bool(d.DeleteAutoSnapshot),
    instanceId: str(d.InstanceId),
    tags: tagsFromResponse(d),
    timeouts: prior.timeouts,
  };
  const outs: Outs = {
    ...inputs,
    region,
    diskId: String(d.DiskId),
    status: String(d.Status),
    device: str(d.Device),
    category: inputs.category ?? "",
    size: inputs.size ?? 0,
    tags: inputs.tags ?? {},
  };
  return { outs: dropUndefined(outs), inputs: dropUndefined(inputs) };
}

async function readDisk(ctx: OpContext, id: string, prior: Partial<Outs>) {
  const d = await describeDisk(ctx.client, ctx.region, id);
  return d ? diskView(ctx.region, d, prior) : undefined;
}

async function attach(ctx: OpContext, id: string, instanceId: string, deleteWithInstance: boolean | undefined): Promise<WaitResult> {
  await call(ctx, "AttachDisk", { InstanceId: instanceId, DiskId: id, DeleteWithInstance: deleteWithInstance });
  return waitFor(ctx, id, ["In_use"]);
}

async function detach(ctx: OpContext, id: string, instanceId: string): Promise<void> {
  try {
    await call(ctx, "DetachDisk", { InstanceId: instanceId, DiskId: id });
  } catch (err) {
    if (isNotFound(err)) return; // the instance (or disk) is gone: nothing is attached any more
    throw err;
  }
  await waitFor(ctx, id, ["Available"]);
}

export const diskProvider = defineResource<Ins, Outs>({
  kind: DISK_KIND,
  timeouts: DISK_TIMEOUTS,
  hints: { computed: ["diskName", "description", "deleteWithInstance", "deleteAutoSnapshot", "encrypted", "snapshotId", "size", "timeouts"] },

  validate: (c, news, olds) => validateDisk(c, news, olds),

  diffProblem(olds, news, d) {
    if (d.changed.includes("size") && known(news.size) && typeof news.size === "number" && news.size < olds.size) {
      return `size cannot shrink from ${olds.size} to ${news.size} GiB (disks only grow); replace the disk to get a smaller one`;
    }
    return undefined;
  },

  async create(ctx, n) {
    const params: Params = {
      RegionId: ctx.region,
      ZoneId: n.zoneId,
      DiskCategory: n.category,
      Size: n.snapshotId ? undefined : n.size,
      SnapshotId: n.snapshotId,
      DiskName: n.diskName,
      Description: n.description,
      Encrypted: n.encrypted,
      Tag: tagsToParams(n.tags),
    };
    let created: string | undefined;
    try {
      const [id, ready] = await createIdempotently<[string, WaitResult]>(
        DISK_KIND,
        n,
        params,
        async (token) => {
          const res = await ctx.client.call<{ DiskId?: string }>("CreateDisk", { ...params, ClientToken: token });
          if (!res.DiskId) throw new Error("CreateDisk returned no DiskId");
          created = res.DiskId;
          return res.DiskId;
        },
        async (got) => {
          // A replayed token may name a disk that is already attached (crash after AttachDisk).
          return [got, await waitFor(ctx, got, ["Available", "In_use"])];
        },
      );
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
      const view = record && !stale ? diskView(ctx.region, record, { timeouts: n.timeouts }) : await readDisk(ctx, id, { timeouts: n.timeouts });
      if (!view) throw new Error(`disk ${id} vanished right after it was created`);
      return { id, outs: view.outs };
    } catch (err) {
      if (created && !(err instanceof ResourceInitError)) {
        throw new ResourceInitError(created, dropUndefined({ diskId: created, ...n }), err as Error);
      }
      throw err;
    }
  },

  async read(ctx, id, prior) {
    return readDisk(ctx, id, prior);
  },

  async update(ctx, id, olds, n, changed) {
    const has = (p: keyof Ins): boolean => changed.includes(p);
    const attrs: Params = {};
    if (has("diskName")) attrs.DiskName = n.diskName;
    if (has("description")) attrs.Description = n.description;
    if (has("deleteAutoSnapshot")) attrs.DeleteAutoSnapshot = n.deleteAutoSnapshot;
    if (has("deleteWithInstance") && !has("instanceId")) attrs.DeleteWithInstance = n.deleteWithInstance;
    if (Object.keys(attrs).length) await call(ctx, "ModifyDiskAttribute", { DiskId: id, ...attrs });

    if (has("size") && known(n.size) && n.size !== olds.size) {
      await call(ctx, "ResizeDisk", { DiskId: id, NewSize: n.size, Type: olds.instanceId ? "online" : "offline" });
    }

    if (has("instanceId")) {
      if (olds.instanceId) await detach(ctx, id, olds.instanceId);
      if (n.instanceId) await attach(ctx, id, n.instanceId, n.deleteWithInstance);
    }

    if (has("tags")) await applyTags(ctx.client, ctx.region, "disk", id, olds.tags, n.tags);

    const view = await readDisk(ctx, id, { timeouts: n.timeouts });
    if (!view) throw new Error(`disk ${id} no longer exists`);
    return view.outs;
  },

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
