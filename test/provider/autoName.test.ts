/** Auto-naming (provider/spec/autoName.ts) through the providers' check, diff and create against
 *  the emulator: `<logical name>-<7 hex>` when the program gives no name, valid for every kind,
 *  the same in every check of one program (so `up --plan` agrees with its preview) and across
 *  updates and refreshes, new for a replacement (a key pair is then created before the old one
 *  is deleted), never for an import, never a rename of a resource named before auto-naming. */
import { generateKeyPairSync } from "node:crypto";
import { providerFor } from "../../provider";
import { nameBase } from "../../provider/spec/autoName";
import { canonicalJson } from "../../provider/spec/canonicalJson";
import { UNKNOWN } from "../../provider/spec/unknown";
import { rsaPublicKeyToOpenSsh } from "../../provider/ssh/publicKey";
import { IMAGE, providerSuite, ZONE, type Bag } from "./harness";

const keyPair = providerFor("KeyPair");
const { h } = providerSuite(keyPair);
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICjE4i9mhj/TDRmCB84S1oXrLGr8hA1YbPdUKycZ+7pr root@vm";
const otherKey = (): string => rsaPublicKeyToOpenSsh(generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" })).openssh;

const AUTO = /^[A-Za-z][\w-]*-[0-9a-f]{7}$/;

async function check(kind: string, name: string, args: Bag, olds: Bag = {}): Promise<Bag> {
  const res = await providerFor(kind).check!(olds, h.inputs(name, args));
  expect(res.failures).toEqual([]);
  return res.inputs as Bag;
}

it("hashes canonical JSON: keys sorted at every depth, array order kept, undefined dropped", () => {
  expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined, b: null } })).toBe('{"a":{"b":null,"d":[2,1]},"b":1}');
});

let sg: string;
beforeAll(async () => {
  sg = await h.securityGroup();
});

test("the logical name in the characters every ECS name takes, starting with a letter, leaving room for the suffix", () => {
  expect(nameBase("web")).toBe("web");
  expect(nameBase("web server (eu)")).toBe("web-server-eu");
  expect(nameBase("1st.db")).toBe("r-1st-db");
  expect(nameBase("数据库")).toBe("r");
  expect(nameBase("x".repeat(300))).toHaveLength(120);
});

