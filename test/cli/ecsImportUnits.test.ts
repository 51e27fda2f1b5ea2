/** ecs-import's pure parts: logical names and variables, the command line, the placeholders a
 *  spec implies, and the TypeScript it renders. */
import { parseArgs, UsageError } from "../../sdk/cli/ecsImport/args";
import { indexTs } from "../../sdk/cli/ecsImport/emit";
import { KINDS, keyOf } from "../../sdk/cli/ecsImport/kinds";
import { assignNames, identifierOf, sanitize, type Named } from "../../sdk/cli/ecsImport/names";
import { buildProgram } from "../../sdk/cli/ecsImport/program";
import { placeholderInputs, placeholdersOf } from "../../sdk/cli/ecsImport/secrets";

const R = "cn-hangzhou";
const named = (kind: string, id: string, name?: string): Named => {
  const property = KINDS.find((k) => k.kind === kind)!.nameProperty;
  return { kind, region: R, id, inputs: name === undefined ? {} : { [property]: name } };
};
const namesOf = (rs: Named[]) => {
  const m = assignNames(rs, (r) => keyOf(r.kind, r.region, r.id));
  return rs.map((r) => m.get(keyOf(r.kind, r.region, r.id)));
};

describe("names", () => {
  test("the ECS name; a name shared within a kind is numbered in id order", () => {
    expect(namesOf([named("Instance", "i-b", "web"), named("Instance", "i-a", "web"), named("Instance", "i-c", "db")])).toEqual([
      { name: "web-2", variable: "web2" },
      { name: "web", variable: "web" },
      { name: "db", variable: "db" },
    ]);
  });

  test("a name two kinds share: the instance keeps it, the others get their kind's suffix", () => {
    expect(namesOf([named("SecurityGroup", "sg-1", "web"), named("Instance", "i-1", "web"), named("Disk", "d-1", "web")])).toEqual([
      { name: "web-sg", variable: "webSg" },
      { name: "web", variable: "web" },
      { name: "web-disk", variable: "webDisk" },
    ]);
  });

  test("no usable name: the id; characters a name cannot hold become '-'", () => {
    expect(namesOf([named("Disk", "d-abc"), named("Instance", "i-1", "网站"), named("SecurityGroup", "sg-1", "web tier (prod)")])).toEqual([
      { name: "d-abc", variable: "dAbc" },
      { name: "i-1", variable: "i1" },
      { name: "web-tier-prod", variable: "webTierProd" },
    ]);
    expect(sanitize("--a//b..")).toBe("a-b");
  });

  test("variables: a leading digit or a reserved word gets the kind, and two names that camelCase alike differ", () => {
    expect(identifierOf("1st", "Instance")).toBe("vm1st");
    expect(identifierOf("default", "SecurityGroup")).toBe("defaultSg");
    expect(identifierOf("config", "KeyPair")).toBe("configKey");
    expect(namesOf([named("Instance", "i-1", "web-1"), named("Instance", "i-2", "web1")]).map((n) => n?.variable)).toEqual(["web1", "web1_2"]); // "web-1" < "web1"
  });
});

describe("the command line", () => {
  test("every filter and option", () => {
    const o = parseArgs(["--region", "cn-hangzhou", "--region=cn-shanghai", "--tag", "env=prod", "--tag", "team", "--vpc", "vpc-1", "--name", "^web", "--ids", "i-1,sg-2", "--ids", "deploy", "--kinds", "instance,SecurityGroup,disks", "--out", "x", "--dry-run", "--include-managed"]);
    expect(o).toMatchObject({ regions: ["cn-hangzhou", "cn-shanghai"], tags: { env: "prod", team: "" }, vpcId: "vpc-1", nameRegex: "^web", ids: ["i-1", "sg-2", "deploy"], out: "x", dryRun: true, includeManaged: true });
    expect(o.kinds.map((k) => k.kind)).toEqual(["SecurityGroup", "Instance", "Disk"]);
  });

  test.each([
    [["--region", "cn-hangzhou"], "--out <dir> is required"],
    [["--out", "x", "--kinds", "vpc"], 'unknown kind "vpc"'],
    [["--out", "x", "--name", "(web"], "not a regular expression"],
    [["--out", "x", "--tag", "=v"], "the key is empty"],
    [["--out", "x", "--vpc", "v-1"], 'a VPC id starts with "vpc-"'],
    [["--out", "x", "--region"], "--region needs a value"],
    [["--out", "x", "--bogus"], "unknown argument --bogus"],
  ])("%j fails: %s", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe("placeholders", () => {
  test("from the specs: secrets and write-only inputs, and the key pair's public key (ECS reports its fingerprint)", () => {
    const all = KINDS.flatMap((k) => placeholderInputs(k.kind).map((p) => `${k.kind}.${p.property}:${p.use}`));
    // User data is read (DescribeUserData): declared as a literal, not a placeholder.
    expect(all.sort()).toEqual(["Instance.password:secret", "KeyPair.publicKey:verified"]);
  });

  test("a secret never stays a literal, even if a read reported it; a write-only value a read reported does", () => {
    const { placeholders, inputs } = placeholdersOf("Instance", "web", { instanceName: "web", password: "Leaked-1", userData: "#!/bin/sh" });
    expect(placeholders).toEqual([{ property: "password", key: "webPassword", secret: true, use: "secret" }]);
    expect(inputs).toEqual({ instanceName: "web", userData: "#!/bin/sh" });
  });
});

test("index.ts: literals in TypeScript (keys quoted when they must be), references, placeholders, the import option", () => {
  const program = buildProgram([
    { kind: "SecurityGroup", region: R, id: "sg-1", inputs: { region: R, securityGroupName: "web", tags: { "app:tier": "web", env: "prod" } }, outputs: {} },
    { kind: "Instance", region: R, id: "i-1", inputs: { region: R, securityGroupIds: ["sg-1", "sg-ext"], instanceName: "web", systemDisk: { category: "cloud_essd", size: 40 } }, outputs: {} },
  ]);
  const text = indexTs({ project: "p", program, regions: [R], skipped: [], withInstances: [], notFound: [], commandLine: "ecs-import" });
  expect(text).toContain(`const webSg = new ecs.SecurityGroup("web-sg", {\n  region: "cn-hangzhou",\n  securityGroupName: "web",\n  tags: { "app:tier": "web", env: "prod" },\n}, { import: "sg-1" });`);
  expect(text).toContain(`  securityGroupIds: [webSg.id, "sg-ext"],\n`);
  expect(text).toContain(`  password: config.getSecret("webPassword"),\n`);
  expect(text).toContain(`  systemDisk: { category: "cloud_essd", size: 40 },\n`);
  expect(text.indexOf("const webSg")).toBeLessThan(text.indexOf("const web ="));
  expect(program.external).toEqual([{ kind: "SecurityGroup", region: R, id: "sg-ext", usedBy: "web.securityGroupIds" }]);
});
