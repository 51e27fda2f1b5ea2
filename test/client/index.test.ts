import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { configureClient, EcsClient, getClient, RegionNotFoundError } from "../../provider/client";
import { callTencentBm, signTencent, TencentApiError } from "../../provider/tencent";
import { ecsError, ok, startFakeEcs, type FakeEcs } from "./helpers/fakeEcs";

describe("shared client", () => {
  it("configureClient replaces the shared client; identical options keep it", () => {
    const a = configureClient({ accessKeyId: "a", accessKeySecret: "s1", region: "cn-hangzhou" });
    expect(getClient()).toBe(a);
    expect(configureClient({ region: "cn-hangzhou", accessKeySecret: "s1", accessKeyId: "a" })).toBe(a);
    const b = configureClient({ accessKeyId: "a", accessKeySecret: "s2", region: "cn-hangzhou" });
    expect(b).not.toBe(a);
    expect(getClient()).toBe(b);
  });

  it("hides the secret and token from JSON.stringify and util.inspect", () => {
    const c = new EcsClient({ accessKeyId: "AKID", accessKeySecret: "very-secret-value", securityToken: "sts-token-value", region: "cn-hangzhou" });
    const text = JSON.stringify(c) + inspect(c, { showHidden: true, depth: 10 }) + JSON.stringify({ c });
    expect(text).not.toContain("very-secret-value");
    expect(text).not.toContain("sts-token-value");
    expect(JSON.parse(JSON.stringify(c))).toMatchObject({ accessKeyId: "AKID", region: "cn-hangzhou", signatureVersion: "v3" });
  });
});

describe("EcsClient settings", () => {
  let server: FakeEcs;
  afterEach(async () => server?.close());

  it("takes the endpoint from ALIBABA_CLOUD_ECS_ENDPOINT and credentials from the environment", async () => {
    server = await startFakeEcs(() => ok(), "env-secret");
    const c = new EcsClient({
      env: { ALIBABA_CLOUD_ECS_ENDPOINT: server.url, ALIBABA_CLOUD_ACCESS_KEY_ID: "env-id", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "env-secret" },
      rateLimit: 0,
    });
    await c.call("DescribeRegions");
    expect(server.arrivals[0].signatureOk).toBe(true);
    expect(String(server.arrivals[0].headers.authorization)).toContain("Credential=env-id,");
    await c.close();
  });

  it("resolves the default region and says where it looked when there is none", async () => {
    const withRegion = new EcsClient({ env: { ALICLOUD_REGION: "ap-south-1" } });
    expect(await withRegion.defaultRegion()).toBe("ap-south-1");
    const none = new EcsClient({ env: {}, homeDir: "/nonexistent-home", accessKeyId: "a", accessKeySecret: "b" });
    await expect(none.call("DescribeInstances")).rejects.toBeInstanceOf(RegionNotFoundError);
  });

  it("writes debug lines without secrets when ALIBABA_CLOUD_ECS_DEBUG=1", async () => {
    server = await startFakeEcs((_a, i) => (i === 0 ? ecsError(503, "ServiceUnavailable", "busy") : ok()), "debug-secret-value");
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const c = new EcsClient({
      accessKeyId: "id",
      accessKeySecret: "debug-secret-value",
      endpoint: server.url,
      env: { ALIBABA_CLOUD_ECS_DEBUG: "1" },
      rateLimit: 0,
      retryBaseDelayMs: 1,
    });
    try {
      await c.call("DescribeInstances", { RegionId: "cn-hangzhou" });
    } finally {
      spy.mockRestore();
      await c.close();
    }
    const all = lines.join("");
    expect(all).toMatch(/\[alicloud-ecs\] call failed action=DescribeInstances attempt=1 status=503 ms=\d+ code=ServiceUnavailable requestId=err-ServiceUnavailable/);
    expect(all).toMatch(/\[alicloud-ecs\] retry action=DescribeInstances attempt=1 reason="ServiceUnavailable \(HTTP 503\); safe to repeat \(natural\)" delayMs=\d+/);
    expect(all).toMatch(/\[alicloud-ecs\] call action=DescribeInstances attempt=2 status=200 ms=\d+ requestId=ok-req/);
    expect(all).not.toContain("debug-secret-value");
    const sig = String(server.arrivals[1].headers.authorization).split("Signature=")[1];
    expect(all).not.toContain(sig);
  });
});

describe("callTencentBm", () => {
  it("sends a signed GET that the server can verify, and returns data", async () => {
    const seen: { host: string; path: string; params: Record<string, string> }[] = [];
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      seen.push({ host: String(req.headers.host), path: url.pathname, params: Object.fromEntries(url.searchParams) });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(seen.length === 1 ? JSON.stringify({ code: 0, message: "OK", codeDesc: "Success", data: { "8": { regionId: "8", setName: "ap-beijing" } } }) : JSON.stringify({ code: 4100, message: "鉴权失败", codeDesc: "AuthFailure" }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2/index.php`;
    try {
      const data = await callTencentBm<Record<string, { setName: string }>>("DescribeRegions", { regionId: 8 }, { secretId: "AKIDtest", secretKey: "tencent-key", endpoint, region: "bj" });
      expect(data["8"].setName).toBe("ap-beijing");
      const { host, path, params } = seen[0];
      expect(path).toBe("/v2/index.php");
      expect(params).toMatchObject({ Action: "DescribeRegions", Region: "bj", SecretId: "AKIDtest", regionId: "8" });
      const { Signature, ...rest } = params;
      expect(Signature).toBe(signTencent("GET", host, path, rest, "tencent-key"));
      await expect(callTencentBm("DescribeRegions", {}, { secretId: "AKIDtest", secretKey: "tencent-key", endpoint })).rejects.toThrow(
        new TencentApiError("DescribeRegions", 4100, "鉴权失败", "AuthFailure").message,
      );
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
