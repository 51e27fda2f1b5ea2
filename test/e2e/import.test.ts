/** The `import` resource option through the real Pulumi CLI (see docs/import-findings.md; every
 *  kind through the CLI in ./ecsImport.test.ts, in detail in test/provider/adoptionKinds.test.ts):
 *  groups made out of band with the official SDK are adopted by `pulumi up` only when the program
 *  declares what exists, with reads only; then managed as any other resource; destroy deletes them
 *  unless retainOnDelete. `SecurityGroup.get` reads one without managing it. The steps run in order. */
import Ecs, * as $Ecs from "@alicloud/ecs20140526";
import * as $OpenApi from "@alicloud/openapi-client";
import type { RunningEmulator } from "../../emulator";
import { defaultVpcId } from "../../emulator/catalog";
import {
  CLI_TIMEOUT_MS,
  EventLog,
  REGION,
  changes,
  createStack,
  disposeAll,
  emulatorResources,
  newCredentials,
  startTestEmulator,
  type Credentials,
  type E2eStack,
} from "./harness";

jest.setTimeout(CLI_TIMEOUT_MS);

const OTHER_REGION = "cn-shanghai";
/** What the existing groups hold, as a program declares it. */
const DECLARED = { securityGroupName: "legacy-web", description: "made by hand", ingress: [{ ipProtocol: "tcp", portRange: "80/80", sourceCidrIp: "0.0.0.0/0" }], tags: { team: "web" } };
const WRITES = /^(Create|Authorize|Revoke|Modify|Delete|Tag|Untag|Join|Leave)/;

