/** RegionId on the wire. Callers pass RegionId with every call, as the region the call is about: the
 *  client chooses the endpoint from it (index.ts). Today's API declares the parameter on most ECS
 *  actions, but some (StopInstance, DeleteDisk, ModifyInstanceSpec … : regionlessActions.ts, generated
 *  from the official SDK's request models) take the region from the endpoint alone and declare no
 *  RegionId: to those it is not sent. */
import type { Api } from "./credentials/settings";
import { REGIONLESS_ACTIONS } from "./regionlessActions";

/** The parameters to send: `flat` without RegionId when the action does not declare it. */
export function paramsToSend(api: Api, action: string, flat: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (api !== "ecs" || flat.RegionId === undefined || !REGIONLESS_ACTIONS.has(action)) return flat;
  const { RegionId: _endpointOnly, ...rest } = flat;
  return rest;
}
