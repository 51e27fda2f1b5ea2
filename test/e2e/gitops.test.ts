/** The GitOps pipeline of examples/gitops, run locally step by step as its GitHub workflows run it:
 *  the inputs of their pulumi/actions steps, read from the workflow files, become the same Automation
 *  API options the action passes (gitopsKit.ts); the drift job runs the workflow's own command.
 *  Credentials are keyless, as in the workflows: GitHub's token service (faked here, handing out
 *  tokens of an issuer the test generates) gives the job an OIDC token, ci/github-oidc-token.sh
 *  writes it to a file, and the emulator's STS exchanges it (AssumeRoleWithOIDC) for the provider
 *  and, through ci/state-credentials.cjs, for the state bucket.
 *  state in a real S3-compatible server, ECS in the emulator, the package's policy pack in review.
 *    pull request → `preview --diff --save-plan` (with the policy pack) → merge → `up --plan`
 *    a change made after the review → `up --plan` refuses it
 *    a change made in the console → the drift job exits with the drift code and names it
 *    SSH opened to the world → the policy pack fails the preview
 *  The steps share one stack and run in order. */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { PreviewResult, UpResult } from "@pulumi/pulumi/automation";
import { createScratchStack, installExample } from "../../bench/lib/pulumiStack";
import type { RunningEmulator } from "../../emulator";
import { oidcRole, STS_AUDIENCE, TestIssuer } from "../helpers/oidcIssuer";
import { driftCommand, KIT_DIR, planArtifact, previewOptions, upOptions, type Expressions } from "./gitopsKit";
import { CLI_TIMEOUT_MS, EventLog, OutputLog, PASSPHRASE, REGION, emulatorResources, newCredentials, startTestEmulator, type Credentials, type E2eStack } from "./harness";
import { backendUrlFor, startS3Server, type RunningS3Server } from "./s3Server";

jest.setTimeout(CLI_TIMEOUT_MS);

// The backend's keys come from this test only (the harness does the same for Alibaba's variables).
for (const name of Object.keys(process.env)) if (name.startsWith("AWS_")) delete process.env[name];

const EXAMPLE = "gitops";
/** How the CLI lists a pack that ran without a violation (with --diff). */
const PACK_PASSED = /Policy Packs run:\s*\n\s*Name\s+Version\s*\n\s*alicloud-ecs\|local\|\S+\s+\d+\.\d+\.\d+/;
/** The exit code of `--expect-no-changes` when something would change, as this CLI returns it. */
const DRIFT_EXIT_CODE = 7;

function projectBackendUrl(): string {
  const m = /^backend:\s*\n\s+url:\s*(\S+)/m.exec(readFileSync(path.join(KIT_DIR, "Pulumi.yaml"), "utf8"));
  if (!m?.[1]) throw new Error("examples/gitops/Pulumi.yaml has no backend.url");
  return m[1];
}

/** Resource name (last URN segment) → the step ops of a preview or an update, without the stack. */
const opsByName = (log: EventLog): Record<string, string[]> => Object.fromEntries(log.ops());

interface CliRun {
  code: number;
  output: string;
}

/** Runs a command of the kit (in examples/gitops) as a pipeline step would. */
function kitStep(command: string, args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: KIT_DIR, env: { ...process.env, ...env }, timeout: CLI_TIMEOUT_MS }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

/** GitHub's token service as a job sees it (ACTIONS_ID_TOKEN_REQUEST_URL): hands out the fake
 *  issuer's ID tokens, for the audience the job asks. */
