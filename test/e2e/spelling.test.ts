/** Read returns the program's spelling, through the real CLI: resources written in the spellings
 *  ECS normalises (rule protocols in upper case, "22" for "22/22", a bare address for its /32,
 *  explicit and omitted defaults, data disks whose category and name ECS chooses) refresh to no
 *  change and preview to no change; after an out-of-band change, `pulumi refresh` and
 *  `pulumi preview --diff` show exactly that change and nothing else. And `up --replace` with the
 *  same inputs replaces, never adopting the resource it replaces. */
import type { RunningEmulator } from "../../emulator";
import { EcsClient } from "../../provider/client";
import { CLI_TIMEOUT_MS, changes, cli, createStack, disposeAll, newCredentials, OutputLog, REGION, startTestEmulator, type Credentials, type E2eStack } from "./harness";

jest.setTimeout(CLI_TIMEOUT_MS);

const PROGRAM = "test/e2e/programs/spelling";

/** The property lines of a CLI diff ("~ instanceName: …", "+ [3]: …"), without the resource headers. */
const propertyLines = (text: string): string[] =>
  text
    .split("\n")
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, "").trim())
    .filter((l) => /^[~+-] [\w[\]"]+\s*[:=]/.test(l) || /^[~+-] \[\d+\]/.test(l));

describe("refresh and preview show real drift only", () => {
  let emulator: RunningEmulator;
  let creds: Credentials;
  let e2e: E2eStack;
  let instanceId: string;
  let securityGroupId: string;

  beforeAll(async () => {
    creds = newCredentials("spelling");
    emulator = await startTestEmulator(creds);
    e2e = await createStack({ example: PROGRAM, emulator, credentials: creds, credentialSource: "config" });
    const up = await e2e.stack.up();
    expect(up.summary.result).toBe("succeeded");
    instanceId = String(up.outputs.instanceId.value);
    securityGroupId = String(up.outputs.securityGroupId.value);
    // getInstances and getStackResources, run by the program itself
    expect(up.outputs.lookedUp.value).toEqual(["spelling-web Running"]);
    const owned = up.outputs.owned.value as { resources: { kind: string; name: string }[] };
    expect(owned.resources.map((r) => `${r.kind}/${r.name}`).sort()).toEqual(["Instance/web", "SecurityGroup/sg"]);
  });
  afterAll(() => disposeAll(e2e, emulator));

  test("right after up: refresh changes nothing, preview --diff shows nothing", async () => {
    const refresh = await e2e.stack.refresh();
    expect(changes(refresh.summary.resourceChanges)).toEqual({});
    const log = new OutputLog();
    const preview = await e2e.stack.preview({ diff: true, onOutput: log.onOutput });
    expect(changes(preview.changeSummary)).toEqual({});
    expect(propertyLines(log.toString())).toEqual([]);
  });

  test("after an out-of-band rename and rule: exactly those, in refresh and in preview --diff", async () => {
    expect(emulator.admin.modifyResource("instance", instanceId, { name: "renamed-outside" })).toBe(true);
    // A rule added outside Pulumi, through the API as anyone would.
    const client = new EcsClient({ accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, endpoint: emulator.url, region: REGION });
    await client.call("AuthorizeSecurityGroup", { RegionId: REGION, SecurityGroupId: securityGroupId, IpProtocol: "tcp", PortRange: "443/443", SourceCidrIp: "0.0.0.0/0" });
    await client.close();

    // What a scheduled drift check runs: refresh --preview-only --diff lists what drifted.
    const drift = await cli(e2e, PROGRAM, ["refresh", "--preview-only", "--diff"]);
    expect(drift.code).toBe(0);
    const refreshed = propertyLines(drift.stdout).join("\n");
    expect(refreshed).toMatch(/instanceName/);
    expect(refreshed).toMatch(/443/);
    // Nothing the program wrote in another spelling, and nothing it left to ECS, shows up: the
    // drifted rule is listed whole (as ECS holds it), the program's three are not.
    expect(refreshed).not.toMatch(/dataDisks|category|tags|egress|10\.0\.0\.5|"22"|80\/80|icmp|192\.168/);
    expect(refreshed.split("\n").filter((l) => /^[+-] \[\d+\]/.test(l))).toEqual(["+ [3]: {"]);
    const refresh = await e2e.stack.refresh();
    expect(changes(refresh.summary.resourceChanges)).toEqual({ update: 2 });

    const previewLog = new OutputLog();
    const preview = await e2e.stack.preview({ diff: true, onOutput: previewLog.onOutput });
    expect(changes(preview.changeSummary)).toEqual({ update: 2 });
    const previewed = propertyLines(previewLog.toString());
    expect(previewed.join("\n")).toMatch(/instanceName\s*: "renamed-outside" => "spelling-web"/);
    // One rule goes (the one added outside); the program's three stay as they are.
    expect(previewed.filter((l) => /^[~+-] \[\d+\]|ingress/.test(l)).length).toBeGreaterThan(0);
    expect(previewed.join("\n")).not.toMatch(/dataDisks|category|tags|egress|10\.0\.0\.5|"22"|80\/80|icmp|192\.168/);

    // And up puts it back: the next preview is empty.
    const up = await e2e.stack.up();
    expect(changes(up.summary.resourceChanges)).toEqual({ update: 2 });
    const after = await e2e.stack.preview({ diff: true });
    expect(changes(after.changeSummary)).toEqual({});
  });

  test("`up --replace` with identical inputs: a new instance, the old one deleted, never adopted by its replacement", async () => {
    // The engine sends the replacement's check and create without a diff of the old instance: the
    // provider knows the old one is in the state only from its ownership tag (no "creating" mark).
    const state = await e2e.stack.exportStack();
    const urn = (state.deployment.resources as { urn: string; id?: string }[]).find((r) => r.id === instanceId)?.urn;
    expect(urn).toBeDefined();
    const up = await e2e.stack.up({ replace: [urn as string] });
    expect(changes(up.summary.resourceChanges)).toEqual({ replace: 1 });
    const replaced = String(up.outputs.instanceId.value);
    expect(replaced).not.toBe(instanceId);
    const client = new EcsClient({ accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, endpoint: emulator.url, region: REGION });
    const live = await client.call<{ Instances: { Instance: { InstanceId: string }[] } }>("DescribeInstances", { RegionId: REGION, InstanceName: "spelling-web", PageSize: 100 });
    await client.close();
    expect(live.Instances.Instance.map((i) => i.InstanceId)).toEqual([replaced]);
    expect(changes((await e2e.stack.preview()).changeSummary)).toEqual({});
  });
});
