/** The Instance provider: RunInstances (ClientToken) → Running (or Stopped); DeleteInstance
 *  (Force) → gone. Every property fact is in ./spec.ts; here only what is the instance's own:
 *  its create, its record, its updaters (security groups, key pair, system disk, bandwidth,
 *  status), stopping it for changes that need it stopped, and its write-only inputs. */
import { isEcsError, jsonArray, type Params } from "../../client";
import type { View } from "../../spec/view";
import type { InstanceInputs, InstanceOutputs } from "../../types/instance";
import { waitForResource, type WaitResult } from "../../wait";
import { CREATING, createOnce, defineResource, dropUndefined, isNotFound, known, remainingMs, ResourceInitError, type HiddenInputs, type OpContext, type Update } from "../common";
import { describeInstance, describeInstanceDisks, instanceRecord, runInstancesParams } from "./ecs";
import { instanceSpec } from "./spec";

export const INSTANCE_KIND = instanceSpec.kind;

/** Codes that mean "the instance is busy, try again shortly". */
const BUSY = ["IncorrectInstanceStatus", "IncorrectInstanceStatus.Initializing", "OperationConflict", "LastTokenProcessing"];

/** Inputs ECS cannot report back (the spec's write-only ones). After an import they are unknown
 *  until a program states them. */
export const WRITE_ONLY = Object.entries(instanceSpec.inputs).filter(([, p]) => "writeOnly" in p && p.writeOnly).map(([k]) => k) as ("userData" | "password")[];
export type WriteOnly = (typeof WRITE_ONLY)[number];

/** Hidden output (ignored by the diff): which write-only inputs the state does not know, because
 *  the instance was imported rather than created or updated by the provider. */
export interface UnreadMarker {
  __ecsUnread?: WriteOnly[];
}

type Ins = InstanceInputs & HiddenInputs;
type Outs = InstanceOutputs & HiddenInputs & UnreadMarker;
type Raw = Record<string, unknown>;

/** The changes that need the instance stopped (the spec's `needs: "stopped"`). */
const STOP_NEEDED = Object.entries(instanceSpec.inputs)
  .filter(([, p]) => "needs" in p.change && p.change.needs === "stopped")
  .map(([k]) => k);

function waitFor(ctx: OpContext, id: string, target: readonly string[] | "absent", awaiting?: string, graceMs?: number): Promise<WaitResult> {
  return waitForResource({ kind: INSTANCE_KIND, region: ctx.region, id, target, deadline: ctx.deadline, label: ctx.label, awaiting, graceMs });
}

/** A call in the resource's region that retries while the instance is busy, within the deadline. */
const call = (ctx: OpContext, action: string, params: Params) =>
  ctx.client.call(action, { RegionId: ctx.region, ...params }, { retryCodes: BUSY, deadlineMs: remainingMs(ctx) });

async function setStatus(ctx: OpContext, id: string, want: "Running" | "Stopped"): Promise<WaitResult> {
  await call(ctx, want === "Running" ? "StartInstance" : "StopInstance", { InstanceId: id });
  return waitFor(ctx, id, [want]);
}

/** After an import ECS cannot say what user data the instance has (no DescribeUserData in the
 *  reference), so the program's value is recorded as it is rather than rewritten: rewriting needs
 *  a stop, and user data only runs at first boot anyway. A password is always applied
 *  (ModifyInstanceAttribute works on a running instance): an in-place update, never a replace. */
const adopts = (olds: Outs, p: string): boolean => p === "userData" && (olds.__ecsUnread ?? []).includes("userData");

const wantedStatus = (n: Ins): "Running" | "Stopped" => (n.status === "Stopped" ? "Stopped" : "Running");

