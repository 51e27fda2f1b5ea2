/** RegionId is sent only to actions whose request model declares it: the others take the region
 *  from the endpoint (regionlessActions.ts, generated from the official SDK's models). */
import { readFileSync } from "node:fs";
import { EcsClient } from "../../provider/client";
import { paramsToSend } from "../../provider/client/regionParam";
import { REGIONLESS_ACTIONS } from "../../provider/client/regionlessActions";
import { OUT, renderRegionlessActions } from "../../scripts/client/regionlessActions";
import { requestShape } from "../contract/sdkModels";
import { ok, startFakeEcs, type FakeEcs } from "./helpers/fakeEcs";

test("provider/client/regionlessActions.ts is what scripts/client/regionlessActions.ts writes from today's SDK", () => {
  expect(readFileSync(OUT, "utf8") === renderRegionlessActions()).toBe(true);
});

test("the list names actions without RegionId, and only those", () => {
  for (const action of ["StopInstance", "DeleteDisk", "ModifyInstanceSpec", "ModifyInstanceNetworkSpec", "DescribeInstanceTypes"]) {
    expect([action, REGIONLESS_ACTIONS.has(action)]).toEqual([action, true]);
    const shape = requestShape(action);
    expect(shape?.kind === "model" && shape.fields.has("RegionId")).toBe(false);
  }
  for (const action of ["DescribeInstances", "RunInstances", "ModifyInstanceDeployment", "ModifyInstanceChargeType", "DescribeUserData"]) expect([action, REGIONLESS_ACTIONS.has(action)]).toEqual([action, false]);
});

test("paramsToSend drops RegionId for those ECS actions only", () => {
  const flat = { RegionId: "cn-shanghai", InstanceId: "i-1" };
  expect(paramsToSend("ecs", "StopInstance", flat)).toEqual({ InstanceId: "i-1" });
  expect(paramsToSend("ecs", "DescribeInstances", flat)).toBe(flat);
  // The VPC API's actions are not in the ECS SDK's models: sent as given.
  expect(paramsToSend("vpc", "StopInstance", flat)).toBe(flat);
  expect(paramsToSend("ecs", "StopInstance", { InstanceId: "i-1" })).toEqual({ InstanceId: "i-1" });
});

describe("on the wire", () => {
  let server: FakeEcs;
  afterEach(async () => server?.close());

  test.each(["v3", "v1"] as const)("%s: a regionless action arrives signed without RegionId, a declaring one with it", async (signatureVersion) => {
    server = await startFakeEcs(() => ok());
    const c = new EcsClient({ accessKeyId: "id", accessKeySecret: "test-secret", endpoint: server.url, signatureVersion, rateLimit: 0 });
    await c.call("StopInstance", { RegionId: "cn-shanghai", InstanceId: "i-1" });
    await c.call("DescribeInstances", { RegionId: "cn-shanghai" });
    await c.close();
    const [stop, describe] = server.arrivals;
    expect(stop.signatureOk).toBe(true);
    expect(stop.params).toMatchObject({ InstanceId: "i-1" });
    expect(stop.params).not.toHaveProperty("RegionId");
    expect(describe.params).toMatchObject({ RegionId: "cn-shanghai" });
  });
});
