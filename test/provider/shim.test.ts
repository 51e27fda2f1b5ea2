/** The serialized provider is a shim (rule 1): small, no credential, no client, no agent, and it
 *  loads the installed package by name from the working directory when the engine calls it. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { configureClient, getClient } from "../../provider/client";
import { shimProvider } from "../../provider/shim";
import { failurePath } from "./harness";

// The exact path pulumi.dynamic.Resource takes (node_modules/@pulumi/pulumi/dynamic/index.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serializeFunction } = require("@pulumi/pulumi/runtime/closure/serializeClosure") as {
  serializeFunction(f: () => unknown, args: { allowSecrets: boolean }): Promise<{ text: string; containsSecrets: boolean }>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as (code: string) => { handler(): pulumi.dynamic.ResourceProvider };

const SECRET = "shim-test-secret-value-9f3a";

async function serialized(kind: string): Promise<{ text: string; containsSecrets: boolean }> {
  const provider = shimProvider(kind);
  return serializeFunction(() => provider, { allowSecrets: true });
}

beforeAll(async () => {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  // A configured client with a secret and live connections exists in the process.
  configureClient({ accessKeyId: "AKID-shim", accessKeySecret: SECRET, endpoint: "http://127.0.0.1:9", region: "cn-hangzhou" });
  await getClient().call("DescribeRegions", {}, { maxRetries: 0, deadlineMs: 500 }).catch(() => undefined);
});

test("the serialized provider is tiny and captures nothing but the kind and a loader", async () => {
  const { text, containsSecrets } = await serialized("Instance");
  expect(Buffer.byteLength(text)).toBeLessThan(4096);
  expect(containsSecrets).toBe(false);
  expect(text).toContain('"pulumi-alicloud-ecs/provider"');
  expect(text).toContain('"Instance"');
  for (const forbidden of [SECRET, "AKID-shim", "accessKeySecret", "undici", "EcsClient", "Pool", "Transport", "RateLimiter"]) {
    expect(text).not.toContain(forbidden);
  }
});

test("each kind serializes to its own stable text", async () => {
  const a = (await serialized("Instance")).text;
  const b = (await serialized("Instance")).text;
  const c = (await serialized("Disk")).text;
  expect(a).toBe(b);
  expect(c).not.toBe(a);
});

test("revived as the dynamic-provider process does, it loads pulumi-alicloud-ecs/provider from the working directory", async () => {
  const { text } = await serialized("Disk");
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
    expect(Object.keys(revived).sort()).toEqual(["check", "configure", "create", "delete", "diff", "read", "update"]);
    await expect(revived.check!({}, { size: 20 })).resolves.toEqual({ inputs: { size: 20 } });
    await expect(revived.create({ size: 20 })).resolves.toEqual({ id: "d-1", outs: { size: 20 } });
    expect(fs.readFileSync(path.join(project, "calls.log"), "utf8")).toBe("check Disk\ncreate Disk\n");
  } finally {
    process.chdir(cwd);
    fs.rmSync(project, { recursive: true, force: true });
  }
});

test("in jest the package name maps to the sources (moduleNameMapper), so the shim reaches the real provider", async () => {
  const shim = shimProvider("Instance");
  const res = await shim.check!({}, { instanceName: "x" });
  expect(res.failures?.map(failurePath)).toEqual(expect.arrayContaining(["imageId", "instanceName"]));
});
