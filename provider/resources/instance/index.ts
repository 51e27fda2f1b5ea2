/** The Instance provider: RunInstances (ClientToken) → Running (or Stopped); in-place updates
 *  with ModifyInstanceAttribute, Join/LeaveSecurityGroup, Attach/DetachKeyPair,
 *  ModifyInstanceSpec, ResizeDisk/ModifyDiskAttribute (system disk), AddTags/RemoveTags and
 *  Start/StopInstance; DeleteInstance (Force) → gone. Replacing properties: schema.json. */
import type { InstanceInputs, InstanceOutputs } from "../../../sdk/types/instance";
import { isEcsError, type EcsClient, type Params } from "../../client";
import { waitForResource, type WaitResult } from "../../wait";
import {
  applyTags, containsUnknown, createIdempotently, defineResource, dropUndefined, isNotFound, known, remainingMs, ResourceInitError, type HiddenInputs, type OpContext, type TimeoutDefaults,
} from "../common";
import { describeInstance, describeInstanceDisks, encodeUserData, instanceView, runInstancesParams, type UnreadMarker } from "./ecs";
import { INSTANCE_KIND } from "./poll";
import { validateInstance } from "./validate";

/** Documented in schema.json (Instance.timeouts). */
export const INSTANCE_TIMEOUTS: TimeoutDefaults = { create: "10m", update: "10m", delete: "20m" };

/** Codes that mean "the instance is busy, try again shortly". */
const BUSY = ["IncorrectInstanceStatus", "IncorrectInstanceStatus.Initializing", "OperationConflict", "LastTokenProcessing"];

type Ins = InstanceInputs & HiddenInputs;
type Outs = InstanceOutputs & HiddenInputs & UnreadMarker;

/** Changes ECS accepts only on a Stopped instance (ModifyInstanceSpec InstanceType,
 *  ModifyInstanceAttribute UserData). */
const STOP_NEEDED = ["instanceType", "userData"] as const;

/** Where a transitional status is heading. */
const SETTLES_TO: Readonly<Record<string, "Running" | "Stopped">> = { Pending: "Running", Starting: "Running", Running: "Running", Stopping: "Stopped", Stopped: "Stopped" };

function waitFor(ctx: OpContext, id: string, target: readonly string[] | "absent", awaiting?: string): Promise<WaitResult> {
  return waitForResource({ kind: INSTANCE_KIND, region: ctx.region, id, target, deadline: ctx.deadline, label: ctx.label, awaiting });
}

/** A call in the resource's region that retries while the instance is busy, within the deadline. */
const call = (ctx: OpContext, action: string, params: Params) =>
  ctx.client.call(action, { RegionId: ctx.region, ...params }, { retryCodes: BUSY, deadlineMs: remainingMs(ctx) });

async function readInstance(client: EcsClient, region: string, id: string, prior: Partial<Outs>) {
  const inst = await describeInstance(client, region, id);
  if (!inst) return undefined;
  return instanceView(region, inst, await describeInstanceDisks(client, region, id), prior);
}

async function setStatus(ctx: OpContext, id: string, want: "Running" | "Stopped"): Promise<WaitResult> {
  await call(ctx, want === "Running" ? "StartInstance" : "StopInstance", { InstanceId: id });
  return waitFor(ctx, id, [want]);
}

/** After an import ECS cannot say what user data the instance has (no DescribeUserData in the
 *  reference), so the program's value is recorded as it is rather than rewritten: rewriting
 *  needs a stop, and user data only runs at first boot anyway. A password is always applied
 *  (ModifyInstanceAttribute works on a running instance): an in-place update, never a replace. */
const adopts = (olds: Outs, p: string): boolean => p === "userData" && (olds.__ecsUnread ?? []).includes("userData");

