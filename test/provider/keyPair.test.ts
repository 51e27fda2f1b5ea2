/** KeyPair through its provider object, against the emulator over HTTP; and the sdk class's
 *  secret marking of privateKey, under Pulumi's mocks. */
import { generateKeyPairSync } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { rsaPublicKeyToOpenSsh } from "../../provider/ssh/publicKey";
import { providerFor } from "../../provider";
import { configureClient, type ClientOptions } from "../../provider/client";
import { KeyPair } from "../../sdk";
import { keyPairSpec } from "../../provider/resources/keyPair/spec";
import { harnessClientOptions, interruptBeforeRecorded, providerSuite, type Bag } from "./harness";
import { inVirtualTime } from "./manualClock";

const p = providerFor("KeyPair");

// A public key made by ssh-keygen, with the fingerprint `ssh-keygen -l -E md5` prints for it.
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICjE4i9mhj/TDRmCB84S1oXrLGr8hA1YbPdUKycZ+7pr root@vm";
const ED25519_MD5 = "2a:1c:4b:5d:37:1b:e8:4b:0b:59:48:6f:69:94:4b:fe";
const otherRsaKey = (): string => rsaPublicKeyToOpenSsh(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" })).openssh;

const { h, checked } = providerSuite(p);

/** The harness's client settings (configureClient replaces the shared client when they differ). */
const clientOptions = (): ClientOptions => harnessClientOptions(h.emulator.url);

/** Everything written to stdout, stderr and the console while `fn` runs. */
async function captureOutput(fn: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const grab = (chunk: unknown): boolean => {
    chunks.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, "write").mockImplementation(grab as never);
  const err = jest.spyOn(process.stderr, "write").mockImplementation(grab as never);
  const logs = (["log", "info", "warn", "error", "debug"] as const).map((m) => jest.spyOn(console, m).mockImplementation((...a: unknown[]) => void chunks.push(a.map(String).join(" "))));
  try {
    await fn();
  } finally {
    for (const s of [out, err, ...logs]) s.mockRestore();
  }
  return chunks.join("\n");
}

test("generated key pair: private key once, no diff, import, tags in place, replaces, delete, gone — and the key is never printed", async () => {
  // The client's most talkative mode: a debug line per call on stderr.
  const debugClient = { ...clientOptions(), userAgent: "keypair-debug-test", env: { ALIBABA_CLOUD_ECS_DEBUG: "1", ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" } };
  configureClient(debugClient);
  let privateKey = "";
  let printed = "";
  try {
    printed = await captureOutput(async () => {
      const inputs = await checked("deploy", { keyPairName: "deploy-key", tags: { env: "test" } });
      const created = await p.create(inputs);
      const outs = created.outs as Bag;
      expect(created.id).toBe("deploy-key");
      privateKey = String(outs.privateKey);
      expect(privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      expect(outs.fingerPrint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
      expect(h.calls("CreateKeyPair")).toBe(1);

      const read = await p.read!(created.id, outs);
      expect((read.props as Bag).privateKey).toBe(privateKey); // kept from state: ECS returns it only once
      expect((await p.diff!(created.id, read.props, inputs)).changes).toBe(false);

      // import: the name is the id; no private key, and no diff against the same program
      const imported = await p.read!("deploy-key", {} as never);
      expect(imported.inputs).toEqual({ region: "cn-hangzhou", keyPairName: "deploy-key", tags: { env: "test" } });
      expect((await p.diff!("deploy-key", imported.props, inputs)).changes).toBe(false);

      // tags in place
      const retagged = await checked("deploy", { keyPairName: "deploy-key", tags: { env: "prod" } }, inputs);
      expect(await p.diff!(created.id, read.props, retagged)).toMatchObject({ changes: true, replaces: [] });
      const up = (await p.update!(created.id, read.props, retagged)).outs as Bag;
      expect(up.tags).toEqual({ env: "prod" });
      expect((await p.read!(created.id, up)).props).toMatchObject({ tags: { env: "prod" }, privateKey });

      // a new name replaces (no need to delete first); a public key replaces the generated pair, deleting first
      expect(await p.diff!(created.id, up, await checked("deploy", { keyPairName: "deploy-key-2" }))).toMatchObject({ replaces: ["keyPairName"], deleteBeforeReplace: false });
      expect(await p.diff!(created.id, up, await checked("deploy", { keyPairName: "deploy-key", publicKey: ED25519, tags: { env: "prod" } }))).toMatchObject({
        replaces: ["publicKey"],
        deleteBeforeReplace: true,
      });

      // drift: deleted out of band → refresh drops it
      expect(h.emulator.admin.deleteResource("keypair", "deploy-key")).toBe(true);
      expect(await p.read!(created.id, up)).toEqual({});
      await p.delete!(created.id, up); // deleting what is gone is fine
    });
  } finally {
    configureClient(clientOptions());
  }
  expect(printed).toContain("action=CreateKeyPair"); // the debug log was on
  const body = privateKey.split("\n")[1]!;
  expect(body.length).toBeGreaterThan(40);
  expect(printed).not.toContain(body);
});

test("imported key pair: fingerprint, spelling of the key is no diff, another key replaces, import reproduces inputs", async () => {
  const inputs = await checked("laptop", { keyPairName: "laptop", publicKey: ED25519 });
  const created = await p.create(inputs);
  const outs = created.outs as Bag;
  expect(outs).toMatchObject({ keyPairName: "laptop", fingerPrint: ED25519_MD5, publicKey: ED25519 });
  expect(outs.privateKey).toBeUndefined();
  expect(h.calls("ImportKeyPair")).toBe(1);

  // the same key with another comment and spacing
  const respelled = await checked("laptop", { keyPairName: "laptop", publicKey: `  ${ED25519.replace(" root@vm", "  me@desk")}\n` });
  expect((await p.diff!(created.id, outs, respelled)).changes).toBe(false);
  // another key replaces, deleting first since the name stays
  expect(await p.diff!(created.id, outs, await checked("laptop", { keyPairName: "laptop", publicKey: otherRsaKey() }))).toMatchObject({
    changes: true,
    replaces: ["publicKey"],
    deleteBeforeReplace: true,
  });
  // a key pair imported with `pulumi import` has no public key in state: the fingerprint decides
  const imported = await p.read!("laptop", {} as never);
  expect((await p.diff!("laptop", imported.props, inputs)).changes).toBe(false);
  expect((await p.diff!("laptop", imported.props, await checked("laptop", { keyPairName: "laptop", publicKey: otherRsaKey() }))).replaces).toEqual(["publicKey"]);

  // drift: the pair was replaced out of band by one with another key → the next diff replaces it
  h.emulator.admin.modifyResource("keypair", "laptop", { fingerprint: "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff" });
  const drifted = await p.read!(created.id, outs);
  expect((drifted.props as Bag).publicKey).toBeUndefined();
  expect((await p.diff!(created.id, drifted.props, inputs)).replaces).toEqual(["publicKey"]);

  // a re-run after an interrupted create finds its own key (its ownership tag still marked
  // "creating", the same fingerprint) and adopts it, removing the mark
  h.emulator.admin.modifyResource("keypair", "laptop", { fingerprint: ED25519_MD5 });
  await interruptBeforeRecorded(h.client, keyPairSpec, "laptop", inputs);
  h.emulator.admin.resetCallCounts();
  expect((await p.create(inputs)).id).toBe("laptop");
  expect(h.calls("ImportKeyPair")).toBe(1);
  expect(h.calls("AddTags")).toBe(1);

  // recorded (unmarked), the pair is never adopted: not by a create without a diff (`up --replace`),
  // not by a create of another key under its name
  await expect(p.create(inputs)).rejects.toThrow(/a key pair named "laptop" already exists in cn-hangzhou \(.*`import` resource option/);
  await expect(p.create(await checked("laptop", { keyPairName: "laptop", publicKey: otherRsaKey() }))).rejects.toThrow(/already exists in cn-hangzhou.*`import` resource option/);

  await p.delete!(created.id, outs);
  expect(await p.read!(created.id, outs)).toEqual({});
  expect(h.calls("DeleteKeyPairs")).toBe(1);
});

test("a generated key pair an interrupted create left is created again: ECS returns a private key only once", async () => {
  const inputs = await checked("lost", { keyPairName: "lost-key" });
  const first = await p.create(inputs);
  await interruptBeforeRecorded(h.client, keyPairSpec, "lost-key", inputs);
  h.emulator.admin.resetCallCounts();
  const again = await p.create(inputs);
  expect(h.calls("DeleteKeyPairs")).toBe(1);
  expect(h.calls("CreateKeyPair")).toBe(2); // refused (name taken), then after the delete
  expect((again.outs as Bag).privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  expect((again.outs as Bag).privateKey).not.toBe((first.outs as Bag).privateKey);
  expect((again.outs as Bag).fingerPrint).not.toBe((first.outs as Bag).fingerPrint);
  await p.delete!(again.id, again.outs);
});

test("delete retries a key still attached to instances (counted by the emulator's answers), then reports it clearly", async () => {
  const created = await p.create(await checked("attached", { keyPairName: "attached-key", publicKey: ED25519 }));
  // Three "still attached" answers, then success: the far deadline leaves the count to the answers.
  h.emulator.admin.injectFault({ type: "throttling", action: "DeleteKeyPairs", code: "DependencyViolation.KeyPair", count: 3, retryAfterMs: 0 });
  await inVirtualTime(h.emulator, () => p.delete!(created.id, { ...(created.outs as Bag), timeouts: { delete: "10m" } } as never));
  expect(h.calls("DeleteKeyPairs")).toBe(4);
  expect(await p.read!(created.id, created.outs)).toEqual({});

  // Always attached: however few attempts fit before a short deadline, the error is the clear one.
  const again = await p.create(await checked("attached", { keyPairName: "attached-key", publicKey: ED25519 }));
  h.emulator.admin.resetCallCounts();
  h.emulator.admin.injectFault({ type: "throttling", action: "DeleteKeyPairs", code: "DependencyViolation.KeyPair", probability: 1, retryAfterMs: 0 });
  const err = await inVirtualTime(h.emulator, () =>
    p.delete!(again.id, { ...(again.outs as Bag), timeouts: { delete: "1s" } } as never).then(
      () => undefined,
      (e: Error) => e,
    ),
  );
  expect(err?.message).toContain('key pair "attached-key" is still attached to instances (DependencyViolation.KeyPair');
  expect(err?.message).toContain(`${h.calls("DeleteKeyPairs")} attempt(s)`);
  h.emulator.admin.clearFaults();
  await p.delete!(again.id, again.outs);
  expect(await p.read!(again.id, again.outs)).toEqual({});
});

test("check names the property and the rule, never echoes a private key, and makes no API call", async () => {
  const pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n";
  const cases: [Bag, string, RegExp][] = [
    [{ keyPairName: "9lives" }, "keyPairName", /start with a letter/],
    [{ keyPairName: "a" }, "keyPairName", /2-128/],
    [{ keyPairName: "has space" }, "keyPairName", /letters, digits/],
    [{ keyPairName: "ok-name", publicKey: "not a key" }, "publicKey", /not an OpenSSH public key/],
    [{ keyPairName: "ok-name", publicKey: ED25519.replace("ssh-ed25519", "ssh-rsa") }, "publicKey", /ssh-ed25519/],
    [{ keyPairName: "ok-name", publicKey: pem }, "publicKey", /is a private key/],
    [{ keyPairName: "ok-name", tags: { "aliyun:x": "y" } }, "tags", /aliyun/],
  ];
  for (const [args, property, reason] of cases) {
    const res = await p.check!({}, h.inputs("bad", args));
    expect(res.failures).toHaveLength(1);
    expect(res.failures![0]!.property).toBe(property);
    expect(res.failures![0]!.reason).toMatch(reason);
    expect(res.failures![0]!.reason).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7");
  }
  expect(Object.values(h.emulator.admin.callCounts()).reduce((a, b) => a + b, 0)).toBe(0);
});

describe("the sdk class", () => {
  test("registers privateKey as a secret output", async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => ({ id: `${args.name}-id`, state: { ...args.inputs, fingerPrint: "aa:bb", privateKey: "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n" } }),
        call: () => ({}),
      },
      "proj",
      "dev",
    );
    // Record what the sdk asks the engine for: additionalSecretOutputs is what makes the engine
    // encrypt the output in state and mask it in the CLI.
    const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: { getType(): string; getAdditionalsecretoutputsList(): string[] }, cb: unknown): unknown };
    const seen: Record<string, string[]> = {};
    const original = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      seen[req.getType()] = req.getAdditionalsecretoutputsList();
      return original(req, cb);
    };
    const kp = new KeyPair("deploy", { keyPairName: "deploy-key" }, { additionalSecretOutputs: ["fingerPrint"] });
    const urn = await new Promise<string>((resolve) => kp.urn.apply((u: string) => resolve(u)));
    expect(urn).toContain("alicloud-ecs:KeyPair");
    expect(seen["pulumi-nodejs:dynamic/alicloud-ecs:KeyPair"]?.sort()).toEqual(["fingerPrint", "privateKey"]);
  }, 15_000);
});
