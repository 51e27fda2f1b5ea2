/** Key pair actions over real signed HTTP, with the key material checked by node:crypto. */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";
import { rsaPublicKeyToOpenSsh } from "../../provider/ssh/publicKey";
import { regionSuite } from "./helpers";

const REGION = "cn-hangzhou";
const suite = regionSuite(REGION);
const { call, ok, fails } = suite;

/** RFC 4716 MD5 fingerprint computed independently: MD5 over the base64-decoded OpenSSH blob. */
const md5Fingerprint = (openssh: string): string =>
  createHash("md5")
    .update(Buffer.from(openssh.split(" ")[1]!, "base64"))
    .digest("hex")
    .replace(/(..)(?!$)/g, "$1:");

// Public keys made by ssh-keygen, with the fingerprints `ssh-keygen -l -E md5 -f key.pub` printed for them.
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICjE4i9mhj/TDRmCB84S1oXrLGr8hA1YbPdUKycZ+7pr root@vm";
const ED25519_MD5 = "2a:1c:4b:5d:37:1b:e8:4b:0b:59:48:6f:69:94:4b:fe";
const ECDSA_P256 =
  "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOto7g4u2eDYy4ylOqD+jT1IZxwhIdvFJJ1LCgTkLJq4nVUOjCHpBEoWRH8qJwcRRgbfi+6ab+DSXJzui55f0Lg= root@vm";
const ECDSA_P256_MD5 = "d2:13:27:a0:23:0b:99:11:26:52:d2:1e:89:e9:ac:f7";

