/** The one action table: action name → handler with its request description (spec.ts). Each file
 *  contributes its actions; a duplicate name is a bug. README.md's per-action section is generated
 *  from this table (scripts/emulator/readme.ts). */
import { availableResourceActions } from "./availableResource";
import { deploymentSetsActions } from "./deploymentSets";
import { diskActions } from "./disks";
import { instanceActions } from "./instances";
import { instanceSettingsActions } from "./instanceSettings";
import { keyPairsActions } from "./keyPairs";
import { launchTemplatesActions } from "./launchTemplates";
import { ramRoleActions } from "./ramRoles";
import { regionActions } from "./regions";
import { securityGroupsActions } from "./securityGroups";
import type { Action } from "./spec";
import { tagsActions } from "./tags";
import { tencentRoutes } from "./tencent";
import type { RouteTable } from "./types";
import { vpcActions } from "./vpcs";

function merge(...tables: Array<Record<string, Action>>): Readonly<Record<string, Action>> {
  const out: Record<string, Action> = {};
  for (const t of tables) {
    for (const [name, handler] of Object.entries(t)) {
      if (out[name]) throw new Error(`emulator: action ${name} is registered twice`);
      out[name] = handler;
    }
  }
  return out;
}

export const ACTIONS = merge(
  regionActions,
  availableResourceActions,
  vpcActions,
  instanceActions,
  instanceSettingsActions,
  ramRoleActions,
  diskActions,
  securityGroupsActions,
  keyPairsActions,
  launchTemplatesActions,
  deploymentSetsActions,
  tagsActions,
);

/** Raw routes by exact path (anything but "/"). */
export const ROUTES: RouteTable = { ...tencentRoutes };
