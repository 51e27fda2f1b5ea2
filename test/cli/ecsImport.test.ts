/** ecs-import's discovery, references, names and placeholders against the in-process emulator
 *  (sdk/cli/ecsImport). One region holds every kind, made with the API as another tool would;
 *  each filter is run over it. The proof that what it declares is what an adoption accepts: each
 *  declared resource passes the provider's check and create with `__ecsImport`, with no write.
 *  Through the real CLI and `pulumi up`: test/e2e/ecsImport.test.ts. */
import { defaultVpcId } from "../../emulator/catalog";
import { providerFor } from "../../provider";
import { discover, type Discovery, type Filters } from "../../sdk/cli/ecsImport/discover";
import { KINDS, kindFromOption, keyOf } from "../../sdk/cli/ecsImport/kinds";
import { buildProgram, type Program } from "../../sdk/cli/ecsImport/program";
import { declarationOrder } from "../../sdk/cli/ecsImport/references";
import { IMAGE, REGION, startHarness, ZONE, type Bag, type Harness } from "../provider/harness";

const OTHER_REGION = "cn-shanghai";
const PUBLIC_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICjE4i9mhj/TDRmCB84S1oXrLGr8hA1YbPdUKycZ+7pr root@vm";
const WRITES = /^(Run|Create|Import|Authorize|Revoke|Modify|Delete|Add|Remove|Tag|Untag|Attach|Detach|Join|Leave|Start|Stop|Resize|Allocate)/;

let h: Harness;
/** What was made, by a short name. */
const ids: Record<string, string> = {};

const call = async <T = Bag>(action: string, params: Bag, region = REGION): Promise<T> => h.client.call<T>(action, { RegionId: region, ...params });
const tag = (key: string, value: string) => ({ Tag: [{ Key: key, Value: value }] });
const PROD = tag("env", "prod");

async function group(name: string, vpc: boolean, tags: Bag, region = REGION): Promise<string> {
  const { SecurityGroupId } = await call<{ SecurityGroupId: string }>("CreateSecurityGroup", { SecurityGroupName: name, ...(vpc ? { VpcId: defaultVpcId(region) } : {}), ...tags }, region);
  await call("AuthorizeSecurityGroup", { SecurityGroupId, IpProtocol: "tcp", PortRange: "80/80", SourceCidrIp: "0.0.0.0/0" }, region);
  return SecurityGroupId;
}

/** The region as a brownfield account has it. */
async function makeRegion(): Promise<void> {
  ids.sgWeb = await group("web", true, PROD);
  ids.sgClassic = await group("classic", false, PROD);
  ids.sgDev = await group("batch", true, tag("env", "dev"));
  await call("ImportKeyPair", { KeyPairName: "deploy", PublicKeyBody: PUBLIC_KEY, ...PROD });
  await call("ImportKeyPair", { KeyPairName: "spare", PublicKeyBody: PUBLIC_KEY.replace("root@vm", "spare") });
  ids.dsSpread = (await call<{ DeploymentSetId: string }>("CreateDeploymentSet", { DeploymentSetName: "spread", Description: "one host each" })).DeploymentSetId;
  ids.dsIdle = (await call<{ DeploymentSetId: string }>("CreateDeploymentSet", { DeploymentSetName: "idle" })).DeploymentSetId;
  const template = (name: string, sg: string, tags: Bag) =>
    call<{ LaunchTemplateId: string }>("CreateLaunchTemplate", { LaunchTemplateName: name, ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: sg, ZoneId: ZONE, ...tags });
  ids.ltWeb = (await template("web-template", ids.sgWeb, { TemplateTag: PROD.Tag })).LaunchTemplateId;
  ids.ltOld = (await template("old-template", ids.sgClassic, {})).LaunchTemplateId;
  const run = await call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", {
    ZoneId: ZONE,
    ImageId: IMAGE,
    InstanceType: "ecs.g7.large",
    SecurityGroupId: ids.sgWeb,
    KeyPairName: "deploy",
    DeploymentSetId: ids.dsSpread,
    InstanceName: "web",
    Password: "Adopt-me-1",
    Amount: 1,
    DataDisk: [{ Size: 40, Category: "cloud_essd" }],
    ...PROD,
  });
  ids.web = run.InstanceIdSets.InstanceIdSet[0];
  ids.ownDisk = (await call<{ Disks: { Disk: { DiskId: string; Type: string }[] } }>("DescribeDisks", { InstanceId: ids.web })).Disks.Disk.find((d) => d.Type === "data")!.DiskId;
  ids.logs = (await call<{ DiskId: string }>("CreateDisk", { ZoneId: ZONE, Size: 20, DiskCategory: "cloud_essd", DiskName: "web-logs" })).DiskId;
  await call("AttachDisk", { InstanceId: ids.web, DiskId: ids.logs });
  ids.scratch = (await call<{ DiskId: string }>("CreateDisk", { ZoneId: ZONE, Size: 20, DiskCategory: "cloud_essd", DiskName: "scratch" })).DiskId;
  // No name: declared without one (auto-naming never applies to an adoption), named by its id in the program.
  ids.nameless = (await call<{ DiskId: string }>("CreateDisk", { ZoneId: ZONE, Size: 20, DiskCategory: "cloud_essd" })).DiskId;
}