describe("CreateKeyPair", () => {
  it("returns a PKCS#8 RSA private key whose public key has the reported fingerprint", async () => {
    const res = await ok("CreateKeyPair", { KeyPairName: "deploy-key", Tag: [{ Key: "env", Value: "dev" }] });
    expect(res.KeyPairName).toBe("deploy-key");
    expect(res.PrivateKeyBody).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n?$/);
    const priv = createPrivateKey({ key: res.PrivateKeyBody, format: "pem" });
    expect(priv.asymmetricKeyType).toBe("rsa");
    expect(priv.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const openssh = rsaPublicKeyToOpenSsh(createPublicKey(priv).export({ format: "jwk" })).openssh;
    expect(res.KeyPairFingerPrint).toMatch(/^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    expect(res.KeyPairFingerPrint).toBe(md5Fingerprint(openssh));

    const described = await ok("DescribeKeyPairs", { KeyPairName: "deploy-key", IncludePublicKey: true });
    expect(described.KeyPairs.KeyPair[0]).toMatchObject({
      KeyPairName: "deploy-key",
      KeyPairFingerPrint: res.KeyPairFingerPrint,
      PublicKey: openssh,
      Tags: { Tag: [{ TagKey: "env", TagValue: "dev" }] },
    });
    // The private key is not kept anywhere in the emulator's state.
    expect(JSON.stringify(suite.emu.admin.snapshot())).not.toContain(res.PrivateKeyBody.split("\n")[1]);
  });

  it("rejects bad and duplicate names with InvalidKeyPairName.Malformed", async () => {
    await fails("CreateKeyPair", { KeyPairName: "9lives" }, "InvalidKeyPairName.Malformed", 400);
    await fails("CreateKeyPair", { KeyPairName: "a" }, "InvalidKeyPairName.Malformed", 400);
    await fails("CreateKeyPair", { KeyPairName: "has space" }, "InvalidKeyPairName.Malformed", 400);
    await fails("CreateKeyPair", {}, "MissingParameter", 400);
    await ok("ImportKeyPair", { KeyPairName: "taken", PublicKeyBody: ED25519 });
    expect(await fails("CreateKeyPair", { KeyPairName: "taken" }, "InvalidKeyPairName.Malformed", 400)).toContain("already exists");
  });
});

describe("ImportKeyPair", () => {
  it("imports ed25519, ECDSA and RSA keys with ssh-keygen's MD5 fingerprint", async () => {
    expect((await ok("ImportKeyPair", { KeyPairName: "ed", PublicKeyBody: ED25519 })).KeyPairFingerPrint).toBe(ED25519_MD5);
    expect((await ok("ImportKeyPair", { KeyPairName: "ec", PublicKeyBody: ECDSA_P256 })).KeyPairFingerPrint).toBe(ECDSA_P256_MD5);
    const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const rsa = rsaPublicKeyToOpenSsh(publicKey.export({ format: "jwk" })).openssh;
    expect((await ok("ImportKeyPair", { KeyPairName: "rsa", PublicKeyBody: `${rsa} me@laptop` })).KeyPairFingerPrint).toBe(md5Fingerprint(rsa));
    const listed = await ok("DescribeKeyPairs", { KeyPairName: "ed", IncludePublicKey: true });
    expect(listed.KeyPairs.KeyPair[0]).toMatchObject({ KeyPairFingerPrint: ED25519_MD5, PublicKey: ED25519.replace(" root@vm", "") });
  });

  it("refuses keys that are not what they claim", async () => {
    const body = (s: string) => ({ KeyPairName: "bad", PublicKeyBody: s });
    await fails("ImportKeyPair", body("not a key"), "InvalidPublicKeyBody.Malformed", 400);
    await fails("ImportKeyPair", body("ssh-rsa !!!notbase64"), "InvalidPublicKeyBody.Malformed", 400);
    // Declared type differs from the type inside the blob.
    expect(await fails("ImportKeyPair", body(ED25519.replace("ssh-ed25519", "ssh-rsa")), "InvalidPublicKeyBody.Malformed", 400)).toContain("ssh-ed25519");
    // A truncated blob.
    const truncated = Buffer.from(ED25519.split(" ")[1]!, "base64").subarray(0, 30).toString("base64");
    await fails("ImportKeyPair", body(`ssh-ed25519 ${truncated}`), "InvalidPublicKeyBody.Malformed", 400);
    // An ECDSA point that is not on the curve.
    const blob = Buffer.from(ECDSA_P256.split(" ")[1]!, "base64");
    blob[blob.length - 1] ^= 0xff;
    await fails("ImportKeyPair", body(`ecdsa-sha2-nistp256 ${blob.toString("base64")}`), "InvalidPublicKeyBody.Malformed", 400);
    await fails("ImportKeyPair", { KeyPairName: "bad" }, "MissingParameter", 400);
    expect((await ok("DescribeKeyPairs")).TotalCount).toBe(0);
  });
});

describe("DescribeKeyPairs / DeleteKeyPairs", () => {
  beforeEach(async () => {
    for (const name of ["web-SshKey", "SshKey-db", "xSshKeyx", "SshKey", "other"]) await ok("ImportKeyPair", { KeyPairName: name, PublicKeyBody: ED25519 });
  });

  it("matches names with the documented * wildcards and fingerprints exactly", async () => {
    const names = async (pattern: string) => (await ok("DescribeKeyPairs", { KeyPairName: pattern, PageSize: 50 })).KeyPairs.KeyPair.map((k: { KeyPairName: string }) => k.KeyPairName).sort();
    expect(await names("*SshKey")).toEqual(["SshKey", "web-SshKey"]);
    expect(await names("SshKey*")).toEqual(["SshKey", "SshKey-db"]);
    expect(await names("*SshKey*")).toEqual(["SshKey", "SshKey-db", "web-SshKey", "xSshKeyx"]);
    expect(await names("SshKey")).toEqual(["SshKey"]);
    expect((await ok("DescribeKeyPairs", { KeyPairFingerPrint: ED25519_MD5, PageSize: 50 })).TotalCount).toBe(5);
    expect((await ok("DescribeKeyPairs", { KeyPairFingerPrint: "00:11" })).TotalCount).toBe(0);
  });

  it("pages with PageSize up to 50", async () => {
    const page = await ok("DescribeKeyPairs", { PageSize: 2, PageNumber: 3 });
    expect(page).toMatchObject({ TotalCount: 5, PageNumber: 3, PageSize: 2 });
    expect(page.KeyPairs.KeyPair).toHaveLength(1);
    await fails("DescribeKeyPairs", { PageSize: 51 }, "InvalidParameter", 400);
  });

  it("deletes by a JSON array of names; unknown names are ignored", async () => {
    await ok("DeleteKeyPairs", { KeyPairNames: JSON.stringify(["SshKey", "other", "never-existed"]) });
    expect((await ok("DescribeKeyPairs", { PageSize: 50 })).TotalCount).toBe(3);
    await fails("DeleteKeyPairs", {}, "MissingParameter", 400);
  });

  it("deletes a pair that an instance uses; the instance keeps showing its name (as the reference says)", async () => {
    const sg = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    const run = await ok("RunInstances", { ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd", InstanceType: "ecs.g7.large", ZoneId: `${REGION}-h`, SecurityGroupId: sg, KeyPairName: "SshKey" });
    const instanceId = run.InstanceIdSets.InstanceIdSet[0];
    await ok("DeleteKeyPairs", { KeyPairNames: JSON.stringify(["SshKey"]) });
    expect((await ok("DescribeKeyPairs", { KeyPairName: "SshKey" })).TotalCount).toBe(0);
    expect((await ok("DescribeInstances", { InstanceIds: JSON.stringify([instanceId]) })).Instances.Instance[0].KeyPairName).toBe("SshKey");
  });

  it("enforces 500 key pairs per region", async () => {
    await Promise.all(Array.from({ length: 495 }, (_, i) => ok("ImportKeyPair", { KeyPairName: `k${i}`, PublicKeyBody: ED25519 })));
    await fails("ImportKeyPair", { KeyPairName: "one-too-many", PublicKeyBody: ED25519 }, "QuotaExceed.KeyPair", 403);
  });
});
