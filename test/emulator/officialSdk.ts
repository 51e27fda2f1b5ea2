/** The official Alibaba Cloud SDK (@alicloud/ecs20140526) pointed at an emulator, as the SDK tests use it. */
import Ecs from "@alicloud/ecs20140526";
import * as $OpenApi from "@alicloud/openapi-client";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from "../../emulator/defaults";

export interface SdkOptions {
  /** "v2": the V1 (HMAC-SHA1) signature; default: V3 (ACS3-HMAC-SHA256). */
  signatureAlgorithm?: "v2";
  accessKeySecret?: string;
  regionId?: string;
}

export function officialSdk(port: number, opts: SdkOptions = {}): Ecs {
  return new Ecs(
    new $OpenApi.Config({
      accessKeyId: DEFAULT_ACCESS_KEY_ID,
      accessKeySecret: opts.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET,
      endpoint: `127.0.0.1:${port}`,
      protocol: "HTTP",
      regionId: opts.regionId ?? "cn-hangzhou",
      ...(opts.signatureAlgorithm ? { signatureAlgorithm: opts.signatureAlgorithm } : {}),
    }),
  );
}