const ALL: Filters = { kinds: KINDS, ids: [], tags: {} };
const run = (f: Partial<Filters>, regions = [REGION]): Promise<Discovery> => discover(h.client, regions, { ...ALL, ...f });
/** The short names of what a discovery adopts. */
const found = (d: Discovery): string[] =>
  d.resources
    .map((r) => Object.entries(ids).find(([, id]) => id === r.id)?.[0] ?? r.id)
    .sort();

beforeAll(async () => {
  h = await startHarness();
  await makeRegion();
});
afterAll(() => h.close());

describe("discovery", () => {
  test("no filter: every kind; system disks never, an instance's own data disk inside it, an attached disk as a Disk", async () => {
    const d = await run({});
    expect(found(d)).toEqual(["deploy", "dsIdle", "dsSpread", "logs", "ltOld", "ltWeb", "nameless", "scratch", "sgClassic", "sgDev", "sgWeb", "spare", "web"].sort());
    expect(d.withInstances).toEqual([{ region: REGION, id: ids.ownDisk, instanceId: ids.web }]);
    expect(d.skipped).toEqual([]);
    const web = d.resources.find((r) => r.id === ids.web)!;
    expect(web.inputs.dataDisks).toEqual([expect.objectContaining({ size: 40, category: "cloud_essd", deleteWithInstance: true })]);
  });

  test("--tag: what carries the tag, and the deployment set (it has no tags) through the instance that uses it", async () => {
    const d = await run({ tags: { env: "prod" } });
    expect(found(d)).toEqual(["deploy", "dsSpread", "ltWeb", "sgClassic", "sgWeb", "web"].sort());
  });

  test("--tag with an empty value matches any value", async () => {
    expect(found(await run({ tags: { env: "" }, kinds: [kindFromOption("security-group")!] }))).toEqual(["sgClassic", "sgDev", "sgWeb"]);
  });

  test("--vpc: instances and groups in it; disks, key pairs, templates and deployment sets through references", async () => {
    const d = await run({ vpcId: defaultVpcId(REGION) });
    // web-template uses a group in the VPC; old-template the classic one; scratch, spare and idle nothing.
    expect(found(d)).toEqual(["deploy", "dsSpread", "logs", "ltWeb", "sgDev", "sgWeb", "web"].sort());
  });

  test("--name: the ECS name matches the regular expression, in every kind", async () => {
    expect(found(await run({ nameRegex: "^web" }))).toEqual(["logs", "ltWeb", "sgWeb", "web"].sort());
  });

  test("--ids: only those (a key pair by name); an id found nowhere is reported", async () => {
    const d = await run({ ids: [ids.web, "deploy", "d-doesnotexist0000000"] });
    expect(found(d)).toEqual(["deploy", "web"]);
    expect(d.notFound).toEqual(["d-doesnotexist0000000"]);
  });

  test("--kinds: only those kinds; what they use stays outside (a literal)", async () => {
    const d = await run({ kinds: ["instance", "disk"].map((k) => kindFromOption(k)!) });
    expect(found(d)).toEqual(["logs", "nameless", "scratch", "web"]);
    const program = buildProgram(d.resources);
    expect(program.external.map((e) => `${e.kind} ${e.id} ${e.usedBy}`).sort()).toEqual(
      [`DeploymentSet ${ids.dsSpread} web.deploymentSetId`, `KeyPair deploy web.keyPairName`, `SecurityGroup ${ids.sgWeb} web.securityGroupIds`].sort(),
    );
  });

  test("several regions: one program, each resource in its region, names unique across them", async () => {
    const far = await group("web", true, {}, "cn-beijing");
    const d = await run({ nameRegex: "^web$", kinds: [kindFromOption("security-group")!] }, [REGION, "cn-beijing"]);
    const program = buildProgram(d.resources);
    // In region order, then id order: the same names on every run.
    expect(program.resources.map((r) => [r.id, r.region, r.name])).toEqual([
      [far, "cn-beijing", "web"],
      [ids.sgWeb, REGION, "web-2"],
    ]);
    expect(program.resources[0].args[0]).toEqual({ property: "region", value: { literal: "cn-beijing" } });
  });

  test("a resource carrying a Pulumi stack's ownership tag is skipped, unless includeManaged", async () => {
    const managed = await group("managed", true, tag("pulumi:shop/prod", "SecurityGroup/web"), OTHER_REGION);
    const d = await run({}, [OTHER_REGION]);
    expect(d.resources).toEqual([]);
    expect(d.skipped).toEqual([{ kind: "SecurityGroup", region: OTHER_REGION, id: managed, name: "managed", reason: "managed by the Pulumi stack shop/prod (its ownership tag)" }]);
    expect((await run({ includeManaged: true }, [OTHER_REGION])).resources.map((r) => r.id)).toEqual([managed]);
  });
});

