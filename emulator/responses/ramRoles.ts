/** Instance RAM role actions: requests and answers (the rules are in models/ramRoles.ts). */
import { MAX_INSTANCES_PER_RAM_ROLE_CALL, RAM_ROLE_POLICY } from "../../provider/spec/limits";
import { ApiError } from "../errors";
import type { InstanceOutcome } from "../models/instances";
import { find, recordsByIds } from "../models/lookup";
import { attachRamRole, detachRamRole, resolveRamRole } from "../models/ramRoles";
import { byCreation, type InstanceRecord, type RegionState } from "../state";
import { paginate } from "./pagination";
import { action, P, pageParams, REGION_ID, type Action, type Params } from "./spec";
import type { ActionContext } from "./types";

const REGION: Params = { RegionId: { ...REGION_ID.RegionId!, missing: { code: "MissingParameter.RegionId" } } };
const MALFORMED = { code: "InvalidInstanceIds.Malformed" };
const instanceIds = (max: number, required: boolean) =>
  P.jsonList({ required, maxItems: max, invalid: MALFORMED, missing: { code: "MissingParameter.InstanceIds" }, doc: 'a JSON array: ["i-1","i-2"]' });

/** Every named instance, or InvalidInstanceId.NotFound (404) for the first unknown one: nothing changes then. */
function instancesOf(ctx: ActionContext, reg: RegionState): InstanceRecord[] {
  return [...new Set(ctx.params.jsonList("InstanceIds") ?? [])].map((id) => find(reg, "instance", id));
}

const outcome = (o: InstanceOutcome) => ({ InstanceId: o.instanceId, Success: o.ok, Code: o.code, Message: o.message });
const counts = (results: readonly InstanceOutcome[]) => ({ TotalCount: results.length, FailCount: results.filter((r) => !r.ok).length });

const NOTES = [
  "The roles are the STS configuration's (startEmulator({ sts }), --sts-config): an unknown one is InvalidRamRole.NotFound (404); with no role configured, any name is taken.",
  "An unknown instance fails the whole call (InvalidInstanceId.NotFound, 404) before anything changes; other failures are reported per instance.",
];

export const ramRoleActions: Record<string, Action> = {
  AttachInstanceRamRole: action(
    {
      kind: "instance",
      summary: "Attaches an instance RAM role to up to 100 instances, reporting each one's outcome.",
      params: {
        ...REGION,
        InstanceIds: instanceIds(MAX_INSTANCES_PER_RAM_ROLE_CALL.attach, true),
        RamRoleName: P.string({ required: true, missing: { code: "MissingParameter.RamRoleName" } }),
        Policy: P.string({ minLength: RAM_ROLE_POLICY.min, maxLength: RAM_ROLE_POLICY.max, doc: "an additional policy narrowing the role: kept, not evaluated" }),
      },
      notes: [...NOTES, "An instance that has another role keeps it and fails with InvalidRamRole.AlreadyAttached; attaching the role it has succeeds."],
    },
    (ctx) => {
      const reg = ctx.region();
      const role = resolveRamRole(ctx.params.need("RamRoleName"), ctx.ramRoles());
      const results = attachRamRole(instancesOf(ctx, reg), role);
      return { RamRoleName: role, ...counts(results), AttachInstanceRamRoleResults: { AttachInstanceRamRoleResult: results.map(outcome) } };
    },
  ),

  DetachInstanceRamRole: action(
    {
      kind: "instance",
      summary: "Detaches the instance RAM role from up to 100 instances, reporting each one's outcome and the role it had.",
      params: { ...REGION, InstanceIds: instanceIds(MAX_INSTANCES_PER_RAM_ROLE_CALL.attach, true), RamRoleName: P.string({ doc: "when given, the role each instance must have" }) },
      notes: [...NOTES, "An instance without the role fails with InvalidRamRole.NotFound in its result."],
    },
    (ctx) => {
      const reg = ctx.region();
      const named = ctx.params.str("RamRoleName");
      const role = named === undefined ? undefined : resolveRamRole(named, ctx.ramRoles());
      const results = detachRamRole(instancesOf(ctx, reg), role);
      return {
        RamRoleName: role ?? results.find((r) => r.ok)?.role ?? "",
        ...counts(results),
        DetachInstanceRamRoleResults: {
          DetachInstanceRamRoleResult: results.map((r) => ({
            ...outcome(r),
            InstanceRamRoleSets: { InstanceRamRoleSet: r.role === undefined ? [] : [{ InstanceId: r.instanceId, RamRoleName: r.role }] },
          })),
        },
      };
    },
  ),

  DescribeInstanceRamRole: action(
    {
      kind: "instance",
      summary: "Lists the RAM roles of instances, or the instances that have a role.",
      params: {
        ...REGION_ID,
        InstanceIds: instanceIds(MAX_INSTANCES_PER_RAM_ROLE_CALL.describe, false),
        RamRoleName: P.string(),
        ...pageParams(50),
      },
      notes: ["InstanceIds or RamRoleName is required (MissingParameter.InstanceIds); named instances are listed with their role, or an empty RamRoleName."],
    },
    (ctx) => {
      const reg = ctx.region();
      const ids = ctx.params.jsonList("InstanceIds");
      const named = ctx.params.str("RamRoleName");
      if (!ids?.length && named === undefined) throw new ApiError("MissingParameter.InstanceIds", "InstanceIds or RamRoleName must be specified.", 400);
      const role = named === undefined ? undefined : resolveRamRole(named, ctx.ramRoles());
      if (ids) for (const id of ids) find(reg, "instance", id);
      const rows = recordsByIds(reg.instances, ids)
        .filter((i) => ctx.visible(i))
        .filter((i) => role === undefined || i.ramRoleName?.toLowerCase() === role.toLowerCase())
        .filter((i) => ids !== undefined || i.ramRoleName !== undefined)
        .sort(byCreation);
      const page = paginate(rows, ctx.params);
      return {
        RegionId: reg.regionId,
        TotalCount: page.TotalCount,
        InstanceRamRoleSets: { InstanceRamRoleSet: page.items.map((i) => ({ InstanceId: i.id, RamRoleName: i.ramRoleName ?? "" })) },
      };
    },
  ),
};
