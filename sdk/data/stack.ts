/** getStackResources: the resources carrying a stack's ownership tag (provider/resources/owned.ts). */
import * as pulumi from "@pulumi/pulumi";
import { stackResources } from "../../provider/resources/owned";
import type { GetStackResourcesArgs, GetStackResourcesResult } from "../../provider/types";
import { dataClient, regionFor } from "./client";
import { dataFunction } from "./invoke";

export const [getStackResources, getStackResourcesOutput] = dataFunction("getStackResources", async (args: GetStackResourcesArgs): Promise<GetStackResourcesResult> => {
  const client = dataClient();
  const region = await regionFor(client, args.region);
  const stack = args.stack ?? `${pulumi.getProject()}/${pulumi.getStack()}`;
  return { region, stack, resources: await stackResources(client, region, stack) };
});
