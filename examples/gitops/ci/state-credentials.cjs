// The credentials of the state bucket, for the Pulumi CLI's S3 backend (which reads the AWS
// variables): the same credentials the provider resolves - with ALIBABA_CLOUD_ROLE_ARN,
// ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE set, temporary ones from STS
// AssumeRoleWithOIDC - so the pipeline holds no AccessKey for OSS either. OSS's S3-compatible API
// accepts STS credentials, with the security token as the session token.
// Usage: node ci/state-credentials.cjs <env file>   (appends KEY=VALUE lines: $GITHUB_ENV, a GitLab dotenv)
"use strict";
const { appendFileSync } = require("node:fs");
const { resolveCredentialsProvider } = require("pulumi-alicloud-ecs/client");

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error("usage: node ci/state-credentials.cjs <env file>");
  const provider = await resolveCredentialsProvider();
  const c = await provider.getCredentials();
  const vars = { AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.accessKeySecret };
  if (c.securityToken) vars.AWS_SESSION_TOKEN = c.securityToken;
  // GitHub Actions: never print them, even by accident.
  if (process.env.GITHUB_ACTIONS === "true") for (const v of Object.values(vars)) console.log(`::add-mask::${v}`);
  appendFileSync(file, Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join(""), { mode: 0o600 });
  const expiry = c.expiresAt ? `, valid until ${new Date(c.expiresAt).toISOString()}` : "";
  console.log(`State bucket credentials from ${provider.source}${expiry} written to ${file}`);
}

main().catch((e) => {
  console.error(`state-credentials: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
