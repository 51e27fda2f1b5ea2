/** Where the data functions get their client. They run in the user's program process, not in
 *  the dynamic provider's (which gets the stack config through its configure hook), so they read
 *  the same settings from the program's own stack config, `pulumi.Config("alicloud-ecs")`:
 *  region, endpoint, accessKeyId, accessKeySecret, securityToken, profile, signatureVersion,
 *  rateLimit, …; anything unset falls through to the client's usual chain (ALIBABA_CLOUD_* /
 *  ALICLOUD_* environment, ALIBABA_CLOUD_PROFILE and the aliyun CLI / credentials files, the ECS
 *  RAM role). One client per distinct configuration, separate from the provider's shared client. */
import * as pulumi from "@pulumi/pulumi";
import { EcsClient, optionsKey } from "../../provider/client";
import { CONFIG_NAMESPACE, clientOptionsFromConfig } from "../../provider/configure";
import type { TencentBmOptions } from "../../provider/tencent";

const clients = new Map<string, EcsClient>();

/** The stack config of this program, as the provider's configure hook would see it. */
function stackConfig(): (key: string) => string | undefined {
  const cfg = new pulumi.Config(CONFIG_NAMESPACE);
  return (key) => cfg.get(key.startsWith(`${CONFIG_NAMESPACE}:`) ? key.slice(CONFIG_NAMESPACE.length + 1) : key);
}

/** The client for data functions, built from the program's stack config (then the usual chain). */
export function dataClient(): EcsClient {
  const opts = clientOptionsFromConfig(stackConfig());
  const key = optionsKey(opts);
  let client = clients.get(key);
  if (!client) {
    client = new EcsClient(opts);
    clients.set(key, client);
  }
  return client;
}

/** The region a data function asks: its `region` argument, else the configured default. */
export async function regionFor(client: EcsClient, region: string | undefined): Promise<string> {
  return region ?? client.defaultRegion();
}

/** Tencent black-stone credentials: alicloud-ecs:tencentSecretId / tencentSecretKey, else
 *  TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY; endpoint: alicloud-ecs:tencentEndpoint, else
 *  TENCENT_BM_ENDPOINT, else the real bm.api.cloud.tencent.com. */
export function tencentOptions(region: string | undefined): TencentBmOptions {
  const get = stackConfig();
  const secretId = get("tencentSecretId") ?? process.env.TENCENTCLOUD_SECRET_ID;
  const secretKey = get("tencentSecretKey") ?? process.env.TENCENTCLOUD_SECRET_KEY;
  if (!secretId || !secretKey) {
    throw new Error(
      "getTencentBareMetalRegions needs Tencent Cloud credentials: set `pulumi config set alicloud-ecs:tencentSecretId <id>` and " +
        "`pulumi config set --secret alicloud-ecs:tencentSecretKey <key>`, or export TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY.",
    );
  }
  const endpoint = get("tencentEndpoint") ?? process.env.TENCENT_BM_ENDPOINT;
  return { secretId, secretKey, ...(endpoint ? { endpoint } : {}), ...(region ? { region } : {}) };
}
