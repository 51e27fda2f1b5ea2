/** The baseline create: the same RunInstances as the Instance provider (same parameters, same
 *  ClientToken), then a per-resource wait (one DescribeInstances per resource per refresh, the
 *  Terraform way), then the same one DescribeDisks read our create does after its wait. */
import type { EcsClient } from "../../provider/client";
import { jsonArray } from "../../provider/client";
import { createToken, type HiddenInputs } from "../../provider/resources/common";
import { describeInstanceDisks, runInstancesParams } from "../../provider/resources/instance/ecs";
import type { InstanceInputs } from "../../provider/types/instance";
import { TERRAFORM_INSTANCE_WAIT, waitForState } from "./stateChangeConf";

interface DescribeInstancesAnswer {
  Instances?: { Instance?: { InstanceId: string; Status: string }[] };
}

export interface NaiveCreateOptions {
  delayMs?: number;
  minTimeoutMs?: number;
  timeoutMs?: number;
}

export async function naiveInstanceCreate(
  client: EcsClient,
  region: string,
  inputs: InstanceInputs & HiddenInputs,
  opts: NaiveCreateOptions = {},
): Promise<string> {
  const params = runInstancesParams(region, inputs);
  const token = createToken();
  const res = await client.call<{ InstanceIdSets?: { InstanceIdSet?: string[] } }>("RunInstances", { ...params, ClientToken: token });
  const id = res.InstanceIdSets?.InstanceIdSet?.[0];
  if (!id) throw new Error("RunInstances returned no instance id");
  await waitForState({
    target: ["Running"],
    timeoutMs: opts.timeoutMs ?? 10 * 60_000,
    delayMs: opts.delayMs ?? TERRAFORM_INSTANCE_WAIT.delayMs,
    minTimeoutMs: opts.minTimeoutMs ?? TERRAFORM_INSTANCE_WAIT.minTimeoutMs,
    refresh: async () => {
      const answer = await client.call<DescribeInstancesAnswer>("DescribeInstances", { RegionId: region, InstanceIds: jsonArray([id]) });
      return answer.Instances?.Instance?.find((i) => i.InstanceId === id)?.Status;
    },
  });
  await describeInstanceDisks(client, region, id);
  return id;
}
