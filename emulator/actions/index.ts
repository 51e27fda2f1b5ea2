/** The one action registry: action name → handler. Each file contributes a table; a duplicate name is a bug. */
import { deploymentSetsActions } from "./deploymentSets";
import { diskActions } from "./disks";
import { instanceActions } from "./instances";
import { keyPairsActions } from "./keyPairs";
import { launchTemplatesActions } from "./launchTemplates";
import { publicIpActions } from "./publicIps";
import { regionActions } from "./regions";
import { securityGroupsActions } from "./securityGroups";
import { tagsActions } from "./tags";
import { tencentActions, tencentRoutes } from "./tencent";
import type { ActionTable, RouteTable } from "./types";
import { vpcActions } from "./vpcs";

function merge(...tables: ActionTable[]): ActionTable {
  const out: ActionTable = {};
  for (const t of tables) {
    for (const [name, handler] of Object.entries(t)) {
      if (out[name]) throw new Error(`emulator: action ${name} is registered twice`);
      out[name] = handler;
    }
  }
  return out;
}

export const ACTIONS: ActionTable = merge(
  regionActions,
  vpcActions,
  instanceActions,
  publicIpActions,
  diskActions,
  securityGroupsActions,
  keyPairsActions,
  launchTemplatesActions,
  deploymentSetsActions,
  tagsActions,
  tencentActions,
);

/** Raw routes by exact path (anything but "/"). */
export const ROUTES: RouteTable = { ...tencentRoutes };
