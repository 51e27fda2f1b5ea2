/** The Instance provider: RunInstances (ClientToken) → Running (or Stopped); DeleteInstance
 *  (Force) → gone. Every property fact is in ./spec.ts; here only what is the instance's own:
 *  its create, its record, its updaters (security groups, key pair, system disk, network, RAM
 *  role, billing, deployment set, status), stopping it for changes that need it stopped, and
 *  the inputs a launch template may supply. */
import { isEcsError, jsonArray, type Params } from "../../client";
import type { PropertyDiff } from "../../spec/compare";
import * as limits from "../../spec/limits";
import type { InstanceInputs, InstanceOutputs } from "../../types/instance";
import { waitForResource, type WaitResult } from "../../wait";
import { CREATING, createOnce, defineResource, isNotFound, known, remainingMs, initErrorFor, type HiddenInputs, type OpContext, type Update } from "../common";
import { describeInstanceAndDisks, readNewInstanceDisks } from "./disks";
import { describeInstance, describeInstanceExtras, instanceRecord, runInstancesParams, type InstanceExtras } from "./ecs";
import { encodeUserData, instanceSpec } from "./spec";

export const INSTANCE_KIND = instanceSpec.kind;

type Ins = InstanceInputs & HiddenInputs;
type Outs = InstanceOutputs & HiddenInputs;
type Raw = Record<string, unknown>;

/** Inputs a launch template may supply that are not `computed` (omitting them otherwise means
 *  "none": leave the set, detach the role, cancel the release). With launchTemplateId set, an
 *  omitted one keeps what the instance has. */
const FROM_TEMPLATE = ["deploymentSetId", "ramRoleName", "autoReleaseTime"] as const;

/** The changes that need the instance stopped (the spec's `needs: "stopped"`). */
const STOP_NEEDED = Object.entries(instanceSpec.inputs)
  .filter(([, p]) => "needs" in p.change && p.change.needs === "stopped")
  .map(([k]) => k);

function waitFor(ctx: OpContext, id: string, target: readonly string[] | "absent", awaiting?: string, graceMs?: number): Promise<WaitResult> {
  return waitForResource({ kind: INSTANCE_KIND, region: ctx.region, id, target, deadline: ctx.deadline, label: ctx.label, awaiting, graceMs });
}

/** A call in the resource's region within the operation's deadline (the client retries a busy
 *  instance until then). */
const call = (ctx: OpContext, action: string, params: Params) => ctx.client.call(action, { RegionId: ctx.region, ...params }, { deadlineMs: remainingMs(ctx) });

async function setStatus(ctx: OpContext, id: string, want: "Running" | "Stopped"): Promise<WaitResult> {
  await call(ctx, want === "Running" ? "StartInstance" : "StopInstance", { InstanceId: id });
  return waitFor(ctx, id, [want]);
}

/** A RAM role call on one instance: ECS answers per instance, so a refusal is in the result, not
 *  the call's error. */
async function ramRoleCall(ctx: OpContext, action: "AttachInstanceRamRole" | "DetachInstanceRamRole", id: string, role: string): Promise<void> {
  const res = await call(ctx, action, { InstanceIds: jsonArray([id]), RamRoleName: role });
  const list = (res[`${action}Results`] as Raw | undefined)?.[`${action}Result`] as { InstanceId?: string; Success?: boolean | string; Code?: string; Message?: string }[] | undefined;
  const mine = list?.find((r) => r.InstanceId === id);
  if (mine && mine.Success !== true && mine.Success !== "true")
    throw new Error(`${action} ${role} on instance ${id} failed: ${mine.Code ?? "?"}: ${mine.Message ?? ""} (RequestId ${String(res.RequestId ?? "?")})`);
}

/** What the create knows of the user data and RAM role without asking: what it sent, or nothing
 *  when it sent nothing and no launch template could have supplied them. */
