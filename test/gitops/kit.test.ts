/** The GitOps kit's pipeline files (examples/gitops): what GitHub and GitLab would run, checked
 *  without them. test/e2e/gitops.test.ts runs the GitHub workflows' pulumi steps for real; here:
 *  triggers, permissions, the keyless credentials steps, GitLab's jobs using the same flags, and the
 *  helper scripts. */
import { execFile, execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { policies } from "../../policy/policies";
import { KIT_DIR, previewOptions, pulumiActionInputs, readYaml, steps, upOptions, workflow } from "../e2e/gitopsKit";

const RUN = { "runner.temp": "/tmp/run", "matrix.stack": "prod" };

describe("GitHub workflows", () => {
  test("preview on pull requests, up on main, drift on a schedule; each job may request an OIDC token", () => {
    expect(Object.keys(workflow("pulumi-preview.yml").on)).toEqual(["pull_request"]);
    expect(workflow("pulumi-up.yml").on).toEqual({ push: { branches: ["main"] } });
    expect(Object.keys(workflow("pulumi-drift.yml").on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    for (const file of ["pulumi-preview.yml", "pulumi-up.yml", "pulumi-drift.yml"]) {
      expect(workflow(file).permissions?.["id-token"]).toBe("write");
    }
    expect(workflow("pulumi-preview.yml").permissions?.["pull-requests"]).toBe("write");
    expect(workflow("pulumi-up.yml").permissions?.actions).toBe("read");
  });

  test("the preview comments on the pull request, saves a plan with the policy pack and uploads it", () => {
    const inputs = pulumiActionInputs("pulumi-preview.yml", "preview");
    expect(inputs["comment-on-pr"]).toBe(true);
    expect(previewOptions(RUN)).toEqual({
      diff: true,
      plan: "/tmp/run/prod.plan.json",
      policyPacks: ["node_modules/pulumi-alicloud-ecs/policy"],
      policyPackConfigs: ["policy-config.json"],
    });
    const names = steps("pulumi-preview.yml").map((s) => s.uses ?? s.run);
    expect(names.indexOf("actions/upload-artifact@v4")).toBeGreaterThan(names.findIndex((n) => n?.startsWith("pulumi/actions@")));
  });

  test("up applies the downloaded plan; drift runs the check script; every job uses pulumi/actions v7", () => {
    expect(upOptions(RUN)).toEqual({ plan: "/tmp/run/reviewed/prod.plan.json" });
    expect(steps("pulumi-drift.yml").at(-1)?.run).toBe('bash ci/drift-check.sh "${{ matrix.stack }}"');
    for (const file of ["pulumi-preview.yml", "pulumi-up.yml", "pulumi-drift.yml"]) {
      const uses = steps(file).filter((s) => s.uses?.startsWith("pulumi/actions")).map((s) => s.uses);
      expect(uses).toEqual(["pulumi/actions@v7"]);
    }
  });

  test("credentials are keyless: the OIDC step comes before any pulumi step, with a role per purpose", () => {
    const roles: Record<string, unknown> = {};
    for (const file of ["pulumi-preview.yml", "pulumi-up.yml", "pulumi-drift.yml"]) {
      const all = steps(file);
      const creds = all.findIndex((s) => s.uses === "./.github/actions/alicloud-credentials");
      expect(creds).toBeGreaterThan(all.findIndex((s) => s.run === "npm ci"));
      expect(creds).toBeLessThan(all.findIndex((s) => s.uses?.startsWith("pulumi/actions")));
      roles[file] = all[creds]!.with?.["role-arn"];
      expect(JSON.stringify(workflow(file))).not.toMatch(/ACCESS_KEY|AccessKey/);
    }
    expect(roles).toEqual({
      "pulumi-preview.yml": "${{ vars.ALIBABA_CLOUD_PREVIEW_ROLE_ARN }}",
      "pulumi-up.yml": "${{ vars.ALIBABA_CLOUD_DEPLOY_ROLE_ARN }}",
      "pulumi-drift.yml": "${{ vars.ALIBABA_CLOUD_PREVIEW_ROLE_ARN }}",
    });
    const action = readYaml<{ runs: { steps: { run: string }[] } }>(".github/actions/alicloud-credentials/action.yml");
    const script = action.runs.steps.map((s) => s.run).join("\n");
    expect(script).toContain("ALIBABA_CLOUD_ROLE_ARN=$ROLE_ARN");
    expect(script).toContain("ALIBABA_CLOUD_OIDC_PROVIDER_ARN=$PROVIDER_ARN");
    expect(script).toContain("bash ci/github-oidc-token.sh");
    expect(script).toContain('node ci/state-credentials.cjs "$GITHUB_ENV"');
  });
});

describe("GitLab CI", () => {
  interface Job {
    extends?: string;
    stage?: string;
    rules?: { if: string }[];
    script?: string[];
    variables?: Record<string, string>;
    id_tokens?: Record<string, { aud: string }>;
    before_script?: string[];
  }
  const ci = readYaml<Record<string, Job>>(".gitlab-ci.yml");
  const script = (job: string): string => (ci[job]?.script ?? []).join("\n").replace(/\s+/g, " ");

  test("the same three jobs, each with the ID token for STS", () => {
    expect(ci[".pulumi"]?.id_tokens).toEqual({ ALIBABA_CLOUD_OIDC_TOKEN: { aud: "sts.aliyuncs.com" } });
    expect(ci[".pulumi"]?.before_script?.join("\n")).toMatch(/ALIBABA_CLOUD_OIDC_TOKEN_FILE[\s\S]*node ci\/state-credentials\.cjs/);
    for (const job of ["preview", "deploy", "drift"]) expect(ci[job]?.extends).toBe(".pulumi");
    expect(ci.preview?.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(ci.deploy?.rules?.[0]?.if).toContain("$CI_DEFAULT_BRANCH");
    expect(ci.drift?.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule"' }]);
    expect(ci.preview?.variables?.ALIBABA_CLOUD_ROLE_ARN).toBe("$ALIBABA_CLOUD_PREVIEW_ROLE_ARN");
    expect(ci.deploy?.variables?.ALIBABA_CLOUD_ROLE_ARN).toBe("$ALIBABA_CLOUD_DEPLOY_ROLE_ARN");
  });

  test("its preview, up and drift use the flags of the GitHub workflows", () => {
    const github = previewOptions(RUN);
    expect(script("preview")).toContain("pulumi preview --diff");
    expect(script("preview")).toContain("--save-plan");
    expect(script("preview")).toContain(`--policy-pack ${github.policyPacks![0]}`);
    expect(script("preview")).toContain(`--policy-pack-config ${github.policyPackConfigs![0]}`);
    expect(script("deploy")).toMatch(/pulumi up --yes --skip-preview .*--plan reviewed\.plan\.json/);
    expect(script("drift")).toContain('bash ci/drift-check.sh "$PULUMI_STACK"');
  });
});

describe("the kit's files", () => {
  test("the pinned CLI is the locked @pulumi/pulumi version (exit code 7 needs 3.227+, the URL form 3.246+)", () => {
    const pinned = readFileSync(path.join(KIT_DIR, ".pulumi-version"), "utf8").trim();
    const lock = JSON.parse(readFileSync(path.join(KIT_DIR, "..", "..", "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
    expect(pinned).toBe(lock.packages["node_modules/@pulumi/pulumi"]?.version);
  });

  test("the policy config names only policies of the pack", () => {
    const config = JSON.parse(readFileSync(path.join(KIT_DIR, "policy-config.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(config).filter((k) => !policies.some((p) => p.name === k))).toEqual([]);
  });

  test("the shell scripts parse", () => {
    for (const file of ["drift-check.sh", "github-oidc-token.sh", "gitlab-reviewed-plan.sh"]) {
      expect(() => execFileSync("bash", ["-n", path.join(KIT_DIR, "ci", file)])).not.toThrow();
    }
  });

  test("github-oidc-token.sh writes the token GitHub hands out, for the audience asked, and points the chain at it", async () => {
    const token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpwdWxsX3JlcXVlc3QifQ.c2ln";
    const seen: { url?: string; auth?: string } = {};
    const server = createServer((req, res) => {
      seen.url = req.url;
      seen.auth = req.headers.authorization;
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ value: token }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const dir = mkdtempSync(path.join(tmpdir(), "kit-oidc-"));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`;
      const tokenFile = path.join(dir, "token");
      const githubEnv = path.join(dir, "github-env");
      const out = await new Promise<string>((resolve, reject) =>
        execFile(
          "bash",
          [path.join(KIT_DIR, "ci", "github-oidc-token.sh"), tokenFile],
          { env: { ...process.env, ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token", GITHUB_ENV: githubEnv } },
          (err, stdout) => (err ? reject(err) : resolve(stdout)),
        ),
      );
      expect(seen).toEqual({ url: "/token?api-version=2.0&audience=sts.aliyuncs.com", auth: "bearer request-token" });
      expect(readFileSync(tokenFile, "utf8")).toBe(token);
      expect(readFileSync(githubEnv, "utf8")).toBe(`ALIBABA_CLOUD_OIDC_TOKEN_FILE=${tokenFile}\n`);
      expect(out).not.toContain(token);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
