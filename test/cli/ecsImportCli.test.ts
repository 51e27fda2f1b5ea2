/** ecs-import's command (run(), in process, against the emulator): what it writes, --dry-run,
 *  the exit codes and its errors (the ECS action, code and RequestId, never the secret). The
 *  built command through `pulumi up`: test/e2e/ecsImport.test.ts. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../emulator";
import { defaultVpcId } from "../../emulator/catalog";
import { EXIT, run, type Io } from "../../sdk/cli/ecsImport/cli";
import { REGION, startHarness, type Harness } from "../provider/harness";

let h: Harness;
let work: string;
const saved = { ...process.env };

/** Runs the command with the credentials in the environment; its output as text. */
async function ecsImport(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = { out: (l) => (out += `${l}\n`), err: (l) => (err += `${l}\n`) };
  const code = await run([...args, "--endpoint", h.emulator.url], io);
  return { code, out, err };
}

beforeAll(async () => {
  h = await startHarness();
  work = mkdtempSync(path.join(tmpdir(), "ecs-import-cli-"));
  process.env.ALIBABA_CLOUD_ACCESS_KEY_ID = DEFAULT_ACCESS_KEY_ID;
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = DEFAULT_ACCESS_KEY_SECRET;
  await h.client.call("CreateSecurityGroup", { RegionId: REGION, VpcId: defaultVpcId(REGION), SecurityGroupName: "web", Description: "made by hand" });
});

afterAll(async () => {
  process.env = saved;
  rmSync(work, { recursive: true, force: true });
  await h.close();
});

test("writes the project: the six files, the program declaring what it found", async () => {
  const out = path.join(work, "adopted");
  const r = await ecsImport(["--region", REGION, "--out", out]);
  expect(r.code).toBe(EXIT.written);
  expect(readdirSync(out).sort()).toEqual([".gitignore", "Pulumi.yaml", "README.md", "index.ts", "package.json", "tsconfig.json"]);
  expect(readFileSync(path.join(out, "index.ts"), "utf8")).toContain('const web = new ecs.SecurityGroup("web", {');
  expect(readFileSync(path.join(out, "Pulumi.yaml"), "utf8")).toMatch(/^name: adopted\n/);
  expect(readFileSync(path.join(out, "README.md"), "utf8")).toContain(`pulumi config set alicloud-ecs:endpoint ${h.emulator.url}`);
  expect(r.out).toMatch(/1 resource\(s\) to adopt:\n  SecurityGroup +sg-\w+ +cn-hangzhou +as web\n/);
});

test("a folder that is not empty is refused (exit 2) unless --force, which rewrites only its own files", async () => {
  const out = path.join(work, "used");
  await ecsImport(["--region", REGION, "--out", out]);
  writeFileSync(path.join(out, "notes.txt"), "mine");
  const refused = await ecsImport(["--region", REGION, "--out", out]);
  expect(refused.code).toBe(EXIT.usage);
  expect(refused.err).toContain(`${out} is not empty: choose another --out, or pass --force`);
  expect((await ecsImport(["--region", REGION, "--out", out, "--force"])).code).toBe(EXIT.written);
  expect(readFileSync(path.join(out, "notes.txt"), "utf8")).toBe("mine");
});

test("--dry-run prints every file and writes nothing", async () => {
  const out = path.join(work, "dry");
  const r = await ecsImport(["--region", REGION, "--out", out, "--dry-run", "--project", "brownfield"]);
  expect(r.code).toBe(EXIT.written);
  expect(existsSync(out)).toBe(false);
  for (const f of ["index.ts", "Pulumi.yaml", "package.json", "tsconfig.json", ".gitignore", "README.md"]) expect(r.out).toContain(`--- ${f} ---`);
  expect(r.out).toContain("name: brownfield\n");
  expect(r.out).toContain("(dry run: nothing written)");
});

test("nothing matched: exit 1, nothing written", async () => {
  const out = path.join(work, "none");
  const r = await ecsImport(["--region", REGION, "--out", out, "--name", "^nothing-like-this$"]);
  expect(r.code).toBe(EXIT.nothingFound);
  expect(r.err).toContain("no resource matched; nothing written");
  expect(existsSync(out)).toBe(false);
});

test("bad arguments: exit 2 with the usage; --help: exit 0", async () => {
  const r = await ecsImport(["--region", REGION, "--out", path.join(work, "x"), "--kinds", "vpc"]);
  expect(r.code).toBe(EXIT.usage);
  expect(r.err).toContain('unknown kind "vpc"');
  expect(r.err).toContain("Usage: ecs-import");
  expect((await ecsImport(["--help"])).code).toBe(EXIT.written);
});

test("no region anywhere: exit 2, saying where it looked", async () => {
  const { ALIBABA_CLOUD_REGION_ID: _region, ...rest } = process.env;
  process.env = { ...rest, ALIBABA_CLOUD_CLI_PROFILE_DISABLED: "true", ALIBABA_CLOUD_CREDENTIALS_FILE: path.join(work, "none") };
  try {
    // Another profile: a client of other settings, which looks for its region again.
    const r = await ecsImport(["--dry-run", "--profile", "nobody"]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain("ecs-import: no region: pass --region <region>, or export ALIBABA_CLOUD_REGION_ID. Looked at, in order:\n  - ");
  } finally {
    process.env = { ...process.env, ...saved, ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET };
  }
});

test("an ECS error: exit 3, naming what was listed, the action, the code and the RequestId, never the secret", async () => {
  process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "Wrong-secret-123456";
  try {
    // Another region: a client of other settings, which reads the environment again.
    const r = await ecsImport(["--region", "cn-shanghai", "--kinds", "instance", "--out", path.join(work, "denied")]);
    expect(r.code).toBe(EXIT.failed);
    expect(r.err).toMatch(/^ecs-import: listing the instances of cn-shanghai: ECS DescribeInstances failed: SignatureDoesNotMatch \(HTTP 400\): [^]*RequestId: [\w-]+\./m);
    expect(r.err + r.out).not.toContain("Wrong-secret-123456");
  } finally {
    process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = DEFAULT_ACCESS_KEY_SECRET;
  }
});
