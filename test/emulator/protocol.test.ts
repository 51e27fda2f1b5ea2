/** Protocol fidelity: signatures (V1 GET/POST/form, V3), replay protection, STS, versions, formats, error shapes. */
import { randomUUID } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { adminHttpHandler } from "../../emulator/admin";
import { canonicalQuery, iso8601Seconds, signV1, v1CommonParams } from "../../provider/client/signing";
import { callV1, callV3 } from "./helpers";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({
    delayScale: 0,
    credentials: [
      { accessKeyId: "ecs-emulator", accessKeySecret: "ecs-emulator-secret" },
      { accessKeyId: "sts-key", accessKeySecret: "sts-secret", securityToken: "token-123" },
    ],
  });
});
afterAll(() => emu.close());

describe("V1 signatures", () => {
  it("accepts GET with query parameters", async () => {
    const r = await callV1(emu.url, "DescribeRegions", {}, { method: "GET" });
    expect(r.status).toBe(200);
    expect(r.body.Regions.Region.length).toBeGreaterThan(3);
    expect(r.body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  });

  it("accepts POST with query parameters and POST with a form body", async () => {
    const q = await callV1(emu.url, "DescribeZones", { RegionId: "cn-hangzhou" }, { method: "POST" });
    const f = await callV1(emu.url, "DescribeZones", { RegionId: "cn-hangzhou" }, { method: "POST", formBody: true });
    expect(q.status).toBe(200);
    expect(f.status).toBe(200);
    expect(f.body.Zones.Zone.map((z: { ZoneId: string }) => z.ZoneId)).toEqual(["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"]);
  });

  it("signs query ∪ body when both carry parameters", async () => {
    const all: Record<string, string> = {
      ...v1CommonParams("ecs-emulator", randomUUID(), new Date()),
      Action: "DescribeZones",
      Version: "2014-05-26",
      Format: "JSON",
      RegionId: "cn-shanghai",
    };
    all.Signature = signV1("POST", all, "ecs-emulator-secret");
    const { RegionId, ...query } = all;
    const res = await fetch(`${emu.url}/?${canonicalQuery(query)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `RegionId=${RegionId}`,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { Zones: { Zone: Array<{ ZoneId: string }> } };
    expect(body.Zones.Zone[0].ZoneId).toMatch(/^cn-shanghai-/);
  });

  it("rejects a wrong secret with SignatureDoesNotMatch and the server's string to sign", async () => {
    const r = await callV1(emu.url, "DescribeRegions", {}, { accessKeySecret: "nope" });
    expect(r.status).toBe(400);
    expect(r.body.Code).toBe("SignatureDoesNotMatch");
    expect(r.body.Message).toContain("server string to sign is:GET&%2F&AccessKeyId%3Decs-emulator");
    expect(Object.keys(r.body).sort()).toEqual(["Code", "HostId", "Message", "Recommend", "RequestId"]);
  });

  it("rejects an unknown access key", async () => {
    const r = await callV1(emu.url, "DescribeRegions", {}, { accessKeyId: "who" });
    expect([r.status, r.body.Code, r.body.Message]).toEqual([404, "InvalidAccessKeyId.NotFound", "Specified access key is not found."]);
  });

  it("rejects a reused nonce", async () => {
    const nonce = randomUUID();
    expect((await callV1(emu.url, "DescribeRegions", {}, { nonce })).status).toBe(200);
    const again = await callV1(emu.url, "DescribeRegions", {}, { nonce });
    expect([again.status, again.body.Code]).toEqual([400, "SignatureNonceUsed"]);
  });

  it("rejects a timestamp more than 15 minutes off (real time), accepts 14 minutes", async () => {
    const old = await callV1(emu.url, "DescribeRegions", {}, { timestamp: new Date(Date.now() - 16 * 60_000) });
    expect([old.status, old.body.Code]).toEqual([400, "InvalidTimeStamp.Expired"]);
    const future = await callV1(emu.url, "DescribeRegions", {}, { timestamp: new Date(Date.now() + 16 * 60_000) });
    expect(future.body.Code).toBe("InvalidTimeStamp.Expired");
    const near = await callV1(emu.url, "DescribeRegions", {}, { timestamp: new Date(Date.now() - 14 * 60_000) });
    expect(near.status).toBe(200);
  });

  it("does not let the manual emulated clock affect timestamp checks", async () => {
    emu.admin.advanceClock(3 * 3600_000);
    expect((await callV1(emu.url, "DescribeRegions")).status).toBe(200);
  });

  it("answers MissingParameter for an unsigned request", async () => {
    const res = await fetch(`${emu.url}/?Action=DescribeRegions&Version=2014-05-26`);
    const body = (await res.json()) as { Code: string; Message: string };
    expect(res.status).toBe(400);
    expect(body.Code).toBe("MissingParameter");
    expect(body.Message).toContain("AccessKeyId");
  });
});

describe("STS tokens", () => {
  it("accepts the configured token (V1 and V3)", async () => {
    const o = { accessKeyId: "sts-key", accessKeySecret: "sts-secret", securityToken: "token-123" };
    expect((await callV1(emu.url, "DescribeRegions", {}, o)).status).toBe(200);
    expect((await callV3(emu.url, "DescribeRegions", {}, o)).status).toBe(200);
  });
  it("rejects a missing or wrong token", async () => {
    const missing = await callV1(emu.url, "DescribeRegions", {}, { accessKeyId: "sts-key", accessKeySecret: "sts-secret" });
    expect(missing.body.Code).toBe("MissingSecurityToken");
    const wrong = await callV3(emu.url, "DescribeRegions", {}, { accessKeyId: "sts-key", accessKeySecret: "sts-secret", securityToken: "x" });
    expect([wrong.status, wrong.body.Code]).toEqual([400, "InvalidSecurityToken.MismatchWithAccessKey"]);
  });
});

describe("V3 signatures", () => {
  it("accepts ACS3-HMAC-SHA256 with parameters in the query", async () => {
    const r = await callV3(emu.url, "DescribeZones", { RegionId: "cn-beijing" });
    expect(r.status).toBe(200);
    expect(r.body.Zones.Zone).toHaveLength(3);
  });
  it("accepts V3 with the parameters in a signed form body", async () => {
    const r = await callV3(emu.url, "DescribeZones", { RegionId: "cn-shanghai" }, { formBody: true });
    expect(r.status).toBe(200);
    expect(r.body.Zones.Zone[0].ZoneId).toBe("cn-shanghai-e");
  });
  it("rejects a wrong secret with the V3 string to sign", async () => {
    const r = await callV3(emu.url, "DescribeRegions", {}, { accessKeySecret: "bad" });
    expect(r.body.Code).toBe("SignatureDoesNotMatch");
    expect(r.body.Message).toMatch(/server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
  });
  it("rejects a reused V3 nonce and an expired x-acs-date", async () => {
    const nonce = randomUUID();
    await callV3(emu.url, "DescribeRegions", {}, { nonce });
    expect((await callV3(emu.url, "DescribeRegions", {}, { nonce })).body.Code).toBe("SignatureNonceUsed");
    expect((await callV3(emu.url, "DescribeRegions", {}, { timestamp: new Date(Date.now() - 20 * 60_000) })).body.Code).toBe("InvalidTimeStamp.Expired");
  });
  it("rejects a body that does not match x-acs-content-sha256", async () => {
    const headers = {
      "x-acs-action": "DescribeRegions",
      "x-acs-version": "2014-05-26",
      "x-acs-date": iso8601Seconds(new Date()),
      "x-acs-signature-nonce": randomUUID(),
      "x-acs-content-sha256": "0".repeat(64),
      authorization: "ACS3-HMAC-SHA256 Credential=ecs-emulator,SignedHeaders=host,Signature=00",
    };
    const res = await fetch(`${emu.url}/`, { method: "POST", headers, body: "a=b" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { Code: string }).Code).toBe("ContentSHA256NotMatched");
  });
});

describe("actions, versions and formats", () => {
  it("answers InvalidAction.NotFound (404) for an unknown action", async () => {
    const r = await callV1(emu.url, "DescribeUnicorns");
    expect([r.status, r.body.Code]).toEqual([404, "InvalidAction.NotFound"]);
  });
  it("answers InvalidVersion for a wrong Version", async () => {
    const r = await callV1(emu.url, "DescribeRegions", {}, { version: "2016-03-14" });
    expect([r.status, r.body.Code]).toEqual([400, "InvalidVersion"]);
    const v3 = await callV3(emu.url, "DescribeRegions", {}, { version: "2099-01-01" });
    expect(v3.body.Code).toBe("InvalidVersion");
  });
  it("answers XML with Format=XML, same shape, lists as repeated elements", async () => {
    const r = await callV1(emu.url, "DescribeZones", { RegionId: "cn-hangzhou" }, { format: "XML" });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("xml");
    const xml = new XMLParser().parse(r.text) as { DescribeZonesResponse: { RequestId: string; Zones: { Zone: Array<{ ZoneId: string }> } } };
    expect(xml.DescribeZonesResponse.RequestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(xml.DescribeZonesResponse.Zones.Zone.map((z) => z.ZoneId)).toContain("cn-hangzhou-k");
  });
  it("answers XML errors as <Error>", async () => {
    const r = await callV1(emu.url, "DescribeZones", {}, { format: "XML" });
    const xml = new XMLParser().parse(r.text) as { Error: { Code: string; Message: string; RequestId: string; HostId: string; Recommend: string } };
    expect(r.status).toBe(400);
    expect(xml.Error.Code).toBe("MissingParameter");
    expect(xml.Error.Message).toContain('"RegionId"');
    expect(xml.Error.HostId).toBeTruthy();
    expect(xml.Error.Recommend).toContain("MissingParameter");
  });
  it("names the parameter in InvalidParameter", async () => {
    const r = await callV1(emu.url, "DescribeInstanceStatus", { RegionId: "cn-hangzhou", PageSize: 51 });
    expect([r.status, r.body.Code]).toEqual([400, "InvalidParameter"]);
    expect(r.body.Message).toContain('"PageSize"');
    const r2 = await callV1(emu.url, "DescribeInstanceStatus", { RegionId: "cn-hangzhou", PageNumber: "one" });
    expect(r2.body.Message).toContain('"PageNumber"');
  });
  it("answers InvalidRegionId.NotFound for an unknown region", async () => {
    const r = await callV1(emu.url, "DescribeZones", { RegionId: "mars-north-1" });
    expect([r.status, r.body.Code]).toEqual([404, "InvalidRegionId.NotFound"]);
  });
  it("sends x-acs-request-id matching the body", async () => {
    const r = await callV1(emu.url, "DescribeRegions");
    expect(r.headers.get("x-acs-request-id")).toBe(r.body.RequestId);
  });
});

describe("admin API guard", () => {
  it("answers only loopback callers", async () => {
    const handler = adminHttpHandler(emu.admin);
    const sent: { status?: number; body?: string } = {};
    const res = {
      writeHead(status: number) {
        sent.status = status;
        return this;
      },
      end(body: string) {
        sent.body = body;
      },
    };
    const req = { socket: { remoteAddress: "10.1.2.3" }, url: "/_emulator/state", method: "GET", headers: {} };
    await handler(req as never, res as never, Buffer.alloc(0));
    expect(sent.status).toBe(403);
    expect(JSON.parse(sent.body!).Message).toContain("loopback");
    const viaHttp = await fetch(`${emu.url}/_emulator/clock`);
    expect(viaHttp.status).toBe(200);
  });
});
