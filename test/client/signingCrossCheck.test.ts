import OpenApiUtil from "@alicloud/openapi-util";
import { createHmac } from "node:crypto";
import { flattenParams, type Params, type ParamValue } from "../../provider/client/params";
import { buildSignedRequest } from "../../provider/client/request";
import {
  canonicalQuery,
  percentEncode,
  signV1,
  signV3,
  v1CommonParams,
} from "../../provider/client/signing";
import { signTencent, stringToSignTencent, TENCENT_BM_HOST, TENCENT_BM_PATH } from "../../provider/tencent";

/** Small deterministic PRNG (mulberry32) so every run checks the same cases. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ["a", "Z", "0", " ", "*", "~", "+", "/", "%", "=", "&", "?", "#", "!", "'", "(", ")", '"', "é", "中文", "🚀", "-", "_", ".", ":", ",", "\u00a0"];
const NAMES = ["RegionId", "InstanceName", "Description", "ZoneId", "ImageId", "UserData", "HostName", "PageSize", "KeyPairName"];

function randomString(r: () => number, max = 12): string {
  let s = "";
  const n = Math.floor(r() * max);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(r() * PIECES.length)];
  return s;
}

/** Random call parameters: scalars with awkward characters, a nested struct, lists of 10+ items. */
function randomParams(r: () => number): Params {
  const p: Record<string, ParamValue> = {};
  for (const name of NAMES) if (r() < 0.6) p[name] = r() < 0.2 ? Math.floor(r() * 1000) : randomString(r);
  if (r() < 0.7) p.SystemDisk = { Category: randomString(r), Size: Math.floor(r() * 500) };
  if (r() < 0.8) {
    const n = 10 + Math.floor(r() * 8);
    p.Tag = Array.from({ length: n }, () => ({ Key: randomString(r, 6) || "k", Value: randomString(r) }));
  }
  if (r() < 0.5) p.SecurityGroupIds = Array.from({ length: 10 + Math.floor(r() * 5) }, (_, i) => `sg-${i}${randomString(r, 3)}`);
  return p;
}

