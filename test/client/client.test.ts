import { EcsError, jsonArray, type EcsClient } from "../../provider/client";
import { ecsError, ok, startFakeEcs, type FakeEcs } from "./helpers/fakeEcs";
import { closeAfterEach, testClient, TEST_SECRET as SECRET } from "./helpers/testClient";

describe("EcsClient against a local HTTP server", () => {
  let server: FakeEcs;
  let c: EcsClient;
  closeAfterEach(() => c, () => server);

  it.each([
    ["v3", "POST"],
    ["v3", "GET"],
    ["v1", "POST"],
    ["v1", "GET"],
  ] as const)("signs %s %s requests the server can verify", async (signatureVersion, method) => {
    server = await startFakeEcs(() => ok({ Instances: { Instance: [{ InstanceId: "i-1" }] } }));
    c = testClient(server, { signatureVersion, method });
    const res = await c.call<{ Instances: { Instance: { InstanceId: string }[] } }>("DescribeInstances", {
      RegionId: "cn-hangzhou",
      InstanceIds: jsonArray(["i-1", "i 2*~"]),
      Tag: [{ Key: "env", Value: "prod ü" }],
    });
    expect(res.Instances.Instance[0].InstanceId).toBe("i-1");
    const [a] = server.arrivals;
    expect(a.method).toBe(method);
    expect(a.action).toBe("DescribeInstances");
    expect(a.signatureOk).toBe(true);
    expect(a.params.InstanceIds).toBe('["i-1","i 2*~"]');
    expect(a.params["Tag.1.Value"]).toBe("prod ü");
  });

  it("sends V3 POST with the parameters in the query and an empty body, like the official SDK", async () => {
    server = await startFakeEcs(() => ok());
    c = testClient(server);
    await c.call("DescribeRegions", { RegionId: "cn-hangzhou" });
    const [a] = server.arrivals;
    expect(a.headers["x-acs-version"]).toBe("2014-05-26");
    expect(a.headers["content-length"] ?? "0").toBe("0");
    expect(a.headers.authorization).toMatch(/^ACS3-HMAC-SHA256 Credential=test-id,SignedHeaders=.*host.*,Signature=[0-9a-f]{64}$/);
  });

  it("calls a VPC action with the VPC API's version (api: \"vpc\")", async () => {
    server = await startFakeEcs(() => ok());
    c = testClient(server);
    await c.call("DescribeVSwitches", { RegionId: "cn-hangzhou" }, { api: "vpc" });
    expect(server.arrivals[0].headers["x-acs-version"]).toBe("2016-04-28");
    expect(server.arrivals[0].signatureOk).toBe(true);
  });

  it("moves long V3 POST parameters into a signed form body", async () => {
    server = await startFakeEcs(() => ok());
    c = testClient(server);
    const userData = Buffer.alloc(20_000, "a").toString("base64");
    await c.call("RunInstances", { RegionId: "cn-hangzhou", UserData: userData, ClientToken: "t-1" });
    const [a] = server.arrivals;
    expect(a.signatureOk).toBe(true);
    expect(a.params.UserData).toBe(userData);
    expect(a.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("adds the STS token (V3 header, V1 parameter)", async () => {
    server = await startFakeEcs(() => ok());
    c = testClient(server, { securityToken: "sts-token-value" });
    await c.call("DescribeRegions");
    expect(server.arrivals[0].headers["x-acs-security-token"]).toBe("sts-token-value");
    await c.close();
    c = testClient(server, { securityToken: "sts-token-value", signatureVersion: "v1" });
    await c.call("DescribeRegions");
    expect(server.arrivals[1].params.SecurityToken).toBe("sts-token-value");
    expect(server.arrivals.every((a) => a.signatureOk)).toBe(true);
  });

  it("decodes XML answers into the same shapes (Format=XML)", async () => {
    server = await startFakeEcs((a) => {
      expect(a.params.Format).toBe("XML");
      return {
        xml: `<?xml version="1.0" encoding="UTF-8"?><DescribeInstancesResponse><RequestId>r-x</RequestId><TotalCount>1</TotalCount><Instances><Instance><InstanceId>i-1</InstanceId><SecurityGroupIds><SecurityGroupId>sg-1</SecurityGroupId></SecurityGroupIds><Tags></Tags></Instance></Instances></DescribeInstancesResponse>`,
      };
    });
    c = testClient(server, { format: "XML" });
    const res = await c.call("DescribeInstances", { RegionId: "cn-hangzhou" });
    expect(res).toEqual({
      RequestId: "r-x",
      TotalCount: 1,
      Instances: { Instance: [{ InstanceId: "i-1", SecurityGroupIds: { SecurityGroupId: ["sg-1"] }, Tags: { Tag: [] } }] },
    });
  });

  it("turns an error answer into an EcsError with code, message, RequestId, and no retry for a business error", async () => {
    server = await startFakeEcs(() => ecsError(400, "InvalidInstanceType.NotFound", "The specified InstanceType does not exist."));
    c = testClient(server);
    const err = await c.call("DescribeInstances", { RegionId: "cn-hangzhou" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EcsError);
    const e = err as EcsError;
    expect(e).toMatchObject({
      action: "DescribeInstances",
      httpStatus: 400,
      code: "InvalidInstanceType.NotFound",
      requestId: "err-InvalidInstanceType.NotFound",
      hostId: "ecs.aliyuncs.com",
      retryable: false,
    });
    expect(e.message).toBe(
      "ECS DescribeInstances failed: InvalidInstanceType.NotFound (HTTP 400): The specified InstanceType does not exist. RequestId: err-InvalidInstanceType.NotFound.",
    );
    expect(server.arrivals).toHaveLength(1);
  });

  it("never shows the secret or the signature in errors or in JSON", async () => {
    let sig = "";
    server = await startFakeEcs((a) => {
      sig = String(a.headers.authorization).split("Signature=")[1];
      return ecsError(400, "SignatureDoesNotMatch", `bad signature ${sig}, secret ${SECRET}`);
    });
    c = testClient(server);
    const err = (await c.call("DescribeRegions").catch((e: unknown) => e)) as EcsError;
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain(sig);
    expect(err.message).toContain("***");
    expect(JSON.stringify(c)).not.toContain(SECRET);
    expect(require("node:util").inspect(c, { depth: 5, showHidden: true })).not.toContain(SECRET);
  });
});