export const instanceProvider = defineResource<typeof instanceSpec, Ins, Outs>(instanceSpec, {
  poll: {
    batchSize: 100,
    async describe(client, region, ids) {
      const res = await client.call<{ Instances?: { Instance?: (Raw & { InstanceId: string; Status: string })[] } }>("DescribeInstances", { RegionId: region, InstanceIds: jsonArray(ids), PageSize: 100 });
      // The whole record rides along, so a create builds its outputs without another Describe.
      return new Map((res.Instances?.Instance ?? []).map((i) => [i.InstanceId, { status: i.Status, data: i }]));
    },
  },

  diffProblem(olds, news, d) {
    // A user data unknown since import is adopted, not applied (see update): no stop needed.
    const needing = STOP_NEEDED.filter((p) => d.changed.includes(p) && known((news as Raw)[p]) && !adopts(olds, p));
    if (needing.length && olds.status !== "Stopped" && news.status !== "Stopped" && news.stopForUpdate !== true) {
      const what = needing.map((p) => (p === "instanceType" ? `instanceType (${olds.instanceType} → ${news.instanceType})` : p)).join(" and ");
      return `changing ${what} needs the instance stopped: set stopForUpdate: true to let the provider stop and restart it, or replace the instance`;
    }
    return undefined;
  },

  updateOrder: ["ModifyInstanceAttribute", "ModifyInstanceSpec", "securityGroups", "keyPair", "systemDisk", "bandwidth", "tags", "status"],

  /** Acts on a settled instance (Start/Stop and Modify* refuse transitional states), stopped
   *  first when a change needs it, and leaves it at the program's status. */
  async aroundUpdate(ctx, u, apply) {
    let status: string = u.olds.status;
    if (!(status === "Running" || status === "Stopped")) status = (await waitFor(ctx, u.id, ["Running", "Stopped"])).status;
    const changed = u.changed.filter((p) => !adopts(u.olds, p));
    if (STOP_NEEDED.some((p) => changed.includes(p)) && status !== "Stopped") status = (await setStatus(ctx, u.id, "Stopped")).status;
    const patch = await apply({ ...u, changed: changed.filter((p) => p !== "status") });
    if (status !== wantedStatus(u.news)) await setStatus(ctx, u.id, wantedStatus(u.news));
    return patch;
  },

  updaters: {
    async securityGroups(ctx, { id, olds, news }) {
      const want = news.securityGroupIds ?? [];
      const have = olds.securityGroupIds ?? [];
      // Join first so the instance never has no group.
      for (const sg of want.filter((g) => !have.includes(g))) await call(ctx, "JoinSecurityGroup", { InstanceId: id, SecurityGroupId: sg });
      for (const sg of have.filter((g) => !want.includes(g))) await call(ctx, "LeaveSecurityGroup", { InstanceId: id, SecurityGroupId: sg });
    },
    async keyPair(ctx, { id, olds, news }) {
      if (olds.keyPairName) await call(ctx, "DetachKeyPair", { KeyPairName: olds.keyPairName, InstanceIds: jsonArray([id]) });
      if (news.keyPairName) await call(ctx, "AttachKeyPair", { KeyPairName: news.keyPairName, InstanceIds: jsonArray([id]) });
    },
    async systemDisk(ctx, { olds, news }) {
      const sd = news.systemDisk;
      if (!sd || !olds.systemDiskId) return;
      const old = olds.systemDisk ?? {};
      if (known(sd.size) && sd.size !== old.size) await call(ctx, "ResizeDisk", { DiskId: olds.systemDiskId, NewSize: sd.size, Type: "online" });
      const attrs: Params = {};
      if (known(sd.name) && sd.name !== old.name) attrs.DiskName = sd.name;
      if (known(sd.description) && sd.description !== old.description) attrs.Description = sd.description;
      if (Object.keys(attrs).length) await call(ctx, "ModifyDiskAttribute", { DiskId: olds.systemDiskId, ...attrs });
    },
    async bandwidth(ctx, { id, olds, news }) {
      if (!known(news.internetMaxBandwidthOut)) return;
      await call(ctx, "ModifyInstanceSpec", { InstanceId: id, InternetMaxBandwidthOut: news.internetMaxBandwidthOut });
      // ECS gives a public IP with bandwidth only at RunInstances; raising it from 0 later needs an
      // explicit allocation (the Terraform provider does the same), or publicIp would stay empty.
      if (news.internetMaxBandwidthOut > 0 && !olds.publicIp) await call(ctx, "AllocatePublicIpAddress", { InstanceId: id });
    },
    // Applied by aroundUpdate, after every other change.
    status: async () => undefined,
  },

  async create(ctx, n) {
    const params = runInstancesParams(ctx.region, n);
    let created: string | undefined;
    // The disks exist as soon as RunInstances answers; reading them while the instance boots
    // keeps that call off the path between "Running" and create returning.
    let earlyDisks: Promise<Raw[] | undefined> | undefined;
    try {
      const [id, running] = await createOnce<[string, WaitResult]>(ctx, instanceSpec, n, {
        async send(token) {
          const res = await ctx.client.call<{ InstanceIdSets?: { InstanceIdSet?: string[] } }>("RunInstances", { ...params, ClientToken: token });
          const got = res.InstanceIdSets?.InstanceIdSet?.[0];
          if (!got) throw new Error("RunInstances returned no instance id");
          earlyDisks = describeInstanceDisks(ctx.client, ctx.region, got).catch(() => undefined);
          return got;
        },
        // A new instance passes Pending → Starting → Running; one adopted after a crashed run
        // may already be Stopped (that run stopped it), so both settle the wait. However long
        // Describe takes to list it, it is never taken for gone (the create deadline bounds it).
        settle: async (got) => {
          created = got;
          return [got, await waitFor(ctx, got, ["Running", "Stopped"], "Running", CREATING)];
        },
      });
      const ready = running.status === wantedStatus(n) ? running : await setStatus(ctx, id, wantedStatus(n));
      // The poller's batched Describe already holds the record, and the disks were read early
      // (again now if that read missed them, e.g. while they were not yet visible).
      let disks = await earlyDisks;
      if (!disks?.some((d) => d.Type === "system" && d.InstanceId === id)) disks = await describeInstanceDisks(ctx.client, ctx.region, id);
      const inst = ready.data ?? (await describeInstance(ctx.client, ctx.region, id));
      if (!inst) throw new Error(`instance ${id} vanished right after it was created`);
      return { id, record: instanceRecord(inst, disks, undefined) };
    } catch (err) {
      // Created but not ready: hand the id to the engine so the instance stays managed.
      if (created && !(err instanceof ResourceInitError)) {
        throw new ResourceInitError(created, { instanceId: created, region: ctx.region, ...dropUndefined({ ...n, password: undefined }) }, err as Error);
      }
      throw err;
    }
  },

  async describe(ctx, id, prior) {
    const inst = await describeInstance(ctx.client, ctx.region, id);
    if (!inst) return undefined;
    return instanceRecord(inst, await describeInstanceDisks(ctx.client, ctx.region, id), prior.dataDiskIds);
  },

  /** Marks the write-only inputs the state does not know: import (no prior state) knows neither;
   *  later reads carry what is still unknown. */
  adjustView(view: View, prior, program): View {
    const imported = prior.instanceId === undefined && program.instanceId === undefined && program.__ecsName === undefined;
    const unread = (imported ? [...WRITE_ONLY] : (prior.__ecsUnread ?? [])).filter((p) => program[p] === undefined);
    return unread.length ? { ...view, outs: { ...view.outs, __ecsUnread: unread } } : view;
  },

  async delete(ctx, id) {
    try {
      await call(ctx, "DeleteInstance", { InstanceId: id, Force: true });
    } catch (err) {
      if (isNotFound(err)) return;
      if (isEcsError(err) && /DeletionProtection/i.test(`${err.code} ${err.ecsMessage}`)) {
        throw new Error(`deletion protection is on (${err.code}, RequestId ${err.requestId ?? "?"}): set deletionProtection: false and run pulumi up, then destroy`, { cause: err });
      }
      throw err;
    }
    await waitFor(ctx, id, "absent");
  },
});

export type { Update };
