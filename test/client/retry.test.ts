import { EcsClient, EcsError } from "../../provider/client";
import { backoffDelay, classify, delayBeforeRetry, DEFAULT_RETRY, isIdempotentCall } from "../../provider/client/retry";
import { ecsError, ok, startFakeEcs, type FakeEcs } from "./helpers/fakeEcs";
import { closeAfterEach, testClient } from "./helpers/testClient";

describe("retries against a local HTTP server", () => {
  let server: FakeEcs;
  let c: EcsClient;
  closeAfterEach(() => c, () => server);

  it("waits x-acs-retry-after (milliseconds) after Throttling, then succeeds with a fresh signature", async () => {
    server = await startFakeEcs((_a, i) =>
      i === 0 ? ecsError(400, "Throttling.User", "Request was denied due to user flow control.", { "x-acs-retry-after": "300" }) : ok(),
    );
    c = testClient(server);
    await c.call("DescribeInstances", { RegionId: "cn-hangzhou" });
    const [first, second] = server.arrivals;
    expect(server.arrivals).toHaveLength(2);
    expect(second.at - first.at).toBeGreaterThanOrEqual(290);
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.signatureOk).toBe(true);
  });

  it("retries Throttling even for a write without ClientToken (ECS rejected it before doing anything)", async () => {
    server = await startFakeEcs((_a, i) => (i < 2 ? ecsError(400, "Throttling", "Request was denied due to flow control.") : ok()));
    c = testClient(server);
    await c.call("StartInstance", { InstanceId: "i-1" });
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

  it("does not retry a write without ClientToken after the connection dropped", async () => {
    server = await startFakeEcs(() => "destroy");
    c = testClient(server);
    const err = (await c.call("StopInstance", { InstanceId: "i-1" }).catch((e: unknown) => e)) as EcsError;
    expect(err).toBeInstanceOf(EcsError);
    expect(err.httpStatus).toBe(0);
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/^ECS StopInstance failed: (UND_ERR_SOCKET|ECONNRESET) \(network\): /);
    expect(server.arrivals).toHaveLength(1);
  });

  it("does not retry a write without ClientToken after a 500", async () => {
    server = await startFakeEcs(() => ecsError(500, "InternalError", "The request processing has failed due to some unknown error."));
    c = testClient(server);
    await expect(c.call("StopInstance", { InstanceId: "i-1" })).rejects.toMatchObject({ code: "InternalError", httpStatus: 500 });
    expect(server.arrivals).toHaveLength(1);
  });

  it("retries per-call extra codes (IncorrectInstanceStatus) for writes", async () => {
    server = await startFakeEcs((_a, i) => (i === 0 ? ecsError(403, "IncorrectInstanceStatus", "The current status of the resource does not support this operation.") : ok()));
    c = testClient(server);
    await c.call("StopInstance", { InstanceId: "i-1" }, { retryCodes: ["IncorrectInstanceStatus"] });
    expect(server.arrivals).toHaveLength(2);
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
    server = await startFakeEcs(() => ecsError(400, "Throttling.User", "Request was denied due to user flow control.", { "x-acs-retry-after": "5000" }));
    c = testClient(server);
    const t0 = Date.now();
    await expect(c.call("DescribeInstances", { RegionId: "cn-hangzhou" }, { deadlineMs: 1000 })).rejects.toMatchObject({ code: "Throttling.User" });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(server.arrivals).toHaveLength(1);
  });

  it("retries a refused connection even for a write (the request never left)", async () => {
    server = await startFakeEcs(() => ok());
    const url = server.url;
    await server.close();
    c = new EcsClient({ accessKeyId: "a", accessKeySecret: "b", endpoint: url, env: {}, rateLimit: 0, retryBaseDelayMs: 1, retryMaxDelayMs: 2, maxRetries: 2 });
    const err = (await c.call("StopInstance", { InstanceId: "i-1" }).catch((e: unknown) => e)) as EcsError;
    expect(err.code).toBe("ECONNREFUSED");
    expect(err.retryable).toBe(true);
    expect(err.message).toContain("refused the connection");
  });
});

describe("retry policy", () => {
  const err = (code: string, httpStatus: number, mayHaveReachedServer = true): EcsError =>
    new EcsError({ action: "X", code, httpStatus, ecsMessage: "m", mayHaveReachedServer });

  it("knows which calls are idempotent", () => {
    expect(isIdempotentCall("DescribeInstances", {})).toBe(true);
    expect(isIdempotentCall("ListTagResources", {})).toBe(true);
    expect(isIdempotentCall("RunInstances", {})).toBe(false);
    expect(isIdempotentCall("RunInstances", { ClientToken: "t" })).toBe(true);
    expect(isIdempotentCall("StopInstance", {}, true)).toBe(true);
  });

  it("classifies codes", () => {
    expect(classify(err("Throttling.User", 400), false, []).retry).toBe(true);
    expect(classify(err("InvalidParameter", 400), true, []).retry).toBe(false);
    expect(classify(err("UnknownError", 400), true, []).retry).toBe(true);
    expect(classify(err("HTTP502", 502), true, []).retry).toBe(true);
    expect(classify(err("ServiceUnavailable", 503), false, []).retry).toBe(false);
    expect(classify(err("UND_ERR_HEADERS_TIMEOUT", 0), true, []).retry).toBe(true);
    expect(classify(err("UND_ERR_CONNECT_TIMEOUT", 0, false), false, []).retry).toBe(true);
    expect(classify(err("OperationConflict", 400), false, ["OperationConflict"]).retry).toBe(true);
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