function sentExtras(n: Ins): InstanceExtras | undefined {
  if (n.launchTemplateId && (n.userData === undefined || n.ramRoleName === undefined)) return undefined;
  return { __userData: n.userData === undefined ? "" : encodeUserData(n.userData), __ramRoleName: n.ramRoleName ?? "" };
}

/** A refresh of an instance whose state holds no user data does not ask for it: ECS reads user
 *  data one instance at a time (DescribeUserData), which would make a refresh cost a call per
 *  instance instead of one Describe per 100. The property is computed, so user data added outside
 *  Pulumi to such an instance is no change for the program either; an instance with user data in
 *  its state, a read after an update and an import still read it. */
const refreshWithoutUserData = (ctx: OpContext, prior: Partial<Outs>): boolean => ctx.op === "read" && prior.instanceId !== undefined && !prior.userData;

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

  refineDiff(_olds, news, d): PropertyDiff {
    if (!news.launchTemplateId) return d;
    const kept = FROM_TEMPLATE.filter((p) => news[p] === undefined);
    return { changed: d.changed.filter((p) => !(kept as readonly string[]).includes(p)), replaces: d.replaces };
  },

  validate(c, news, olds) {
    const prePaid = news.instanceChargeType === "PrePaid";
    // ECS needs a period to bill a subscription from (RunInstances, ModifyInstanceChargeType).
    if (prePaid && olds?.instanceChargeType !== "PrePaid" && news.period === undefined) c.fail("period", "is required when instanceChargeType is PrePaid (a subscription is bought for a period)");
    const release = news.autoReleaseTime;
    if (typeof release !== "string" || !known(release)) return;
    if (prePaid) c.fail("autoReleaseTime", "applies to pay-as-you-go instances only (instanceChargeType PostPaid); a subscription ends when its period does");
    // How far ahead is judged when the time is set or changed: a kept one only comes closer.
    else if (limits.autoReleaseTimeOf(release) && limits.autoReleaseTimeOf(release) !== limits.autoReleaseTimeOf(String(olds?.autoReleaseTime ?? ""))) {
      const problem = limits.autoReleaseTimeProblem(release, Date.now());
      if (problem) c.fail("autoReleaseTime", problem);
    }
  },

  diffProblem(olds, news, d) {
    const needing = STOP_NEEDED.filter((p) => d.changed.includes(p) && known((news as Raw)[p]));
    if (needing.length && olds.status !== "Stopped" && news.status !== "Stopped" && news.stopForUpdate !== true) {
      const what = needing.map((p) => (p === "instanceType" ? `instanceType (${olds.instanceType} → ${news.instanceType})` : p)).join(" and ");
      return `changing ${what} needs the instance stopped: set stopForUpdate: true to let the provider stop and restart it, or replace the instance`;
    }
    return undefined;
  },

  // A forced deployment set move restarts a Running instance: it goes last, after every change
  // that needs the instance settled.
  updateOrder: ["ModifyInstanceAttribute", "ModifyInstanceSpec", "securityGroups", "keyPair", "systemDisk", "network", "ramRole", "billing", "tags", "deploymentSet", "status"],

  /** Acts on a settled instance (Start/Stop and Modify* refuse transitional states), stopped
   *  first when a change needs it, and leaves it at the program's status. */
  async aroundUpdate(ctx, u, apply) {
    let status: string = u.olds.status;
    if (!(status === "Running" || status === "Stopped")) status = (await waitFor(ctx, u.id, ["Running", "Stopped"])).status;
    if (STOP_NEEDED.some((p) => u.changed.includes(p)) && status !== "Stopped") status = (await setStatus(ctx, u.id, "Stopped")).status;
    const patch = await apply({ ...u, changed: u.changed.filter((p) => p !== "status") });
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
      // ECS refuses to grow a basic disk online (OperationDenied): offline, it takes effect at the next restart.
      const type = old.category === "cloud" ? "offline" : "online";
      if (known(sd.size) && sd.size !== old.size) await call(ctx, "ResizeDisk", { DiskId: olds.systemDiskId, NewSize: sd.size, Type: type });
      const attrs: Params = {};
      if (known(sd.name) && sd.name !== old.name) attrs.DiskName = sd.name;
      if (known(sd.description) && sd.description !== old.description) attrs.Description = sd.description;
      if (Object.keys(attrs).length) await call(ctx, "ModifyDiskAttribute", { DiskId: olds.systemDiskId, ...attrs });
    },
    /** Bandwidth and network billing in one ModifyInstanceNetworkSpec call. */
    async network(ctx, { id, olds, news, changed }) {
      const params: Params = {};
      if (changed.includes("internetMaxBandwidthOut") && known(news.internetMaxBandwidthOut)) params.InternetMaxBandwidthOut = news.internetMaxBandwidthOut;
      if (changed.includes("internetChargeType") && known(news.internetChargeType)) params.NetworkChargeType = news.internetChargeType;
      if (Object.keys(params).length === 0) return;
      // ECS gives a pay-as-you-go instance a public IP with bandwidth only at RunInstances: raised
      // from 0 later, the same call asks for one, or publicIp would stay empty.
      if ((news.internetMaxBandwidthOut ?? olds.internetMaxBandwidthOut ?? 0) > 0 && !olds.publicIp) params.AllocatePublicIp = true;
      await call(ctx, "ModifyInstanceNetworkSpec", { InstanceId: id, ...params });
    },
    async ramRole(ctx, { id, olds, news }) {
      if (olds.ramRoleName) await ramRoleCall(ctx, "DetachInstanceRamRole", id, olds.ramRoleName);
      if (news.ramRoleName) await ramRoleCall(ctx, "AttachInstanceRamRole", id, news.ramRoleName);
    },
    /** Billing method and release time, in the order ECS allows: a subscription cannot have a
     *  release time, so it is cancelled before the instance becomes one and set after it stops
     *  being one. A new period alone needs no call (it applies when the instance becomes one). */
    async billing(ctx, { id, olds, news, changed }) {
      const chargeType = changed.includes("instanceChargeType") && known(news.instanceChargeType) && news.instanceChargeType !== olds.instanceChargeType ? news.instanceChargeType : undefined;
      const toPrePaid = chargeType === "PrePaid";
      const charge = async (): Promise<void> => {
        if (!chargeType) return;
        await call(ctx, "ModifyInstanceChargeType", {
          InstanceIds: jsonArray([id]),
          InstanceChargeType: chargeType,
          ...(toPrePaid ? { Period: news.period, PeriodUnit: news.periodUnit ?? "Month", AutoPay: true } : {}),
        });
      };
      const release = async (): Promise<void> => {
        if (changed.includes("autoReleaseTime")) await call(ctx, "ModifyInstanceAutoReleaseTime", { InstanceId: id, AutoReleaseTime: news.autoReleaseTime });
      };
      if (toPrePaid) {
        await release();
        await charge();
      } else {
        await charge();
        await release();
      }
    },
    /** ModifyInstanceDeployment: into the new set (a Running instance with Force, which restarts
     *  it on another host), or out of the old one. */
    async deploymentSet(ctx, { id, olds, news }) {
      if (!news.deploymentSetId) {
        if (olds.deploymentSetId) await call(ctx, "ModifyInstanceDeployment", { InstanceId: id, DeploymentSetId: olds.deploymentSetId, RemoveFromDeploymentSet: true });
        return;
      }
      const force = (await waitFor(ctx, id, ["Running", "Stopped"])).status === "Running";
      await call(ctx, "ModifyInstanceDeployment", { InstanceId: id, DeploymentSetId: news.deploymentSetId, Force: force });
      if (force) await waitFor(ctx, id, ["Running"]);
    },
    // Applied by aroundUpdate, after every other change.
    status: async () => undefined,
  },

  async create(ctx, n) {
    const params = runInstancesParams(ctx.region, n);
    let created: string | undefined;
    // The user data and RAM role: what was sent, read only when a launch template may have given them
    // (as soon as RunInstances answers, off the path between "Running" and create returning).
    const sent = sentExtras(n);
    let earlyExtras: Promise<InstanceExtras> | undefined;
    try {
      const [id, running, disks] = await createOnce<[string, WaitResult, Raw[]]>(ctx, instanceSpec, n, {
        async send(token) {
          const res = await ctx.client.call<{ InstanceIdSets?: { InstanceIdSet?: string[] } }>("RunInstances", { ...params, ClientToken: token });
          const got = res.InstanceIdSets?.InstanceIdSet?.[0];
          if (!got) throw new Error("RunInstances returned no instance id");
          earlyExtras = sent ? Promise.resolve(sent) : describeInstanceExtras(ctx.client, ctx.region, got);
          earlyExtras.catch(() => undefined);
          return got;
        },
        // A new instance passes Pending → Starting → Running; one adopted after a crashed run
        // may already be Stopped (that run stopped it), so both settle the wait. However long
        // Describe takes to list it, it is never taken for gone (the create deadline bounds it).
        // The disks are listed with those of every instance that reached Running in the same
        // poller tick (disks.ts), before anything else this create does one call at a time.
        settle: async (got) => {
          created = got;
          const reached = await waitFor(ctx, got, ["Running", "Stopped"], "Running", CREATING);
          return [got, reached, await readNewInstanceDisks(ctx.client, ctx.region, got, reached.data, (n.dataDisks ?? []).length > 0 || n.launchTemplateId !== undefined)];
        },
      });
      const ready = running.status === wantedStatus(n) ? running : await setStatus(ctx, id, wantedStatus(n));
      const inst = ready.data ?? (await describeInstance(ctx.client, ctx.region, id));
      if (!inst) throw new Error(`instance ${id} vanished right after it was created`);
      const extras = (await earlyExtras?.catch(() => undefined)) ?? (await describeInstanceExtras(ctx.client, ctx.region, id));
      return { id, record: instanceRecord(inst, disks, undefined, extras) };
    } catch (err) {
      // Created but not ready: hand the id to the engine so the instance stays managed (the
      // provider's create records it with the program's inputs, secrets left out).
      throw created ? initErrorFor(created, err) : err;
    }
  },

  async describe(ctx, id, prior) {
    try {
      const found = await describeInstanceAndDisks(ctx.client, ctx.region, id, prior);
      // Only an instance ECS lists is asked for what DescribeInstances leaves out.
      return found && instanceRecord(found.instance, found.disks, prior.dataDiskIds, await describeInstanceExtras(ctx.client, ctx.region, id, { userData: !refreshWithoutUserData(ctx, prior) }));
    } catch (err) {
      if (isNotFound(err)) return undefined; // released between the calls
      throw err;
    }
  },

  async delete(ctx, id) {
    try {
      await call(ctx, "DeleteInstance", { InstanceId: id, Force: true });
    } catch (err) {
      if (isNotFound(err)) return;
      if (isEcsError(err) && /DeletionProtection/i.test(`${err.code} ${err.ecsMessage}`)) {
        throw new Error(`deletion protection is on (${err.code}, RequestId ${err.requestId ?? "?"}): set deletionProtection: false and run pulumi up, then destroy`, { cause: err });
      }
      if (isEcsError(err, "ChargeTypeViolation")) {
        throw new Error(
          `ECS does not release a subscription (PrePaid) instance before it expires (${err.code}: ${err.ecsMessage}, RequestId ${err.requestId ?? "?"}): set instanceChargeType: "PostPaid" and run pulumi up, then destroy`,
          { cause: err },
        );
      }
      throw err;
    }
    await waitFor(ctx, id, "absent");
  },
});

export type { Update };