test.each([
  // (the security group exists only once beforeAll has run: read when the test spreads the args)
  ["Instance", "instanceName", { zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", get securityGroupIds() { return [sg]; } }],
  ["Disk", "diskName", { zoneId: ZONE, size: 20 }],
  ["SecurityGroup", "securityGroupName", {}],
  ["KeyPair", "keyPairName", {}],
  ["LaunchTemplate", "launchTemplateName", { imageId: IMAGE }],
  ["DeploymentSet", "deploymentSetName", {}],
])("%s: an omitted %s becomes <logical name>-<7 hex> that passes its rules; a given one wins", async (kind, prop, args) => {
  const inputs = await check(kind, "web.server 1", args);
  expect(inputs[prop]).toMatch(/^web-server-1-[0-9a-f]{7}$/);
  expect((await check(kind, "web.server 1", args))[prop]).toBe(inputs[prop]); // every check of the same program
  expect((await check(kind, "web.server 1", { ...args, [prop]: "chosen-name" }))[prop]).toBe("chosen-name");
  // another resource (name or stack) gets another suffix
  expect((await check(kind, "web.server 2", args))[prop]).not.toBe(inputs[prop]);
  expect((await providerFor(kind).check!({}, { ...h.inputs("web.server 1", args), __ecsScope: "proj/other", __ecsStack: "proj/other" })).inputs[prop]).not.toBe(inputs[prop]);
});

test("kept across updates and refreshes; a replacing input unknown at preview leaves it unknown until up", async () => {
  const first = await check("KeyPair", "deploy", { publicKey: ED25519, tags: { a: "1" } });
  const created = await keyPair.create(first);
  expect(created.id).toBe(first.keyPairName);
  const retagged = await check("KeyPair", "deploy", { publicKey: ED25519, tags: { a: "2" } }, first);
  expect(retagged.keyPairName).toBe(first.keyPairName);
  expect(await keyPair.diff!(created.id, created.outs, retagged)).toMatchObject({ changes: true, replaces: [] });
  // a refresh keeps what check made up, so the next check keeps it too
  const refreshed = await keyPair.read!(created.id, created.outs);
  expect((await check("KeyPair", "deploy", { publicKey: `${ED25519} other-comment`, tags: { a: "1" } }, refreshed.inputs as Bag)).keyPairName).toBe(first.keyPairName);
  expect((await check("KeyPair", "deploy", { publicKey: UNKNOWN })).keyPairName).toBe(UNKNOWN);
  await keyPair.delete!(created.id, created.outs);
});

test("a replacement gets a new name, so the new key pair is created before the old one is deleted", async () => {
  const first = await check("KeyPair", "rotating", { publicKey: ED25519 });
  const old = await keyPair.create(first);
  const program = { publicKey: otherKey() };
  const news = await check("KeyPair", "rotating", program, first);
  expect(news.keyPairName).toBe(first.keyPairName); // the first check keeps it ...
  expect(await keyPair.diff!(old.id, old.outs, news)).toMatchObject({ replaces: ["publicKey"], deleteBeforeReplace: false });
  // ... and after a replacing diff the engine checks the program again, without the old inputs
  const replacement = await check("KeyPair", "rotating", program);
  expect(replacement.keyPairName).toMatch(AUTO);
  expect(replacement.keyPairName).not.toBe(first.keyPairName);
  const created = await keyPair.create(replacement); // while the old one still exists
  await keyPair.delete!(old.id, old.outs);
  expect(await keyPair.read!(created.id, created.outs)).toMatchObject({ id: replacement.keyPairName });
  await keyPair.delete!(created.id, created.outs);
});

test("a name the program stops giving becomes an auto name; a kept explicit name deletes first", async () => {
  const named = await check("KeyPair", "ops", { keyPairName: "ops-key", publicKey: ED25519 });
  const outs = (await keyPair.create(named)).outs;
  expect(await keyPair.diff!("ops-key", outs, await check("KeyPair", "ops", { keyPairName: "ops-key", publicKey: otherKey() }, named))).toMatchObject({ deleteBeforeReplace: true });
  const unnamed = await check("KeyPair", "ops", { publicKey: ED25519 }, named);
  expect(unnamed.keyPairName).toMatch(AUTO);
  expect(await keyPair.diff!("ops-key", outs, unnamed)).toMatchObject({ replaces: ["keyPairName"], deleteBeforeReplace: false });
  await keyPair.delete!("ops-key", outs);
});

test("a resource named by ECS before auto-naming keeps its name: no rename", async () => {
  const group = providerFor("SecurityGroup");
  const legacyInputs = { region: "cn-hangzhou", __ecsName: "legacy", __ecsScope: "proj/dev" }; // no name, no marker
  const news = await check("SecurityGroup", "legacy", {}, legacyInputs);
  expect(news.securityGroupName).toBeUndefined();
  const created = await group.create(news);
  expect((await group.diff!(created.id, created.outs, news)).changes).toBe(false);
  await group.delete!(created.id, created.outs);
});

test("no auto name for an import: the resource has its own", async () => {
  const { SecurityGroupId: id } = await h.client.call<{ SecurityGroupId: string }>("CreateSecurityGroup", { RegionId: "cn-hangzhou", SecurityGroupName: "by-hand" });
  const res = await providerFor("SecurityGroup").check!({}, h.inputs("adopted", { __ecsImport: id }));
  expect(res.failures).toEqual([]);
  expect((res.inputs as Bag).securityGroupName).toBeUndefined();
});
