/** What the emulator keeps: no secrets in the state file, snapshot or admin API; remembered ClientTokens
 *  expire after 24 h of emulated time and are capped, so the state file stays bounded. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { MAX_TOKENS, TOKEN_TTL_MS, checkClientToken, rememberToken } from "../../emulator/idempotency";
import type { AccountState } from "../../emulator/state";
import type { Params } from "../../provider/client/params";
import { callV1, createSecurityGroup, ok } from "./helpers";

const REGION = "cn-hangzhou";
const PASSWORD = "Sup3r-Secret-Pw!";

describe("secrets never reach the emulator's state", () => {
  let emu: RunningEmulator;
  let stateFile: string;
  beforeAll(async () => {
    stateFile = join(mkdtempSync(join(tmpdir(), "ecs-emu-secrets-")), "state.json");
    emu = await startEmulator({ stateFile, clock: "manual", delayScale: 0 });
  });
  afterAll(() => emu.close());
  const call = (action: string, params: Params = {}) => callV1(emu.url, action, { RegionId: REGION, ...params });

  it("keeps no private key and no password in the state file, snapshot or admin API; a CreateKeyPair retry is not replayed", async () => {
    const created = ok(await call("CreateKeyPair", { KeyPairName: "deploy-key", ClientToken: "kp-token" }));
    const keyBody = (created.PrivateKeyBody as string).split("\n")[1]; // a line of the key's base64
    expect(keyBody).toMatch(/^[A-Za-z0-9+/]{40,}/);
    const sg = await createSecurityGroup(emu.url, REGION);
    const run = { ImageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", InstanceType: "ecs.g7.large", SecurityGroupId: sg, ZoneId: `${REGION}-h`, Password: PASSWORD, ClientToken: "run-token" };
    const first = ok(await call("RunInstances", run));
    // RunInstances still replays (only a hash of its parameters is kept).
    expect(ok(await call("RunInstances", run)).InstanceIdSets).toEqual(first.InstanceIdSets);

    // The reference gives CreateKeyPair no ClientToken: a retry is a new request, and the name is taken.
    const retry = await call("CreateKeyPair", { KeyPairName: "deploy-key", ClientToken: "kp-token" });
    expect([retry.status, retry.body.Code, retry.body.PrivateKeyBody]).toEqual([400, "InvalidKeyPairName.Malformed", undefined]);
    expect(retry.body.Message).toMatch(/already exists/);

    await emu.admin.flush();
    const persisted = readFileSync(stateFile, "utf8");
    const snapshot = JSON.stringify(emu.admin.snapshot());
    const overHttp = await (await fetch(`${emu.url}/_emulator/state`)).text();
    for (const [where, text] of [["state file", persisted], ["snapshot", snapshot], ["admin API", overHttp]]) {
      expect([where, text.includes(keyBody)]).toEqual([where, false]);
      expect([where, text.includes("PRIVATE KEY")]).toEqual([where, false]);
      expect([where, text.includes(PASSWORD)]).toEqual([where, false]);
      expect([where, text.includes("run-token")]).toEqual([where, true]); // the token itself is remembered
    }
  });
});

describe("ClientToken retention", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ clock: "manual", delayScale: 0 });
  });
  afterAll(() => emu.close());
  const createDisk = (token: string, size = 20) => callV1(emu.url, "CreateDisk", { RegionId: REGION, ZoneId: `${REGION}-h`, Size: size, ClientToken: token });
  const remembered = () => Object.keys(emu.admin.snapshot().accounts["ecs-emulator"].idempotency);

  it("replays within 24 h of emulated time; afterwards the token starts a new request and old entries are dropped", async () => {
    expect(TOKEN_TTL_MS).toBe(24 * 3600 * 1000);
    const a = ok(await createDisk("day-1")).DiskId;
    emu.admin.advanceClock(TOKEN_TTL_MS - 1);
    expect(ok(await createDisk("day-1")).DiskId).toBe(a);
    expect((await createDisk("day-1", 30)).body.Code).toBe("IdempotentParameterMismatch");
    emu.admin.advanceClock(1);
    expect(remembered()).toContain("CreateDisk\nday-1");
    const b = ok(await createDisk("day-1", 30)).DiskId; // expired: other parameters are a new request
    expect(b).not.toBe(a);
    ok(await createDisk("day-2"));
    emu.admin.advanceClock(TOKEN_TTL_MS);
    ok(await createDisk("day-3"));
    expect(remembered()).toEqual(["CreateDisk\nday-3"]);
  });

  it(`keeps at most ${MAX_TOKENS} tokens per account, dropping the oldest`, () => {
    const account: AccountState = { accessKeyId: "ak", regions: {}, idempotency: {} };
    const now = 1_000_000;
    for (let i = 0; i < MAX_TOKENS + 5; i++) {
      const check = checkClientToken(account, "CreateDisk", { ClientToken: `t${i}`, Size: String(i) }, now)!;
      rememberToken(account, check, { DiskId: `d-${i}` }, now);
    }
    const keys = Object.keys(account.idempotency);
    // Pruned in a batch (to 90 % of the cap) when the cap is passed, oldest first.
    expect(keys.length).toBeLessThanOrEqual(MAX_TOKENS);
    expect(keys.length).toBeGreaterThanOrEqual(MAX_TOKENS * 0.9);
    expect(keys[0]).toBe(`CreateDisk\nt${MAX_TOKENS + 5 - keys.length}`);
    expect(checkClientToken(account, "CreateDisk", { ClientToken: `t${MAX_TOKENS + 4}`, Size: String(MAX_TOKENS + 4) }, now)?.replay).toEqual({ DiskId: `d-${MAX_TOKENS + 4}` });
    expect(checkClientToken(account, "CreateDisk", { ClientToken: "t0", Size: "999" }, now)?.replay).toBeUndefined();
  });
});
