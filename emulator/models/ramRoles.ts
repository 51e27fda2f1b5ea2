/** Instance RAM roles: at most one role per instance, attached and detached in batches with an
 *  outcome per instance. The roles themselves are RAM's: the emulator knows those of its STS
 *  configuration and, when none is configured, takes any role name (there is no RAM to ask). */
import { ApiError } from "../errors";
import type { InstanceRecord } from "../state";
import type { InstanceOutcome } from "./instances";

/** The role as it is configured (RAM role names are case-insensitive), or InvalidRamRole.NotFound (404).
 *  `known`: the configured role names; empty: any name is taken as given. */
export function resolveRamRole(name: string, known: readonly string[]): string {
  if (!known.length) return name;
  const found = known.find((k) => k.toLowerCase() === name.toLowerCase());
  if (!found) throw new ApiError("InvalidRamRole.NotFound", `The specified RAM role "${name}" does not exist.`, 404);
  return found;
}

const ok = (inst: InstanceRecord): InstanceOutcome => ({ instanceId: inst.id, ok: true, code: "200", message: "success" });

/** Attaches `role` to each instance; one that has another role keeps it and fails (an instance takes one role). */
export function attachRamRole(instances: readonly InstanceRecord[], role: string): InstanceOutcome[] {
  return instances.map((inst) => {
    if (inst.ramRoleName !== undefined && inst.ramRoleName !== role)
      return {
        instanceId: inst.id,
        ok: false,
        code: "InvalidRamRole.AlreadyAttached",
        message: `The instance already has the RAM role "${inst.ramRoleName}" attached: detach it first.`,
      };
    inst.ramRoleName = role;
    return ok(inst);
  });
}

/** Detaches the instance's role (`role`, when given, must be the one attached); the role each one had. */
export function detachRamRole(instances: readonly InstanceRecord[], role: string | undefined): Array<InstanceOutcome & { role?: string }> {
  return instances.map((inst) => {
    const had = inst.ramRoleName;
    if (had === undefined || (role !== undefined && had.toLowerCase() !== role.toLowerCase()))
      return { instanceId: inst.id, ok: false, code: "InvalidRamRole.NotFound", message: `The instance has no RAM role ${role ? `"${role}" ` : ""}attached.`, role: had };
    inst.ramRoleName = undefined;
    return { ...ok(inst), role: had };
  });
}