export const instanceProvider = defineResource<Ins, Outs>({
  kind: INSTANCE_KIND,
  timeouts: INSTANCE_TIMEOUTS,
  hints: {
    // Omitted, ECS (or the launch template) chooses them; omission is not a change.
    computed: ["zoneId", "vswitchId", "instanceName", "hostName", "description", "internetChargeType", "internetMaxBandwidthOut", "systemDisk", "imageId", "instanceType", "securityGroupIds", "keyPairName", "deploymentSetId", "deletionProtection", "dataDisks", "userData", "password", "stopForUpdate", "timeouts", "launchTemplateVersion"],
    unordered: ["securityGroupIds"],
  },

  validate: (c, news, olds) => validateInstance(c, news, olds),

  // `status` is the actual status; an instance Starting (say) after a refresh is not a change.
  diffView: (olds) => ({ ...olds, status: SETTLES_TO[olds.status] ?? olds.status }),

  diffProblem(olds, news, d) {
    // A user data unknown since import is adopted, not applied (see update): no stop needed.
    const needing = STOP_NEEDED.filter((p) => d.changed.includes(p) && !containsUnknown(news[p]) && !adopts(olds, p));
    if (needing.length && olds.status !== "Stopped" && news.status !== "Stopped" && news.stopForUpdate !== true) {
      const what = needing.map((p) => (p === "instanceType" ? `instanceType (${olds.instanceType} → ${news.instanceType})` : p)).join(" and ");
      return `changing ${what} needs the instance stopped: set stopForUpdate: true to let the provider stop and restart it, or replace the instance`;
    }
    const before = olds.systemDisk?.size;
    const after = news.systemDisk?.size;
    if (d.changed.includes("systemDisk") && known(before) && known(after) && typeof after === "number" && after < before) {
      return `systemDisk.size cannot shrink from ${before} to ${after} GiB (disks only grow); replace the instance to get a smaller disk`;
    }
    return undefined;
  },

  async create(ctx, n) {
    const params = runInstancesParams(ctx.region, n);
    let created: string | undefined;
    // The disks exist as soon as RunInstances answers; reading them while the instance boots
    // keeps that call off the path between "Running" and create returning.
    let earlyDisks: Promise<Record<string, unknown>[] | undefined> | undefined;
    try {
      const [id, running] = await createIdempotently<[string, WaitResult]>(
        INSTANCE_KIND,
        n,
        params,
        async (token) => {
          const res = await ctx.client.call<{ InstanceIdSets?: { InstanceIdSet?: string[] } }>("RunInstances", { ...params, ClientToken: token });
          const got = res.InstanceIdSets?.InstanceIdSet?.[0];
          if (!got) throw new Error("RunInstances returned no instance id");
          created = got;
          earlyDisks = describeInstanceDisks(ctx.client, ctx.region, got).catch(() => undefined);
          return got;
        },
        // A new instance passes Pending → Starting → Running; one adopted after a crashed run
        // may already be Stopped (that run stopped it), so both settle the wait.
        async (got) => [got, await waitFor(ctx, got, ["Running", "Stopped"], "Running")],
      );
      const want = n.status === "Stopped" ? "Stopped" : "Running";
      const ready = running.status === want ? running : await setStatus(ctx, id, want);
      const prior = dropUndefined({ password: n.password, userData: n.userData, launchTemplateId: n.launchTemplateId, launchTemplateVersion: n.launchTemplateVersion, stopForUpdate: n.stopForUpdate, timeouts: n.timeouts });
      // The poller's batched Describe already holds the record, and the disks were read early
      // (again now if that read missed them, e.g. while they were not yet visible).
      let disks = await earlyDisks;
      if (!disks?.some((d) => d.Type === "system" && d.InstanceId === id)) disks = await describeInstanceDisks(ctx.client, ctx.region, id);
      const view = ready.data ? instanceView(ctx.region, ready.data, disks, prior) : await readInstance(ctx.client, ctx.region, id, prior);
      if (!view) throw new Error(`instance ${id} vanished right after it was created`);
      return { id, outs: view.outs };
    } catch (err) {
      // Created but not ready: hand the id to the engine so the instance stays managed.
      if (created && !(err instanceof ResourceInitError)) {
        throw new ResourceInitError(created, { instanceId: created, region: ctx.region, ...dropUndefined({ ...n, password: undefined }) }, err as Error);
      }
      throw err;
    }
  },

  async read(ctx, id, prior) {
    return readInstance(ctx.client, ctx.region, id, prior);
  },

  async update(ctx, id, olds, n, changed) {
    const has = (p: keyof Ins): boolean => changed.includes(p);
    let status = olds.status;
    // Act on a settled instance: Start/Stop and Modify* refuse transitional states.
    if (!(status === "Running" || status === "Stopped")) status = (await waitFor(ctx, id, ["Running", "Stopped"])).status;

    // Type and user data need Stopped (diff refused these earlier without stopForUpdate).
    if (STOP_NEEDED.some((p) => has(p) && !adopts(olds, p)) && status !== "Stopped") {
      await setStatus(ctx, id, "Stopped");
      status = "Stopped";
    }
    if (has("instanceType") && n.instanceType) await call(ctx, "ModifyInstanceSpec", { InstanceId: id, InstanceType: n.instanceType });

    const attrs: Params = {};
    if (has("instanceName")) attrs.InstanceName = n.instanceName;
    if (has("description")) attrs.Description = n.description ?? "";
    if (has("hostName")) attrs.HostName = n.hostName;
    if (has("password") && n.password) attrs.Password = n.password;
    if (has("userData") && !adopts(olds, "userData")) attrs.UserData = encodeUserData(n.userData ?? "");
    if (has("deletionProtection")) attrs.DeletionProtection = n.deletionProtection ?? false;
    if (Object.keys(attrs).length) await call(ctx, "ModifyInstanceAttribute", { InstanceId: id, ...attrs });

    if (has("securityGroupIds")) {
      const want = n.securityGroupIds ?? [];
      const have = olds.securityGroupIds ?? [];
      // Join first so the instance never has no group.
      for (const sg of want.filter((g) => !have.includes(g))) await call(ctx, "JoinSecurityGroup", { InstanceId: id, SecurityGroupId: sg });
      for (const sg of have.filter((g) => !want.includes(g))) await call(ctx, "LeaveSecurityGroup", { InstanceId: id, SecurityGroupId: sg });
    }

    if (has("keyPairName")) {
      if (olds.keyPairName) await call(ctx, "DetachKeyPair", { KeyPairName: olds.keyPairName, InstanceIds: JSON.stringify([id]) });
      if (n.keyPairName) await call(ctx, "AttachKeyPair", { KeyPairName: n.keyPairName, InstanceIds: JSON.stringify([id]) });
    }

    if (has("systemDisk") && n.systemDisk && olds.systemDiskId) {
      const sd = n.systemDisk;
      const old = olds.systemDisk ?? {};
      if (known(sd.size) && sd.size !== old.size) await call(ctx, "ResizeDisk", { DiskId: olds.systemDiskId, NewSize: sd.size, Type: "online" });
      const diskAttrs: Params = {};
      if (known(sd.name) && sd.name !== old.name) diskAttrs.DiskName = sd.name;
      if (known(sd.description) && sd.description !== old.description) diskAttrs.Description = sd.description;
      if (Object.keys(diskAttrs).length) await call(ctx, "ModifyDiskAttribute", { DiskId: olds.systemDiskId, ...diskAttrs });
    }

    if (has("internetMaxBandwidthOut") && known(n.internetMaxBandwidthOut)) {
      await call(ctx, "ModifyInstanceSpec", { InstanceId: id, InternetMaxBandwidthOut: n.internetMaxBandwidthOut });
      // ECS gives a public IP with bandwidth only at RunInstances; raising it from 0 later needs an
      // explicit allocation (the Terraform provider does the same), or publicIp would stay empty.
      if (n.internetMaxBandwidthOut > 0 && !olds.publicIp) await call(ctx, "AllocatePublicIpAddress", { InstanceId: id });
    }

    if (has("tags")) await applyTags(ctx.client, ctx.region, "instance", id, olds.tags, n.tags);

    const wantStatus = n.status === "Stopped" ? "Stopped" : "Running";
    if (status !== wantStatus) await setStatus(ctx, id, wantStatus);

    const view = await readInstance(ctx.client, ctx.region, id, dropUndefined({ ...olds, password: n.password, userData: n.userData, launchTemplateId: n.launchTemplateId, launchTemplateVersion: n.launchTemplateVersion, stopForUpdate: n.stopForUpdate, timeouts: n.timeouts }));
    if (!view) throw new Error(`instance ${id} no longer exists`);
    return view.outs;
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
