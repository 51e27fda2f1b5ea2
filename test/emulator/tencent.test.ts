/** The Tencent bare-metal API 2.0 DescribeRegions at /v2/index.php, signed with the shared signer. */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../emulator/defaults";
import { callTencentBm, signTencent, TencentApiError } from "../../provider/tencent";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ clock: "manual" });
});
afterAll(() => emu.close());

const client = (secretKey = DEFAULT_ACCESS_KEY_SECRET, secretId = DEFAULT_ACCESS_KEY_ID) => ({ secretId, secretKey, endpoint: emu.url, region: "bj" });

/** A hand-signed GET, so tests can replay, age or tamper with a request. */
async function rawCall(overrides: Record<string, string> = {}, o: { secret?: string; method?: "GET" | "POST" } = {}) {
  const host = new URL(emu.url).host;
  const params: Record<string, string> = {
    Action: "DescribeRegions",
    SecretId: DEFAULT_ACCESS_KEY_ID,
    Nonce: String(Math.floor(Math.random() * 1e9) + 1),
    Timestamp: String(Math.floor(Date.now() / 1000)),
    Region: "bj",
    ...overrides,
  };
  const method = o.method ?? "GET";
  const signed = { ...params, Signature: overrides.Signature ?? signTencent(method, host, "/v2/index.php", params, o.secret ?? DEFAULT_ACCESS_KEY_SECRET) };
  const qs = new URLSearchParams(signed).toString();
  const res =
    method === "GET"
      ? await fetch(`${emu.url}/v2/index.php?${qs}`)
      : await fetch(`${emu.url}/v2/index.php`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: qs });
  return { status: res.status, body: (await res.json()) as { code: number; message: string; codeDesc: string; data?: Record<string, any> } };
}

describe("Tencent bare metal DescribeRegions", () => {
  it("answers the documented shape to the project's Tencent client", async () => {
    const data = await callTencentBm<Record<string, any>>("DescribeRegions", {}, client());
    expect(Object.keys(data).sort()).toEqual(["1", "4", "8"]);
    expect(data["8"]).toMatchObject({ regionId: "8", setName: "ap-beijing" });
    expect(data["8"].zones["1000800002"]).toEqual({ zoneId: "1000800002", zoneName: "北京物理机二区", zoneEname: "ap-beijing-bls-2" });
    const res = await rawCall();
    expect(res).toMatchObject({ status: 200, body: { code: 0, message: "OK", codeDesc: "Success" } });
  });

  it("filters by regionId and refuses an unknown one", async () => {
    expect(Object.keys(await callTencentBm<Record<string, unknown>>("DescribeRegions", { regionId: 4 }, client()))).toEqual(["4"]);
    await expect(callTencentBm("DescribeRegions", { regionId: 99 }, client())).rejects.toMatchObject({ code: 4000 });
  });

  it("accepts POST form bodies signed with POST and HmacSHA256", async () => {
    expect((await rawCall({ SignatureMethod: "HmacSHA256" }, { method: "POST" })).body.code).toBe(0);
  });

  it("rejects a wrong secret, an unknown SecretId and a tampered parameter", async () => {
    const err = await callTencentBm("DescribeRegions", {}, client("wrong-secret")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TencentApiError);
    expect(err).toMatchObject({ code: 4100, codeDesc: "AuthFailure.SignatureFailure" });
    await expect(callTencentBm("DescribeRegions", {}, client(DEFAULT_ACCESS_KEY_SECRET, "AKIDunknown"))).rejects.toMatchObject({ code: 4100, codeDesc: "AuthFailure.SecretIdNotFound" });
    const host = new URL(emu.url).host;
    const params = { Action: "DescribeRegions", SecretId: DEFAULT_ACCESS_KEY_ID, Nonce: "77", Timestamp: String(Math.floor(Date.now() / 1000)), Region: "bj" };
    const signature = signTencent("GET", host, "/v2/index.php", params, DEFAULT_ACCESS_KEY_SECRET);
    expect((await rawCall({ ...params, Region: "gz", Signature: signature })).body.code).toBe(4100);
  });

  it("rejects a replayed nonce and a stale timestamp", async () => {
    const fixed = { Nonce: "424242", Timestamp: String(Math.floor(Date.now() / 1000)) };
    expect((await rawCall(fixed)).body.code).toBe(0);
    expect((await rawCall(fixed)).body).toMatchObject({ code: 4500, codeDesc: "RequestReplay.NonceUsed" });
    expect((await rawCall({ Timestamp: String(Math.floor(Date.now() / 1000) - 3600) })).body).toMatchObject({ code: 4500, codeDesc: "RequestReplay.TimestampExpired" });
  });

  it("names missing common parameters and unknown actions", async () => {
    expect((await rawCall({ Region: "" })).body).toMatchObject({ code: 4000, codeDesc: "InvalidParameter" });
    expect((await rawCall({ Action: "RunMachines" })).body).toMatchObject({ code: 4000, message: expect.stringContaining("RunMachines") });
  });

  it("counts the calls", () => {
    expect(emu.admin.callCounts()["tencent:DescribeRegions"]).toBeGreaterThan(5);
  });
});
