/** The serialized provider is a shim (rule 1): small, no credential, no client, no agent, and it
 *  loads the installed package by name from the working directory when the engine calls it. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { configureClient, getClient } from "../../provider/client";
import { shimSource } from "../../provider/shim";
import { failurePath } from "./harness";

// How the dynamic-provider host revives it (node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as (code: string) => { handler(): pulumi.dynamic.ResourceProvider };

const SECRET = "shim-test-secret-value-9f3a";

beforeAll(async () => {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  // A configured client with a secret and live connections exists in the process.
  configureClient({ accessKeyId: "AKID-shim", accessKeySecret: SECRET, endpoint: "http://127.0.0.1:9", region: "cn-hangzhou" });
  await getClient().call("DescribeRegions", {}, { maxRetries: 0, deadlineMs: 500 }).catch(() => undefined);
});

test("the serialized provider is tiny and holds nothing but the kind and a loader", async () => {
  const text = shimSource("Instance");
  // Stored twice in every resource's state and sent with every check, diff and update.
  expect(Buffer.byteLength(text)).toBeLessThan(1024);
  expect(text).toContain('"pulumi-alicloud-ecs/provider"');
  expect(text).toContain('"Instance"');
  for (const forbidden of [SECRET, "AKID-shim", "accessKeySecret", "undici", "EcsClient", "Pool", "Transport", "RateLimiter"]) {
    expect(text).not.toContain(forbidden);
  }
});

test("each kind has its own stable text", async () => {
  const a = shimSource("Instance");
  const b = shimSource("Instance");
  const c = shimSource("Disk");
  expect(a).toBe(b);
  expect(c).not.toBe(a);
});

test("revived as the dynamic-provider process does, it loads pulumi-alicloud-ecs/provider from the working directory", async () => {
  const text = shimSource("Disk");
  // A project whose node_modules holds a stand-in package that records the calls.
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "shim-project-"));
  const pkg = path.join(project, "node_modules", "pulumi-alicloud-ecs");
  fs.mkdirSync(path.join(pkg, "dist", "provider"), { recursive: true });
  fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "pulumi-alicloud-ecs", exports: { "./provider": "./dist/provider/index.js" } }));
  fs.writeFileSync(
    path.join(pkg, "dist", "provider", "index.js"),
    // It records calls in a file: the revived code runs outside jest's module registry.
    `const fs = require("fs"); const log = (m, k) => fs.appendFileSync(${JSON.stringify(path.join(project, "calls.log"))}, m + " " + k + "\\n");
     exports.providerFor = (kind) => ({
       check: async (olds, news) => { log("check", kind); return { inputs: news }; },
       create: async (inputs) => { log("create", kind); return { id: "d-1", outs: inputs }; },
     });`,
  );
  const cwd = process.cwd();
  process.chdir(project);
  try {
    const revived = requireFromString(text).handler();
    expect(Object.keys(revived).sort()).toEqual(["check", "create"]); // the installed package's provider itself
    await expect(revived.check!({}, { size: 20 })).resolves.toEqual({ inputs: { size: 20 } });
    await expect(revived.create({ size: 20 })).resolves.toEqual({ id: "d-1", outs: { size: 20 } });
    expect(fs.readFileSync(path.join(project, "calls.log"), "utf8")).toBe("check Disk\ncreate Disk\n");
  } finally {
    process.chdir(cwd);
    fs.rmSync(project, { recursive: true, force: true });
  }
});

test("in jest the package name maps to the sources (moduleNameMapper), so the text reaches the real provider", async () => {
  // Evaluated with jest's require (require-from-string would bypass its module mapping).
  const mod = { exports: {} as { handler(): pulumi.dynamic.ResourceProvider } };
  new Function("exports", "require", "module", shimSource("Instance"))(mod.exports, require, mod);
  const res = await mod.exports.handler().check!({}, { instanceName: "x" });
  expect(res.failures?.map(failurePath)).toEqual(expect.arrayContaining(["imageId", "instanceName"]));
});

test("without the package (and without this installation) the revived provider says how to install it", () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "shim-empty-"));
  try {
    // In a plain node process, as the host runs it (jest's registry would map the package name).
    // Under jest the fallback path is the TypeScript source, which plain require cannot load either.
    const script = `try { require(${JSON.stringify(require.resolve("require-from-string"))})(${JSON.stringify(shimSource("Disk"))}).handler(); } catch (e) { process.stdout.write(e.message); }`;
    const out = execFileSync(process.execPath, ["-e", script], { cwd: empty, encoding: "utf8" });
    expect(out).toMatch(/^alicloud-ecs: install pulumi-alicloud-ecs in the Pulumi project \(npm i pulumi-alicloud-ecs\): Cannot find module/);
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