describe("the import option and get on SecurityGroup, through the CLI", () => {
  let emulator: RunningEmulator;
  let creds: Credentials;
  let e2e: E2eStack;
  let legacyId: string;
  let farId: string;

  /** The official SDK, as another tool (or the console) would have made the groups. */
  const sdk = (region: string): Ecs =>
    new Ecs(new $OpenApi.Config({ accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret, endpoint: `127.0.0.1:${emulator.port}`, protocol: "HTTP", regionId: region }));

  async function groupMadeOutOfBand(region: string): Promise<string> {
    const { body } = await sdk(region).createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({
        regionId: region,
        vpcId: defaultVpcId(region),
        securityGroupName: "legacy-web",
        description: "made by hand",
        tag: [new $Ecs.CreateSecurityGroupRequestTag({ key: "team", value: "web" })],
      }),
    );
    const id = body!.securityGroupId!;
    await sdk(region).authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: region,
        securityGroupId: id,
        permissions: [new $Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: "tcp", portRange: "80/80", sourceCidrIp: "0.0.0.0/0" })],
      }),
    );
    return id;
  }

  const group = (id: string) => emulatorResources(emulator, creds.accessKeyId).securityGroups.find((g) => g.id === id);
  const writeCalls = (): Record<string, number> => Object.fromEntries(Object.entries(emulator.admin.callCounts()).filter(([a, n]) => WRITES.test(a) && n > 0));
  const program = (args: object, importId?: string, retainOnDelete = false) =>
    e2e.stack.setAllConfig({ "adopt:args": { value: JSON.stringify(args) }, "adopt:importId": { value: importId ?? "" }, "adopt:retainOnDelete": { value: String(retainOnDelete) } });
  /** The CLI's whole output when an operation fails (the error names what the diagnostics say). */
  const failure = async (op: Promise<unknown>): Promise<string> => {
    const err = await op.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    return err!.message;
  };

  beforeAll(async () => {
    creds = newCredentials("import");
    emulator = await startTestEmulator(creds);
    e2e = await createStack({ example: "test/e2e/programs/adopt", emulator, credentials: creds, credentialSource: "config" });
    legacyId = await groupMadeOutOfBand(REGION);
    farId = await groupMadeOutOfBand(OTHER_REGION);
  });

  afterAll(() => disposeAll(e2e, emulator));

  test("a program that differs from the group: preview and up fail listing each difference, and change nothing", async () => {
    await program({ ...DECLARED, description: "the web tier", ingress: [...DECLARED.ingress, { ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "10.0.0.0/8" }] }, legacyId);
    emulator.admin.resetCallCounts();
    const previewed = await failure(e2e.stack.preview());
    expect(previewed).toContain(`property description value {the web tier} has a problem: differs from the existing SecurityGroup ${legacyId} in ${REGION} (the import option), which has "made by hand"`);
    expect(previewed).toMatch(/property ingress value \{.*22\/22.*\} has a problem: differs from the existing SecurityGroup/);
    const upped = await failure(e2e.stack.up());
    expect(upped).toContain(`property description value {the web tier} has a problem: differs from the existing SecurityGroup ${legacyId} in ${REGION} (the import option), which has "made by hand"`);
    expect(writeCalls()).toEqual({});
    expect(group(legacyId)).toMatchObject({ name: "legacy-web", description: "made by hand" });
    expect((await e2e.stack.exportStack()).deployment.resources ?? []).not.toContainEqual(expect.objectContaining({ id: legacyId }));
  });

  test("an id that does not exist fails the preview, naming the id and the region", async () => {
    await program(DECLARED, "sg-doesnotexist00000");
    const previewed = await failure(e2e.stack.preview());
    expect(previewed).toContain(`the import option names SecurityGroup sg-doesnotexist00000 in ${REGION}, which does not exist`);
  });

  test("the matching program: the preview shows a create (a dynamic resource cannot show an import), up adopts with reads only", async () => {
    await program(DECLARED, legacyId);
    const previewEvents = new EventLog();
    const preview = await e2e.stack.preview({ onEvent: previewEvents.onEvent });
    expect(previewEvents.ops().get("legacy")).toEqual(["create"]);
    // The sdk class says what that "create" is, in the preview's diagnostics.
    expect(preview.stdout).toContain(`import option: the first update adopts SecurityGroup ${legacyId} (listed as a create: dynamic resources cannot show an import; nothing is created)`);

    emulator.admin.resetCallCounts();
    const up = await e2e.stack.up();
    expect(up.summary.result).toBe("succeeded");
    expect(up.outputs.securityGroupId.value).toBe(legacyId);
    expect(up.outputs.region.value).toBe(REGION);
    expect(writeCalls()).toEqual({});
    expect(emulatorResources(emulator, creds.accessKeyId).securityGroups).toHaveLength(2); // the two made out of band, no new one
  });

  test("after the adoption, preview --expect-no-changes passes (the option still in the program)", async () => {
    const preview = await e2e.stack.preview({ expectNoChanges: true });
    expect(changes(preview.changeSummary)).toEqual({});
  });

  test("a change in the program is then applied in place", async () => {
    await program({ ...DECLARED, description: "the web tier" }, legacyId);
    const events = new EventLog();
    await e2e.stack.up({ onEvent: events.onEvent });
    expect(events.ops().get("legacy")).toEqual(["update"]);
    expect(group(legacyId)).toMatchObject({ description: "the web tier" });
  });

  test("a replacing change is refused while the option stays, and the group is kept", async () => {
    await program({ ...DECLARED, description: "the web tier", region: OTHER_REGION }, legacyId);
    const previewed = await failure(e2e.stack.preview());
    expect(previewed).toContain(`a change of region replaces the resource, which the import option forbids: the replacement would delete the imported ${legacyId}`);
    expect(group(legacyId)).toBeDefined();
  });

  test("destroy deletes the adopted group", async () => {
    await program({ ...DECLARED, description: "the web tier" }, legacyId);
    await e2e.stack.destroy();
    expect(group(legacyId)).toBeUndefined();
  });

  test("<region>/<id> adopts from that region; with retainOnDelete, destroy leaves the group", async () => {
    await program(DECLARED, `${OTHER_REGION}/${farId}`, true);
    const up = await e2e.stack.up();
    expect(up.outputs.securityGroupId.value).toBe(farId);
    expect(up.outputs.region.value).toBe(OTHER_REGION);
    expect(changes((await e2e.stack.preview({ expectNoChanges: true })).changeSummary)).toEqual({});

    emulator.admin.resetCallCounts();
    await e2e.stack.destroy();
    expect(writeCalls()).toEqual({});
    expect(group(farId)).toMatchObject({ name: "legacy-web", description: "made by hand" });
    expect((await e2e.stack.exportStack()).deployment.resources ?? []).toEqual([]);
  });

  test("SecurityGroup.get reads an existing group (<region>/<id> too) without managing it", async () => {
    await e2e.stack.setConfig("adopt:getId", { value: `${OTHER_REGION}/${farId}` });
    await program(DECLARED);
    const up = await e2e.stack.up();
    expect(up.outputs.gotName.value).toBe("legacy-web");
    const read = ((await e2e.stack.exportStack()).deployment.resources as { id?: string; external?: boolean }[]).find((r) => r.id === farId);
    expect(read).toMatchObject({ external: true }); // read, not managed
    await e2e.stack.destroy();
    expect(group(farId)).toBeDefined(); // a read resource is never deleted
  });
});