describe("what it declares is what the adoption accepts", () => {
  let d: Discovery;
  let program: Program;
  beforeAll(async () => {
    d = await run({});
    program = buildProgram(d.resources);
  });

  test("every resource of every kind: check passes and create adopts the existing id, with no write call", async () => {
    expect(program.resources).toHaveLength(13);
    h.emulator.admin.resetCallCounts();
    for (const r of program.resources) {
      const declared = d.resources.find((x) => x.id === r.id)!;
      // A reference resolves to the target's id (a key pair's name) once the target is adopted.
      const inputs = { ...declared.inputs, __ecsImport: r.id, __ecsName: r.name, __ecsScope: "test/dev" };
      for (const p of r.placeholders) delete (inputs as Bag)[p.property]; // unset placeholders
      const provider = providerFor(r.kind);
      const checked = await provider.check!({}, inputs);
      expect({ kind: r.kind, id: r.id, failures: checked.failures }).toEqual({ kind: r.kind, id: r.id, failures: [] });
      const created = await provider.create(checked.inputs);
      expect(created.id).toBe(r.id);
      expect(await provider.diff!(r.id, created.outs, checked.inputs)).toMatchObject({ changes: false });
    }
    expect(Object.entries(h.emulator.admin.callCounts()).filter(([a, n]) => WRITES.test(a) && n > 0)).toEqual([]);
  });

  test("a password placeholder set before the adoption is recorded, not applied (ECS cannot report one to compare): as the README says", async () => {
    const web = d.resources.find((r) => r.id === ids.web)!;
    const provider = providerFor("Instance");
    h.emulator.admin.resetCallCounts();
    const checked = await provider.check!({}, { ...web.inputs, password: "Set-before-1", __ecsImport: ids.web, __ecsName: "web", __ecsScope: "test/dev" });
    expect(checked.failures).toEqual([]);
    const created = await provider.create(checked.inputs);
    expect(created.outs.password).toBe("Set-before-1");
    expect(h.calls("ModifyInstanceAttribute")).toBe(0);
  });

  test("references: to what is declared too; in declaration order, every target first", () => {
    const byId = (id: string) => program.resources.find((r) => r.id === id)!;
    const arg = (id: string, property: string) => byId(id).args.find((a) => a.property === property)?.value;
    expect(arg(ids.web, "securityGroupIds")).toEqual({ list: [{ ref: byId(ids.sgWeb).variable, attribute: "id" }] });
    expect(arg(ids.web, "keyPairName")).toEqual({ ref: byId("deploy").variable, attribute: "keyPairName" });
    expect(arg(ids.web, "deploymentSetId")).toEqual({ ref: byId(ids.dsSpread).variable, attribute: "id" });
    expect(arg(ids.logs, "instanceId")).toEqual({ ref: byId(ids.web).variable, attribute: "id" });
    expect(arg(ids.ltOld, "securityGroupId")).toEqual({ ref: byId(ids.sgClassic).variable, attribute: "id" });
    expect(arg(ids.scratch, "instanceId")).toBeUndefined();
    expect(program.external).toEqual([]);
    const position = new Map(program.resources.map((r, i) => [r.id, i]));
    for (const [from, to] of [[ids.web, ids.sgWeb], [ids.web, "deploy"], [ids.web, ids.dsSpread], [ids.logs, ids.web], [ids.ltWeb, ids.sgWeb]]) expect(position.get(from)!).toBeGreaterThan(position.get(to)!);
  });

  test("placeholders: the instance's password (secret), the key pairs' public keys; never a secret value (user data is read: DescribeUserData)", () => {
    const placeholders = program.resources.flatMap((r) => r.placeholders.map((p) => `${r.name}.${p.property} ${p.key}${p.secret ? " secret" : ""}`));
    expect(placeholders.sort()).toEqual(["deploy.publicKey deployPublicKey", "spare.publicKey sparePublicKey", "web.password webPassword secret"].sort());
    expect(JSON.stringify(program)).not.toContain("Adopt-me-1");
  });

  test("names: the ECS names, unique across kinds (the instance keeps 'web', the group becomes 'web-sg')", () => {
    expect(Object.fromEntries(program.resources.map((r) => [r.name, r.variable]))).toEqual({
      deploy: "deploy",
      spare: "spare",
      "web-sg": "webSg",
      classic: "classic",
      batch: "batch",
      spread: "spread",
      idle: "idle",
      "web-template": "webTemplate",
      "old-template": "oldTemplate",
      web: "web",
      "web-logs": "webLogs",
      scratch: "scratch",
      [ids.nameless]: `d${ids.nameless.slice(2, 3).toUpperCase()}${ids.nameless.slice(3)}`,
    });
    expect(program.resources.find((r) => r.id === ids.nameless)!.args.map((a) => a.property)).not.toContain("diskName");
  });
});

test("declarationOrder puts each node after the nodes it refers to, whatever the input order", () => {
  const n = (kind: string, id: string, inputs: Bag = {}) => ({ kind, region: REGION, id, inputs });
  const nodes = [n("Disk", "d-1", { instanceId: "i-1" }), n("Instance", "i-1", { securityGroupIds: ["sg-1", "sg-x"], keyPairName: "k" }), n("KeyPair", "k"), n("SecurityGroup", "sg-1")];
  expect(declarationOrder(nodes).map((x) => keyOf(x.kind, x.region, x.id))).toEqual(
    [n("KeyPair", "k"), n("SecurityGroup", "sg-1"), n("Instance", "i-1"), n("Disk", "d-1")].map((x) => keyOf(x.kind, x.region, x.id)),
  );
});