async function startGithubTokenService(issue: (audience: string) => string): Promise<{ url: string; audiences: string[]; close(): void }> {
  const audiences: string[] = [];
  const server = createServer((req, res) => {
    const audience = new URL(req.url ?? "/", "http://localhost").searchParams.get("audience") ?? "";
    audiences.push(audience);
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ value: issue(audience) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`, audiences, close: () => server.close() };
}

/** The credentials step's second half (ci/state-credentials.cjs): the AWS_* variables of the
 *  state bucket, from the pipeline's Alibaba Cloud credentials. */
async function stateCredentials(alibaba: Record<string, string>, dir: string): Promise<Record<string, string>> {
  const file = path.join(dir, "state.env");
  const step = await kitStep(process.execPath, ["ci/state-credentials.cjs", file], alibaba);
  if (step.code !== 0) throw new Error(`ci/state-credentials.cjs failed:\n${step.output}`);
  return Object.fromEntries(readFileSync(file, "utf8").trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

describe("the GitOps pipeline of examples/gitops", () => {
  let emulator: RunningEmulator;
  let s3: RunningS3Server;
  let creds: Credentials;
  let e2e: E2eStack;
  let scratch: string;
  let state: Record<string, string>;
  let alibaba: Record<string, string>;
  let tokenService: Awaited<ReturnType<typeof startGithubTokenService>> | undefined;

  /** A workflow run: its own runner.temp, the stack of the matrix. */
  const run = (id: string): Expressions => {
    const temp = path.join(scratch, id);
    mkdirSync(temp, { recursive: true });
    return { "runner.temp": temp, "matrix.stack": e2e.stackName };
  };
  const planOf = (pr: Expressions): Record<string, unknown> & { resourcePlans: Record<string, { steps: string[] }> } =>
    JSON.parse(readFileSync(previewOptions(pr).plan!, "utf8"));

  /** pulumi-preview.yml: the pulumi/actions preview step (diff, plan, policy pack and its config). */
  const reviewPreview = (pr: Expressions, events = new EventLog(), output = new OutputLog()): Promise<PreviewResult> =>
    e2e.stack.preview({ ...previewOptions(pr), onEvent: events.onEvent, onOutput: output.onOutput });

  /** pulumi-up.yml: the reviewed run's plan artifact downloaded, then the pulumi/actions up step. */
  const merge = (pr: Expressions, events = new EventLog()): Promise<UpResult> => {
    const upRun = run(`up-of-${path.basename(pr["runner.temp"])}-${Date.now()}`);
    const { uploaded, downloaded } = planArtifact(pr, upRun);
    mkdirSync(path.dirname(downloaded), { recursive: true });
    copyFileSync(uploaded, downloaded);
    return e2e.stack.up({ ...upOptions(upRun), onEvent: events.onEvent });
  };

  /** pulumi-drift.yml: its last step's command, in the project folder (the CLI itself:
   *  pulumi/actions cannot pass --preview-only to refresh). */
  const driftJob = (): Promise<CliRun> => {
    const [command, ...args] = driftCommand(e2e.stackName);
    return kitStep(command!, args, e2e.env);
  };

  const held = () => emulatorResources(emulator, creds.accessKeyId);

  beforeAll(async () => {
    creds = newCredentials("gitops");
    [emulator, s3] = await Promise.all([startTestEmulator(creds), startS3Server("pulumi-state")]);
    scratch = mkdtempSync(path.join(tmpdir(), "e2e-gitops-plans-"));
    installExample(EXAMPLE);
    // Alibaba Cloud trusts GitHub's OIDC tokens: a RAM OIDC provider, and a role it may assume that
    // acts on the test's account.
    const issuer = new TestIssuer();
    const providerArn = emulator.sts.putOidcProvider({ name: "github", issuerUrl: issuer.issuer, clientIds: [STS_AUDIENCE], jwks: issuer.jwks() }).arn;
    const roleArn = emulator.sts.putRole(oidcRole("gitops-deploy", providerArn, creds.accessKeyId)).arn;
    tokenService = await startGithubTokenService(() => issuer.token(emulator.admin.now(), { sub: "repo:acme/infra:pull_request" }));
    // The credentials step (.github/actions/alicloud-credentials): the job's token into a file...
    const tokenFile = path.join(scratch, "alibaba-cloud-oidc-token");
    const fetched = await kitStep("bash", ["ci/github-oidc-token.sh", tokenFile], {
      ACTIONS_ID_TOKEN_REQUEST_URL: tokenService.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: "github-request-token",
      GITHUB_ENV: "",
    });
    if (fetched.code !== 0) throw new Error(`ci/github-oidc-token.sh failed:\n${fetched.output}`);
    // ... and the variables it sets: no AccessKey anywhere, only the role, the provider and the token file.
    alibaba = {
      ALIBABA_CLOUD_ECS_ENDPOINT: emulator.url,
      ALIBABA_CLOUD_STS_ENDPOINT: emulator.url,
      ALIBABA_CLOUD_ROLE_ARN: roleArn,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: providerArn,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
      ALIBABA_CLOUD_ROLE_SESSION_NAME: "github-e2e",
    };
    state = await stateCredentials(alibaba, scratch);
    // The bucket trusts them, as an OSS bucket trusts the pipeline's role.
    s3.grant(state.AWS_ACCESS_KEY_ID!, state.AWS_SECRET_ACCESS_KEY!);
    e2e = await createScratchStack({
      example: EXAMPLE,
      prefix: "e2e",
      passphrase: PASSPHRASE,
      env: { PULUMI_BACKEND_URL: backendUrlFor(projectBackendUrl(), s3), ...state, ...alibaba },
      // What a team commits in Pulumi.<stack>.yaml.
      config: { "alicloud-ecs:region": { value: REGION } },
    });
  });

  afterAll(async () => {
    try {
      if (e2e) {
        await e2e.stack.cancel().catch(() => undefined);
        await e2e.stack.destroy().catch(() => undefined);
        await e2e.dispose();
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
      tokenService?.close();
      await Promise.all([emulator?.close(), s3?.close()]);
    }
  });

  test("keyless: the job's OIDC token, exchanged with STS, gives the state bucket's keys (ci/state-credentials.cjs)", () => {
    expect(tokenService?.audiences).toEqual([STS_AUDIENCE]);
    expect(Object.keys(e2e.env).filter((k) => /ACCESS_KEY|SECRET/.test(k) && k.startsWith("ALIBABA"))).toEqual([]);
    expect(Object.keys(state).sort()).toEqual(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]);
    const session = emulator.sts.sessions().find((s) => s.accessKeyId === state.AWS_ACCESS_KEY_ID);
    expect(session).toMatchObject({ action: "AssumeRoleWithOIDC", roleArn: alibaba.ALIBABA_CLOUD_ROLE_ARN, sessionName: "github-e2e", account: creds.accessKeyId });
    expect(session?.securityToken).toBe(state.AWS_SESSION_TOKEN);
  });

  test("first pull request: the preview saves a plan to create the stack, the policy pack passes it", async () => {
    const events = new EventLog();
    const output = new OutputLog();
    const pr1 = run("pr1");
    const preview = await reviewPreview(pr1, events, output);
    expect(preview.changeSummary).toEqual({ create: 4 });
    expect(opsByName(events)).toEqual({ "gitops-sg": ["create"], "gitops-server": ["create"], "gitops-data": ["create"] });
    expect(output.toString()).toMatch(PACK_PASSED);
    const plan = planOf(pr1);
    const steps = Object.fromEntries(Object.entries(plan.resourcePlans).map(([urn, p]) => [urn.slice(urn.lastIndexOf("::") + 2), p.steps]));
    expect(steps).toMatchObject({ "gitops-sg": ["create"], "gitops-server": ["create"], "gitops-data": ["create"] });
    expect(held().instances).toHaveLength(0);
  });

  test("merge: up with the plan does exactly what was previewed", async () => {
    const events = new EventLog();
    const up = await merge(run("pr1"), events);
    expect(up.summary.result).toBe("succeeded");
    expect(opsByName(events)).toEqual({ "gitops-sg": ["create"], "gitops-server": ["create"], "gitops-data": ["create"] });
    const { instances, dataDisks, securityGroups } = held();
    expect(instances.map((i) => i.name)).toEqual(["gitops-server"]);
    expect(dataDisks.map((d) => [d.size, d.encrypted, d.instanceId])).toEqual([[20, true, instances[0]!.id]]);
    expect(securityGroups).toHaveLength(1);
    // The checkpoint is an object of the S3 bucket (s3rver keeps it as <key>._S3rver_object).
    const checkpoint = path.join(s3.directory, s3.bucket, ".pulumi", "stacks", EXAMPLE, `${e2e.stackName}.json._S3rver_object`);
    expect(readFileSync(checkpoint, "utf8")).toContain(instances[0]!.id);
  });

  test("second pull request, and a change made after the review: up --plan refuses it and changes nothing", async () => {
    await e2e.stack.setAllConfig({ "gitops:instanceName": { value: "gitops-web" }, "gitops:publicPorts": { value: "[80,443]" } });
    const events = new EventLog();
    const preview = await reviewPreview(run("pr2"), events);
    expect(preview.changeSummary).toMatchObject({ update: 2, same: 2 });
    expect(opsByName(events)).toEqual({ "gitops-sg": ["update"], "gitops-server": ["update"], "gitops-data": ["same"] });

    // Someone widens the SSH source after the plan was reviewed. Every stack config key is an
    // input of the dynamic-provider resource (its configure hook receives the whole config), so
    // the engine refuses at that resource, before any ECS resource is touched.
    await e2e.stack.setConfig("gitops:sshCidr", { value: "10.0.0.0/7" });
    const before = held();
    try {
      await expect(merge(run("pr2"))).rejects.toThrow(/violates plan: properties changed: [^\n]*gitops:sshCidr\[\{10\.0\.0\.0\/7\}\]/);
    } finally {
      await e2e.stack.removeConfig("gitops:sshCidr");
    }
    const after = held();
    expect(after.securityGroups).toEqual(before.securityGroups);
    expect(after.instances.map((i) => i.name)).toEqual(["gitops-server"]);
  });

  test("merge of the reviewed change: up --plan applies exactly the reviewed updates", async () => {
    const events = new EventLog();
    const up = await merge(run("pr2"), events);
    expect(up.summary.result).toBe("succeeded");
    expect(opsByName(events)).toEqual({ "gitops-sg": ["update"], "gitops-server": ["update"], "gitops-data": ["same"] });
    expect(held().instances.map((i) => i.name)).toEqual(["gitops-web"]);
  });

  test("drift: a change made outside Pulumi fails the drift job with the drift code, naming resource and property", async () => {
    const clean = await driftJob();
    expect({ code: clean.code, output: clean.code === 0 ? "" : clean.output }).toEqual({ code: 0, output: "" });

    const instance = held().instances[0]!;
    expect(emulator.admin.modifyResource("instance", instance.id, { name: "renamed-in-the-console" })).toBe(true);
    const drift = await driftJob();
    expect(drift.code).toBe(DRIFT_EXIT_CODE);
    expect(drift.output).toMatch(/~ pulumi-nodejs:dynamic\/alicloud-ecs:Instance: \(update\)\s*\n\s*\[id=i-\S+\]\s*\n\s*\[urn=\S+::gitops-server\]/);
    expect(drift.output).toMatch(/~ instanceName\s*: "gitops-web" => "renamed-in-the-console"/);
    expect(drift.output).toMatch(/~ 1 to update/);
    expect(drift.output).toContain("error: no changes were expected for refresh but changes were proposed");
    // --preview-only: the job reports the drift and leaves the state as it was.
    const state = await e2e.stack.exportStack();
    const recorded = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::gitops-server"));
    expect(recorded.outputs.instanceName).toBe("gitops-web");
  });

  test("every credential the provider used came from the OIDC token file", () => {
    const sessions = emulator.sts.sessions();
    // The state step, and each provider process of the CLI runs above, assumed the role with the token.
    expect(sessions.length).toBeGreaterThan(1);
    for (const s of sessions) expect(s).toMatchObject({ action: "AssumeRoleWithOIDC", roleArn: alibaba.ALIBABA_CLOUD_ROLE_ARN, account: creds.accessKeyId });
    // The stack's resources were created in the account the role acts on (checked by held() throughout).
    expect(held().instances).toHaveLength(1);
  });

  test("policy: a preview that opens SSH to the world fails; the compliant one passes", async () => {
    await e2e.stack.setConfig("gitops:sshCidr", { value: "0.0.0.0/0" });
    const output = new OutputLog();
    await expect(reviewPreview(run("pr3"), new EventLog(), output)).rejects.toThrow(/no-ssh-rdp-from-internet/);
    expect(output.toString()).toMatch(/\[mandatory\]\s+no-ssh-rdp-from-internet\s+\(pulumi-nodejs:dynamic\/alicloud-ecs:SecurityGroup: gitops-sg\)/);
    expect(output.toString()).toContain("opens port 22 to the whole internet");

    await e2e.stack.removeConfig("gitops:sshCidr");
    const passing = new OutputLog();
    await reviewPreview(run("pr4"), new EventLog(), passing);
    expect(passing.toString()).toMatch(PACK_PASSED);
  });
});
