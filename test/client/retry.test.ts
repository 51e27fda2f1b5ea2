import { EcsClient, EcsError } from "../../provider/client";
import { backoffDelay, callPolicy, decide, delayBeforeRetry, DEFAULT_RETRY, isAlreadyDone } from "../../provider/client/retry";
import { ecsError, ok, startFakeEcs, type FakeEcs } from "./helpers/fakeEcs";
import { closeAfterEach, testClient } from "./helpers/testClient";
import { VirtualClock } from "./helpers/virtualClock";

describe("retries against a local HTTP server", () => {
  let server: FakeEcs;
  let c: EcsClient;
  closeAfterEach(() => c, () => server);

  it("waits x-acs-retry-after (milliseconds) after Throttling, then succeeds with a fresh signature", async () => {
    const clock = new VirtualClock();
    const sentAt: number[] = [];
    server = await startFakeEcs((_a, i) => {
      sentAt.push(clock.now());
      return i === 0 ? ecsError(400, "Throttling.User", "Request was denied due to user flow control.", { "x-acs-retry-after": "300" }) : ok();
    });
    c = testClient(server);
    c.useClock(clock);
    await clock.run(c.call("DescribeInstances", { RegionId: "cn-hangzhou" }));
    const [first, second] = server.arrivals;
    expect(sentAt).toEqual([0, 300]);
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.signatureOk).toBe(true);
  });

  it("retries Throttling even for an unsafe write (ECS rejected it before doing anything)", async () => {
    server = await startFakeEcs((_a, i) => (i < 2 ? ecsError(400, "Throttling", "Request was denied due to flow control.") : ok()));
    c = testClient(server);
    await c.call("CreateKeyPair", { KeyPairName: "k" });
    expect(server.arrivals).toHaveLength(3);
  });

  it("halves the action's rate when throttled", async () => {
    server = await startFakeEcs((_a, i) => (i === 0 ? ecsError(400, "Throttling.Api", "Request was denied due to api flow control.") : ok()));
    c = testClient(server, { rateLimit: 40 });
    await c.call("DescribeDisks", { RegionId: "cn-hangzhou" });
    expect(c.rateLimiter.rateOf("DescribeDisks")).toBeLessThan(21);
    expect(c.rateLimiter.rateOf("DescribeInstances")).toBe(40);
  });

  it("retries 503 ServiceUnavailable on an idempotent call", async () => {
    server = await startFakeEcs((_a, i) => (i < 2 ? ecsError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.") : ok()));
    c = testClient(server);
    await c.call("DescribeInstances", { RegionId: "cn-hangzhou" });
    expect(server.arrivals).toHaveLength(3);
    expect(new Set(server.arrivals.map((a) => a.nonce)).size).toBe(3);
  });

  it("retries a dropped connection on an idempotent call", async () => {
    server = await startFakeEcs((_a, i) => (i === 0 ? "destroy" : ok()));
    c = testClient(server);
    await c.call("DescribeInstances", { RegionId: "cn-hangzhou" });
    expect(server.arrivals).toHaveLength(2);
  });

  it("retries a dropped connection on a write that carries a ClientToken", async () => {
    server = await startFakeEcs((_a, i) => (i === 0 ? "destroy" : ok({ InstanceId: "i-1" })));
    c = testClient(server);
    await c.call("CreateInstance", { RegionId: "cn-hangzhou", ClientToken: "abc" });
    expect(server.arrivals).toHaveLength(2);
    expect(server.arrivals[1].params.ClientToken).toBe("abc");
  });

  it("does not repeat an unsafe action after the connection dropped (it may have run)", async () => {
    server = await startFakeEcs(() => "destroy");
    c = testClient(server);
    const err = (await c.call("CreateLaunchTemplateVersion", { LaunchTemplateId: "lt-1" }).catch((e: unknown) => e)) as EcsError;
    expect(err).toBeInstanceOf(EcsError);
    expect(err.httpStatus).toBe(0);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^ECS CreateLaunchTemplateVersion failed: (UND_ERR_SOCKET|ECONNRESET) \(network\): /);
    expect(server.arrivals).toHaveLength(1);
  });

  it("does not repeat an unsafe action after a 500, and the error names action, code, message and RequestId", async () => {
    server = await startFakeEcs(() => ecsError(500, "InternalError", "The request processing has failed due to some unknown error."));
    c = testClient(server);
    const err = (await c.call("CreateKeyPair", { KeyPairName: "k" }).catch((e: unknown) => e)) as EcsError;
    expect(err).toMatchObject({ action: "CreateKeyPair", code: "InternalError", httpStatus: 500, requestId: "err-InternalError", retryable: false });
    expect(err.message).toBe("ECS CreateKeyPair failed: InternalError (HTTP 500): The request processing has failed due to some unknown error. RequestId: err-InternalError.");
    expect(server.arrivals).toHaveLength(1);
  });

  it("repeats Modify*, Start/Stop and deletes after a dropped connection or a 5xx: they are safe to repeat by nature", async () => {
    // The first call of each action fails (dropped, then 503, alternately); StopInstance's read-back
    // finds the instance still Running, so it is sent again.
    const seen = new Set<string>();
    server = await startFakeEcs((a) => {
      if (a.action === "DescribeInstances") return ok({ Instances: { Instance: [{ InstanceId: "i-1", Status: "Running" }] } });
      if (seen.has(a.action)) return ok();
      seen.add(a.action);
      return seen.size % 2 ? "destroy" : ecsError(503, "ServiceUnavailable", "busy");
    });
    c = testClient(server);
    for (const action of ["ModifyInstanceAttribute", "StopInstance", "DeleteDisk", "ModifySecurityGroupPolicy"]) await c.call(action, { RegionId: "cn-hangzhou", InstanceId: "i-1" });
    expect(server.arrivals.map((a) => a.action)).toEqual([
      "ModifyInstanceAttribute", "ModifyInstanceAttribute", "StopInstance", "DescribeInstances", "StopInstance",
      "DeleteDisk", "DeleteDisk", "ModifySecurityGroupPolicy", "ModifySecurityGroupPolicy",
    ]);
  });

  it("retries the busy codes for every action, unsafe ones included (ECS refused before doing anything)", async () => {
    const busy = ["OperationConflict", "LastTokenProcessing", "IncorrectInstanceStatus", "IncorrectDiskStatus.Initializing", "InvalidOperation.Conflict"];
    server = await startFakeEcs((_a, i) => (i < busy.length ? ecsError(i === 0 ? 409 : 403, busy[i], "busy") : ok({ LaunchTemplateVersionNumber: 2 })));
    c = testClient(server);
    expect(await c.call("CreateLaunchTemplateVersion", { LaunchTemplateId: "lt-1" })).toMatchObject({ LaunchTemplateVersionNumber: 2 });
    expect(server.arrivals).toHaveLength(busy.length + 1);
  });

  it("retries an action's own busy codes (DependencyViolation for DeleteSecurityGroup) but not another action's", async () => {
    server = await startFakeEcs((a, i) => (i === 0 || a.action === "DeleteDisk" ? ecsError(403, "DependencyViolation", "in use") : ok()));
    c = testClient(server);
    await c.call("DeleteSecurityGroup", { SecurityGroupId: "sg-1" });
    expect(server.arrivals).toHaveLength(2);
    await expect(c.call("DeleteDisk", { DiskId: "d-1" })).rejects.toMatchObject({ code: "DependencyViolation", retryable: false });
  });

  it("keeps retrying throttling until the deadline, far beyond the old fixed count", async () => {
    server = await startFakeEcs((_a, i) => (i < 20 ? ecsError(400, "Throttling.User", "Request was denied due to user flow control.") : ok()));
    c = testClient(server, { retryBaseDelayMs: 1, retryMaxDelayMs: 4 });
    await c.call("DescribeInstances", { RegionId: "cn-hangzhou" });
    expect(server.arrivals).toHaveLength(21);
  });

  it("ends a throttling storm at the deadline with the last answer, its code and RequestId", async () => {
    const clock = new VirtualClock();
    server = await startFakeEcs(() => ecsError(400, "Throttling.User", "Request was denied due to user flow control."));
    c = testClient(server, { retryBaseDelayMs: 50, retryMaxDelayMs: 200 });
    c.useClock(clock);
    const err = (await clock.run(c.call("DescribeInstances", { RegionId: "cn-hangzhou" }, { deadlineMs: 2500 })).catch((e: unknown) => e)) as EcsError;
    expect(err).toMatchObject({ code: "Throttling.User", requestId: "err-Throttling.User", retryable: true });
    // Waits go on until a second before the deadline (the last one cut to leave the attempt that
    // room); each is at most 200 ms, so that took 8 waits or more.
    expect(clock.now()).toBe(2500 - 1000);
    expect(server.arrivals.length).toBeGreaterThanOrEqual(9);
  });

  it("counts 'already in the wanted state' codes as done (a delete of what is gone), on any attempt", async () => {
    server = await startFakeEcs(() => ecsError(404, "InvalidDiskId.NotFound", "The specified disk does not exist."));
    c = testClient(server);
    const res = await c.call("DeleteDisk", { DiskId: "d-1" });
    expect(isAlreadyDone(res)).toBe(true);
    expect(res).toEqual({ RequestId: "err-InvalidDiskId.NotFound", AlreadyDone: { code: "InvalidDiskId.NotFound", message: "The specified disk does not exist." } });
    expect(server.arrivals).toHaveLength(1);
  });

  it("a lost JoinSecurityGroup answer: the repeat's InvalidInstanceId.AlreadyExists means done", async () => {
    server = await startFakeEcs((_a, i) => (i === 0 ? ecsError(500, "InternalError", "after the action") : ecsError(403, "InvalidInstanceId.AlreadyExists", "already in the group")));
    c = testClient(server);
    expect(isAlreadyDone(await c.call("JoinSecurityGroup", { InstanceId: "i-1", SecurityGroupId: "sg-1" }))).toBe(true);
    expect(server.arrivals).toHaveLength(2);
  });

  it("a lost AttachDisk answer: reads the disk back and stops when it is attached to the instance", async () => {
    server = await startFakeEcs((a) =>
      a.action === "AttachDisk" ? "destroy" : ok({ Disks: { Disk: [{ DiskId: "d-1", InstanceId: "i-1", Status: "In_use" }] } }),
    );
    c = testClient(server);
    expect(isAlreadyDone(await c.call("AttachDisk", { RegionId: "cn-hangzhou", InstanceId: "i-1", DiskId: "d-1" }))).toBe(true);
    expect(server.arrivals.map((a) => a.action)).toEqual(["AttachDisk", "DescribeDisks"]);
    expect(server.arrivals[1].params).toMatchObject({ RegionId: "cn-hangzhou", DiskIds: '["d-1"]' });
  });

  it("a lost AttachDisk answer that did not take effect: the read-back says no, the attach is sent again", async () => {
    server = await startFakeEcs((a, i) => (a.action === "AttachDisk" ? (i === 0 ? ecsError(503, "ServiceUnavailable", "x") : ok()) : ok({ Disks: { Disk: [{ DiskId: "d-1", InstanceId: "" }] } })));
    c = testClient(server);
    expect(isAlreadyDone(await c.call("AttachDisk", { RegionId: "cn-hangzhou", InstanceId: "i-1", DiskId: "d-1" }))).toBe(false);
    expect(server.arrivals.map((a) => a.action)).toEqual(["AttachDisk", "DescribeDisks", "AttachDisk"]);
  });

  it.each([
    ["DetachInstanceRamRole", { InstanceIds: '["i-1"]', RamRoleName: "r" }, "DescribeInstanceRamRole", { InstanceRamRoleSets: { InstanceRamRoleSet: [{ InstanceId: "i-1", RamRoleName: "" }] } }],
    ["ModifyInstanceDeployment", { InstanceId: "i-1", DeploymentSetId: "ds-1", Force: "true" }, "DescribeInstances", { Instances: { Instance: [{ InstanceId: "i-1", DeploymentSetId: "ds-1" }] } }],
    ["ModifyInstanceDeployment", { InstanceId: "i-1", DeploymentSetId: "ds-1", RemoveFromDeploymentSet: "true" }, "DescribeInstances", { Instances: { Instance: [{ InstanceId: "i-1", DeploymentSetId: "" }] } }],
    ["ModifyInstanceChargeType", { InstanceIds: '["i-1"]', InstanceChargeType: "PrePaid", Period: "1" }, "DescribeInstances", { Instances: { Instance: [{ InstanceId: "i-1", InstanceChargeType: "PrePaid" }] } }],
  ])("a lost %s answer that took effect: the read-back ends the call, nothing is sent twice", async (action, params, read, answer) => {
    server = await startFakeEcs((a) => (a.action === action ? "destroy" : ok(answer)));
    c = testClient(server);
    expect(isAlreadyDone(await c.call(action, { RegionId: "cn-hangzhou", ...params }))).toBe(true);
    expect(server.arrivals.map((a) => a.action)).toEqual([action, read]);
  });

  it("a lost ModifyInstanceChargeType answer that did not take effect: sent again after the read-back", async () => {
    server = await startFakeEcs((a, i) =>
      a.action === "DescribeInstances" ? ok({ Instances: { Instance: [{ InstanceId: "i-1", InstanceChargeType: "PostPaid" }] } }) : i === 0 ? ecsError(500, "InternalError", "x") : ok({ OrderId: "1" }),
    );
    c = testClient(server);
    expect(await c.call("ModifyInstanceChargeType", { RegionId: "cn-hangzhou", InstanceIds: '["i-1"]', InstanceChargeType: "PrePaid" })).toMatchObject({ OrderId: "1" });
    expect(server.arrivals.map((a) => a.action)).toEqual(["ModifyInstanceChargeType", "DescribeInstances", "ModifyInstanceChargeType"]);
  });

  it("StopInstance refused because the instance is already stopping: the read-back ends the wait at once", async () => {
    server = await startFakeEcs((a) => (a.action === "StopInstance" ? ecsError(403, "IncorrectInstanceStatus", "needs Running") : ok({ Instances: { Instance: [{ InstanceId: "i-1", Status: "Stopping" }] } })));
    c = testClient(server);
    expect(isAlreadyDone(await c.call("StopInstance", { RegionId: "cn-hangzhou", InstanceId: "i-1" }))).toBe(true);
    expect(server.arrivals.map((a) => a.action)).toEqual(["StopInstance", "DescribeInstances"]);
  });

  it("ResizeDisk: TooSmall after a lost answer means the first attempt took effect; on a first attempt it is an error", async () => {
    // The read-back is stale (still 20 GiB), the repeat says the disk is no longer smaller.
    server = await startFakeEcs((a, i) =>
      a.action === "DescribeDisks" ? ok({ Disks: { Disk: [{ DiskId: "d-1", Size: 20 }] } }) : i === 0 ? "destroy" : ecsError(403, "InvalidDiskSize.TooSmall", "too small"),
    );
    c = testClient(server);
    expect(isAlreadyDone(await c.call("ResizeDisk", { RegionId: "cn-hangzhou", DiskId: "d-1", NewSize: 40 }))).toBe(true);
    expect(server.arrivals.map((a) => a.action)).toEqual(["ResizeDisk", "DescribeDisks", "ResizeDisk"]);
    await expect(c.call("ResizeDisk", { RegionId: "cn-hangzhou", DiskId: "d-1", NewSize: 10 })).rejects.toMatchObject({ code: "InvalidDiskSize.TooSmall" });
  });

  it("retries an idempotent call whose answer does not come within requestTimeoutMs", async () => {
    server = await startFakeEcs((_a, i) => (i === 0 ? "hang" : ok()));
    c = testClient(server, { requestTimeoutMs: 300 });
    await c.call("DescribeInstances", { RegionId: "cn-hangzhou" });
    expect(server.arrivals).toHaveLength(2);
  });

  it("cancels a hanging attempt at the call's deadline", async () => {
    server = await startFakeEcs(() => "hang");
    c = testClient(server);
    const t0 = Date.now();
    const err = (await c.call("DescribeInstances", { RegionId: "cn-hangzhou" }, { deadlineMs: 300 }).catch((e: unknown) => e)) as EcsError;
    expect(err).toBeInstanceOf(EcsError);
    expect(err.code).toBe("RequestAborted");
    expect(err.message).toContain("call deadline reached");
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("gives up after maxRetries with the last error, marked retryable", async () => {
    server = await startFakeEcs(() => ecsError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server."));
    c = testClient(server, { maxRetries: 2 });
    const err = (await c.call("DescribeInstances", { RegionId: "cn-hangzhou" }).catch((e: unknown) => e)) as EcsError;
    expect(err.code).toBe("ServiceUnavailable");
    expect(err.retryable).toBe(true);
    expect(server.arrivals).toHaveLength(3);
  });

  it("stops at the call's deadline instead of sleeping past it", async () => {
    const clock = new VirtualClock();
    server = await startFakeEcs(() => ecsError(400, "Throttling.User", "Request was denied due to user flow control.", { "x-acs-retry-after": "5000" }));
    c = testClient(server);
    c.useClock(clock);
    await expect(clock.run(c.call("DescribeInstances", { RegionId: "cn-hangzhou" }, { deadlineMs: 1000 }))).rejects.toMatchObject({ code: "Throttling.User" });
    expect(clock.now()).toBe(0);
    expect(server.arrivals).toHaveLength(1);
  });

  it("retries a refused connection even for a write (the request never left)", async () => {
    server = await startFakeEcs(() => ok());
    const url = server.url;
    await server.close();
    c = new EcsClient({ accessKeyId: "a", accessKeySecret: "b", endpoint: url, env: {}, rateLimit: 0, retryBaseDelayMs: 1, retryMaxDelayMs: 2, maxRetries: 2 });
    const err = (await c.call("CreateKeyPair", { KeyPairName: "k" }).catch((e: unknown) => e)) as EcsError;
    expect(err.code).toBe("ECONNREFUSED");
    expect(err.retryable).toBe(true);
    expect(err.message).toContain("refused the connection");
  });
});

describe("retry policy", () => {
  const err = (code: string, httpStatus: number, mayHaveReachedServer = true): EcsError =>
    new EcsError({ action: "X", code, httpStatus, ecsMessage: "m", mayHaveReachedServer });

  it("knows which calls are repeatable after an attempt that may have run", () => {
    const repeatable = (action: string, params: Record<string, string> = {}) => callPolicy(action, params).repeatable;
    expect(repeatable("DescribeInstances")).toBe(true);
    expect(repeatable("ListTagResources")).toBe(true);
    expect(repeatable("DescribeSomethingNew")).toBe(true);
    expect(repeatable("RunInstances")).toBe(false);
    expect(repeatable("RunInstances", { ClientToken: "t" })).toBe(true);
    expect(repeatable("StopInstance")).toBe(true);
    expect(repeatable("AttachDisk")).toBe(true);
    expect(repeatable("CreateKeyPair")).toBe(false);
    expect(repeatable("SomeUnclassifiedWrite")).toBe(false);
  });

  it("decides per code and per action", () => {
    const p = (action: string, params: Record<string, string> = {}) => callPolicy(action, params);
    const outcome = (e: EcsError, action: string, after = false, params: Record<string, string> = {}) => decide(e, p(action, params), after).outcome;
    expect(outcome(err("Throttling.User", 400), "CreateKeyPair")).toBe("retry");
    expect(outcome(err("InvalidParameter", 400), "DescribeInstances")).toBe("fail");
    expect(outcome(err("UnknownError", 400), "DescribeInstances")).toBe("retry");
    expect(outcome(err("HTTP502", 502), "DeleteInstance")).toBe("retry");
    expect(outcome(err("ServiceUnavailable", 503), "RunInstances")).toBe("fail");
    expect(outcome(err("ServiceUnavailable", 503), "RunInstances", false, { ClientToken: "t" })).toBe("retry");
    expect(outcome(err("UND_ERR_HEADERS_TIMEOUT", 0), "DescribeInstances")).toBe("retry");
    expect(outcome(err("UND_ERR_CONNECT_TIMEOUT", 0, false), "CreateKeyPair")).toBe("retry");
    expect(outcome(err("OperationConflict", 409), "CreateLaunchTemplateVersion")).toBe("retry");
    expect(outcome(err("DependencyViolation", 403), "DeleteSecurityGroup")).toBe("retry");
    expect(outcome(err("DependencyViolation", 403), "DetachDisk")).toBe("done");
    expect(outcome(err("InvalidInstanceId.NotFound", 404), "DeleteInstance")).toBe("done");
    expect(outcome(err("InvalidInstanceId.NotFound", 404), "ModifyInstanceAttribute")).toBe("fail");
    expect(outcome(err("InvalidDiskSize.TooSmall", 403), "ResizeDisk")).toBe("fail");
    expect(outcome(err("InvalidDiskSize.TooSmall", 403), "ResizeDisk", true)).toBe("done");
    expect(decide(err("X", 0, true), p("X"), false)).toMatchObject({ outcome: "fail" });
    expect(decide(err("InternalError", 500), p("DeleteDisk"), false)).toMatchObject({ outcome: "retry", ambiguous: true });
    expect(decide(err("IncorrectDiskStatus", 403), p("AttachDisk"), false)).toMatchObject({ outcome: "retry", refused: true });
  });

  it("uses full jitter: uniform in [0, min(cap, base·2^n)]", () => {
    const s = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, s, () => 0)).toBe(0);
    expect(backoffDelay(0, s, () => 0.999)).toBe(99);
    expect(backoffDelay(3, s, () => 0.5)).toBe(400);
    expect(backoffDelay(10, s, () => 0.999)).toBe(999);
  });

  it("prefers x-acs-retry-after, capped", () => {
    const e = new EcsError({ action: "X", code: "Throttling", httpStatus: 400, ecsMessage: "m", retryAfterMs: 1500 });
    expect(delayBeforeRetry(e, 0, DEFAULT_RETRY)).toBe(1500);
    const huge = new EcsError({ action: "X", code: "Throttling", httpStatus: 400, ecsMessage: "m", retryAfterMs: 10_000_000 });
    expect(delayBeforeRetry(huge, 0, DEFAULT_RETRY)).toBe(DEFAULT_RETRY.maxRetryAfterMs);
  });
});
