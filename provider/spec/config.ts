/** The provider's stack config keys (alicloud-ecs:<name>): their types and documentation, once.
 *  provider/configure.ts reads them; schema.json's config section is generated from them. */
import { configKey, t } from "./build";
import type { ConfigSpec } from "./types";

export const CONFIG_NAMESPACE = "alicloud-ecs";

export const CONFIG = {
  accessKeyId: configKey(t.string, "AccessKey ID. Falls back to ALIBABA_CLOUD_ACCESS_KEY_ID / ALICLOUD_ACCESS_KEY, the aliyun CLI profile, the credentials file and the ECS RAM role."),
  accessKeySecret: configKey(t.string, "AccessKey secret (set it with `pulumi config set --secret`). Falls back to ALIBABA_CLOUD_ACCESS_KEY_SECRET / ALICLOUD_SECRET_KEY and the rest of the credentials chain.", true),
  securityToken: configKey(t.string, "STS security token of temporary credentials (with accessKeyId and accessKeySecret). Falls back to ALIBABA_CLOUD_SECURITY_TOKEN / ALICLOUD_SECURITY_TOKEN.", true),
  region: configKey(t.string, "Default region for resources that do not set `region` (e.g. cn-hangzhou). Falls back to ALIBABA_CLOUD_REGION_ID / ALICLOUD_REGION."),
  endpoint: configKey(t.string, "ECS endpoint override, e.g. http://127.0.0.1:8833 for the local emulator. Falls back to ALIBABA_CLOUD_ECS_ENDPOINT."),
  profile: configKey(t.string, "Profile name in the aliyun CLI config or the Alibaba Cloud credentials file (ALIBABA_CLOUD_PROFILE)."),
  assumeRole: configKey(
    t.map,
    "Assume a RAM role (STS AssumeRole) with the credentials the rest of the chain finds: {roleArn, sessionName?, externalId?, policy?, durationSeconds?} (durationSeconds 900 up to the role's maximum, default 3600). Without it, ALIBABA_CLOUD_ROLE_ARN (without the OIDC variables) assumes that role with an AccessKey or ECS RAM role found by the chain (session name from ALIBABA_CLOUD_ROLE_SESSION_NAME).",
  ),
  assumeRoleWithOidc: configKey(
    t.map,
    "Exchange an OIDC token for a RAM role's temporary credentials (STS AssumeRoleWithOIDC), first in the chain: {roleArn?, oidcProviderArn?, oidcTokenFile?, sessionName?, policy?, durationSeconds?}; unset fields fall back to ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE and ALIBABA_CLOUD_ROLE_SESSION_NAME. The token file is read again at every refresh.",
  ),
  stsEndpoint: configKey(
    t.string,
    "STS endpoint for role credentials, e.g. http://127.0.0.1:8833 for the emulator. Falls back to ALIBABA_CLOUD_STS_ENDPOINT, then sts.<ALIBABA_CLOUD_STS_REGION>.aliyuncs.com (sts-vpc.… with ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true), then sts.aliyuncs.com.",
  ),
  signatureVersion: configKey(t.string, 'Request signature: "v3" (ACS3-HMAC-SHA256, default) or "v1" (HMAC-SHA1).'),
  rateLimit: configKey(t.number, "Client-side requests per second per ECS action (token bucket)."),
  maxRetries: configKey(t.integer, "At most this many retries of one call (throttling, busy codes, 5xx, lost answers, as the action allows). Unset: no count, retried until the operation's deadline (its `timeouts`)."),
  requestTimeoutMs: configKey(t.integer, "Timeout of one HTTP request, in milliseconds."),
  connectTimeoutMs: configKey(t.integer, "Timeout of opening a connection, in milliseconds."),
  visibilityGrace: configKey(t.string, 'How long a resource may be absent from Describe during a wait other than its create (an update, a delete) before it counts as gone, as a duration (default "20s"; ALICLOUD_ECS_VISIBILITY_GRACE_MS). A create waits for its resource up to its deadline.'),
  catalogChecks: configKey(t.boolean, "Check at preview that zones, images, instance types and vswitches exist (read-only Describe calls, cached per region); default true. Set false to skip them."),
  tencentSecretId: configKey(t.string, "Tencent Cloud SecretId for getTencentBareMetalRegions. Falls back to TENCENTCLOUD_SECRET_ID."),
  tencentSecretKey: configKey(t.string, "Tencent Cloud SecretKey (set it with `pulumi config set --secret`). Falls back to TENCENTCLOUD_SECRET_KEY.", true),
  tencentEndpoint: configKey(t.string, "Endpoint override for the Tencent black-stone API, e.g. http://127.0.0.1:8833 for the emulator. Falls back to TENCENT_BM_ENDPOINT."),
} as const satisfies Record<string, ConfigSpec>;

export type ConfigKey = keyof typeof CONFIG;