describe("V3 (ACS3-HMAC-SHA256) known answers", () => {
  // The worked example of Alibaba Cloud's V3 signature documentation (RunInstances, cn-shanghai).
  const headers = {
    host: "ecs.cn-shanghai.aliyuncs.com",
    "x-acs-action": "RunInstances",
    "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "x-acs-date": "2023-10-26T10:22:32Z",
    "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
    "x-acs-version": "2014-05-26",
  };
  const query = { ImageId: "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", RegionId: "cn-shanghai" };

  it("reproduces the documented signature", () => {
    const r = signV3({ method: "POST", query, headers, payloadHash: headers["x-acs-content-sha256"] }, "YourAccessKeySecret");
    expect(r.stringToSign).toBe("ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    expect(r.signedHeaders).toBe("host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version");
    expect(r.signature).toBe("06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
  });

  it("builds the same request end to end from the action and parameters", () => {
    const req = buildSignedRequest({
      action: "RunInstances",
      params: query,
      credentials: { accessKeyId: "YourAccessKeyId", accessKeySecret: "YourAccessKeySecret" },
      origin: "https://ecs.cn-shanghai.aliyuncs.com",
      method: "POST",
      signatureVersion: "v3",
      format: "JSON",
      nonce: "3156853299f313e23d1673dc12e1703d",
      timestamp: new Date("2023-10-26T10:22:32Z"),
    });
    expect(req.path).toBe("/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai");
    expect(req.body).toBeUndefined();
    expect(req.headers.authorization).toBe(
      "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
    );
  });
});

describe("percent-encoding edge cases", () => {
  it.each([
    [" ", "%20"],
    ["*", "%2A"],
    ["~", "~"],
    ["+", "%2B"],
    ["/", "%2F"],
    ["!'()", "%21%27%28%29"],
    ["é", "%C3%A9"],
    ["🚀", "%F0%9F%9A%80"],
    ["a-b_c.d", "a-b_c.d"],
  ])("%j → %s", (raw, encoded) => {
    expect(percentEncode(raw)).toBe(encoded);
  });
  it("sorts by raw key, so Tag.10 comes before Tag.2", () => {
    expect(canonicalQuery({ "Tag.2.Key": "b", "Tag.10.Key": "a", Action: "x" })).toBe("Action=x&Tag.10.Key=a&Tag.2.Key=b");
  });
});

describe("cross-check against the official implementation (@alicloud/openapi-util)", () => {
  const CASES = 300;

  it(`flattenParams equals OpenApiUtil.query on ${CASES} random parameter sets`, () => {
    const r = prng(1);
    for (let i = 0; i < CASES; i++) {
      const p = randomParams(r);
      expect(flattenParams(p)).toEqual(OpenApiUtil.query(p as Record<string, unknown>));
    }
  });

  it(`V1 signatures equal OpenApiUtil.getRPCSignature on ${CASES} random parameter sets`, () => {
    const r = prng(2);
    for (let i = 0; i < CASES; i++) {
      const method = r() < 0.5 ? "GET" : "POST";
      const secret = randomString(r, 20) || "s";
      const params = {
        ...flattenParams(randomParams(r)),
        ...v1CommonParams("id-" + i, `nonce-${i}`, new Date(1_700_000_000_000 + i * 1000)),
        Action: "RunInstances",
        Version: "2014-05-26",
        Format: "JSON",
      };
      expect(signV1(method, params, secret)).toBe(OpenApiUtil.getRPCSignature(params, method, secret));
    }
  });

  it(`V3 Authorization headers equal OpenApiUtil.getAuthorization on ${CASES} random requests`, () => {
    const r = prng(3);
    for (let i = 0; i < CASES; i++) {
      const method = r() < 0.5 ? "GET" : "POST";
      const secret = randomString(r, 20) || "s";
      const securityToken = r() < 0.3 ? `tok-${randomString(r, 6)}` : undefined;
      const flat = flattenParams(randomParams(r));
      const req = buildSignedRequest({
        action: "RunInstances",
        params: flat,
        credentials: { accessKeyId: `AK${i}`, accessKeySecret: secret, securityToken },
        origin: "https://ecs.cn-hangzhou.aliyuncs.com",
        method,
        signatureVersion: "v3",
        format: "JSON",
        nonce: `nonce-${i}`,
        timestamp: new Date(1_700_000_000_000 + i * 1000),
      });
      const query = req.body === undefined ? flat : {};
      const official = OpenApiUtil.getAuthorization(
        { pathname: "/", method, query, headers: req.headers } as unknown as Parameters<typeof OpenApiUtil.getAuthorization>[0],
        "ACS3-HMAC-SHA256",
        req.headers["x-acs-content-sha256"],
        `AK${i}`,
        secret,
      );
      expect(req.headers.authorization).toBe(official);
    }
  });
});

describe("Tencent black-stone API 2.0 signature (seed 001)", () => {
  const seedParams = {
    Action: "DescribeRegions",
    SecretId: "AKID52SKw5uMEy3jhpMUBqSylEBJBby6E0KC",
    Nonce: "48476",
    Timestamp: "1476436689",
    Region: "bj",
  };

  it("builds the string to sign of the seed's request: raw values, sorted names, no Signature", () => {
    expect(stringToSignTencent("GET", TENCENT_BM_HOST, TENCENT_BM_PATH, { ...seedParams, Signature: "afRlJQ0disdT97B7uIfVB4v2KWo=" })).toBe(
      "GETbm.api.cloud.tencent.com/v2/index.php?Action=DescribeRegions&Nonce=48476&Region=bj&SecretId=AKID52SKw5uMEy3jhpMUBqSylEBJBby6E0KC&Timestamp=1476436689",
    );
  });

  it("does not URL-encode values and writes _ in names as .", () => {
    expect(stringToSignTencent("GET", "h", "/p", { b: "x y/z", a_1: "中" })).toBe("GETh/p?a.1=中&b=x y/z");
  });

  it("signs with base64 HMAC-SHA1 by default and HMAC-SHA256 on request", () => {
    const sts = stringToSignTencent("GET", TENCENT_BM_HOST, TENCENT_BM_PATH, seedParams);
    expect(signTencent("GET", TENCENT_BM_HOST, TENCENT_BM_PATH, seedParams, "key")).toBe(createHmac("sha1", "key").update(sts).digest("base64"));
    const p256 = { ...seedParams, SignatureMethod: "HmacSHA256" };
    const sts256 = stringToSignTencent("GET", TENCENT_BM_HOST, TENCENT_BM_PATH, p256);
    expect(signTencent("GET", TENCENT_BM_HOST, TENCENT_BM_PATH, p256, "key")).toBe(createHmac("sha256", "key").update(sts256).digest("base64"));
    expect(signTencent("GET", TENCENT_BM_HOST, TENCENT_BM_PATH, seedParams, "key")).toHaveLength(28);
  });
});
