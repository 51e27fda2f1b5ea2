/** Tag actions over real signed HTTP: AddTags/RemoveTags/DescribeTags and TagResources/UntagResources/ListTagResources. */
import { regionSuite } from "./helpers";

const REGION = "cn-hangzhou";
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICjE4i9mhj/TDRmCB84S1oXrLGr8hA1YbPdUKycZ+7pr";
const suite = regionSuite(REGION);
const { call, ok, fails } = suite;
const groupTags = async (id: string) => (await ok("DescribeSecurityGroups", { SecurityGroupIds: JSON.stringify([id]) })).SecurityGroups.SecurityGroup[0].Tags.Tag;
const tagList = (n: number, prefix = "k") => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: `v${i}` }));

describe("AddTags / RemoveTags", () => {
  it("adds, overwrites by key, and removes by key or exact pair", async () => {
    const sg = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    await ok("AddTags", { ResourceType: "securitygroup", ResourceId: sg, Tag: [{ Key: "env", Value: "dev" }, { Key: "team", Value: "a" }] });
    await ok("AddTags", { ResourceType: "securitygroup", ResourceId: sg, Tag: [{ Key: "env", Value: "prod" }] });
    expect(await groupTags(sg)).toEqual([
      { TagKey: "team", TagValue: "a" },
      { TagKey: "env", TagValue: "prod" },
    ]);
    // A key with a non-matching value removes nothing; a key alone removes whatever the value.
    await ok("RemoveTags", { ResourceType: "securitygroup", ResourceId: sg, Tag: [{ Key: "env", Value: "dev" }] });
    expect(await groupTags(sg)).toHaveLength(2);
    await ok("RemoveTags", { ResourceType: "securitygroup", ResourceId: sg, Tag: [{ Key: "env" }] });
    expect(await groupTags(sg)).toEqual([{ TagKey: "team", TagValue: "a" }]);
  });

  it("tags key pairs, launch templates and instances too", async () => {
    await ok("ImportKeyPair", { KeyPairName: "kp", PublicKeyBody: ED25519 });
    await ok("AddTags", { ResourceType: "keypair", ResourceId: "kp", Tag: [{ Key: "owner", Value: "me" }] });
    expect((await ok("DescribeKeyPairs", { KeyPairName: "kp" })).KeyPairs.KeyPair[0].Tags.Tag).toEqual([{ TagKey: "owner", TagValue: "me" }]);
    const lt = (await ok("CreateLaunchTemplate", { LaunchTemplateName: "tpl" })).LaunchTemplateId;
    await ok("AddTags", { ResourceType: "launchtemplate", ResourceId: lt, Tag: [{ Key: "tier", Value: "web" }] });
    expect((await ok("DescribeLaunchTemplates", { TemplateTag: [{ Key: "tier", Value: "web" }] })).LaunchTemplateSets.LaunchTemplateSet[0].LaunchTemplateId).toBe(lt);
    const sg = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    const run = await ok("RunInstances", { ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd", InstanceType: "ecs.g7.large", ZoneId: `${REGION}-h`, SecurityGroupId: sg });
    const instanceId = run.InstanceIdSets.InstanceIdSet[0];
    await ok("AddTags", { ResourceType: "instance", ResourceId: instanceId, Tag: [{ Key: "app", Value: "shop" }] });
    const inst = (await ok("DescribeInstances", { InstanceIds: JSON.stringify([instanceId]) })).Instances.Instance[0];
    expect(inst.Tags.Tag).toContainEqual({ TagKey: "app", TagValue: "shop" });
  });

  it("enforces 20 tags per resource and the tag key rules", async () => {
    const sg = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    await ok("AddTags", { ResourceType: "securitygroup", ResourceId: sg, Tag: tagList(19) });
    // Overwriting existing keys does not count against the quota.
    await ok("AddTags", { ResourceType: "securitygroup", ResourceId: sg, Tag: [...tagList(5), { Key: "twentieth", Value: "" }] });
    await fails("AddTags", { ResourceType: "securitygroup", ResourceId: sg, Tag: [{ Key: "one-more", Value: "x" }] }, "OperationDenied.QuotaExceed", 400);
    expect(await groupTags(sg)).toHaveLength(20);
    await fails("AddTags", { ResourceType: "securitygroup", ResourceId: sg, Tag: tagList(21, "n") }, "InvalidTagCount", 400);
    const base = { ResourceType: "securitygroup", ResourceId: sg };
    await fails("AddTags", { ...base, Tag: [{ Key: "aliyun-owned", Value: "x" }] }, "InvalidTagKey.Malformed", 400);
    await fails("AddTags", { ...base, Tag: [{ Key: "acs:thing", Value: "x" }] }, "InvalidTagKey.Malformed", 400);
    await fails("AddTags", { ...base, Tag: [{ Value: "orphan" }] }, "InvalidTag.Mismatch", 400);
    await fails("AddTags", { ...base, Tag: [] }, "MissingParameter", 400);
  });

  it("applies today's limits (provider/spec/limits.ts TAGS): keys 1-128 not starting aliyun/acs:, values 0-128 not starting acs:, neither containing http(s)://", async () => {
    const sg = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    const add = (Key: string, Value: string) => call("AddTags", { ResourceType: "securitygroup", ResourceId: sg, Tag: [{ Key, Value }] });
    expect((await add("k".repeat(128), "v".repeat(128))).status).toBe(200);
    // "cannot begin with": the words elsewhere in a key or value are fine; a value may begin with aliyun.
    expect((await add("my-aliyun-acs:key", "aliyun-acs:value")).status).toBe(200);
    expect((await add("", "x")).body.Code).toBe("InvalidTag.Mismatch");
    for (const key of ["k".repeat(129), "aliyun", "aliyunX", "ALIYUN-x", "acs:x", "http://x", "see-https://x"]) {
      const r = await add(key, "v");
      expect([key, r.status, r.body.Code]).toEqual([key, 400, "InvalidTagKey.Malformed"]);
    }
    for (const value of ["v".repeat(129), "acs:v", "http://v", "see https://v"]) {
      const r = await add("key", value);
      expect([value, r.status, r.body.Code]).toEqual([value, 400, "InvalidTagValue.Malformed"]);
    }
    // RunInstances reads Tag.N with the same rules.
    const run = await call("RunInstances", { ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd", InstanceType: "ecs.g7.large", ZoneId: `${REGION}-h`, SecurityGroupId: sg, Tag: [{ Key: "k".repeat(129), Value: "v" }] });
    expect([run.status, run.body.Code]).toEqual([400, "InvalidTagKey.Malformed"]);
    expect(await groupTags(sg)).toEqual([
      { TagKey: "k".repeat(128), TagValue: "v".repeat(128) },
      { TagKey: "my-aliyun-acs:key", TagValue: "aliyun-acs:value" },
    ]);
  });

  it("names unknown resource types and ids with the reference's codes", async () => {
    await fails("AddTags", { ResourceType: "Instance", ResourceId: "i-x", Tag: [{ Key: "a", Value: "b" }] }, "InvalidResourceType.NotFound", 404);
    await fails("AddTags", { ResourceType: "instance", ResourceId: "i-missing", Tag: [{ Key: "a", Value: "b" }] }, "InvalidResourceId.NotFound", 404);
    await fails("AddTags", { ResourceType: "image", ResourceId: "aliyun_3_x64_20G_alibase_20240528.vhd", Tag: [{ Key: "a", Value: "b" }] }, "InvalidResourceId.NotSupported", 403);
    await fails("RemoveTags", { ResourceType: "disk", ResourceId: "d-missing", Tag: [{ Key: "a" }] }, "InvalidResourceId.NotFound", 404);
    await fails("AddTags", { ResourceId: "i-x", Tag: [{ Key: "a", Value: "b" }] }, "MissingParameter", 400);
  });
});

describe("DescribeTags", () => {
  it("lists distinct pairs with per-type counts, filtered by type, resource and key", async () => {
    const a = (await ok("CreateSecurityGroup", { Tag: [{ Key: "env", Value: "dev" }, { Key: "team", Value: "a" }] })).SecurityGroupId;
    await ok("CreateSecurityGroup", { Tag: [{ Key: "env", Value: "dev" }] });
    await ok("CreateSecurityGroup", { Tag: [{ Key: "env", Value: "prod" }] });
    await ok("ImportKeyPair", { KeyPairName: "kp", PublicKeyBody: ED25519, Tag: [{ Key: "env", Value: "dev" }] });

    const all = await ok("DescribeTags", {});
    expect(all.TotalCount).toBe(3);
    expect(all.Tags.Tag.find((t: { TagKey: string; TagValue: string }) => t.TagKey === "env" && t.TagValue === "dev").ResourceTypeCount).toEqual({ Securitygroup: 2, KeyPair: 1 });
    const sgOnly = await ok("DescribeTags", { ResourceType: "securitygroup", Tag: [{ Key: "env" }] });
    expect(sgOnly.Tags.Tag.map((t: { TagValue: string }) => t.TagValue)).toEqual(["dev", "prod"]);
    const exact = await ok("DescribeTags", { ResourceType: "securitygroup", Tag: [{ Key: "env", Value: "prod" }] });
    expect(exact.TotalCount).toBe(1);
    const one = await ok("DescribeTags", { ResourceType: "securitygroup", ResourceId: a });
    expect(one.Tags.Tag.map((t: { TagKey: string }) => t.TagKey)).toEqual(["env", "team"]);
    const page = await ok("DescribeTags", { PageSize: 2, PageNumber: 2 });
    expect(page).toMatchObject({ TotalCount: 3, PageSize: 2, PageNumber: 2 });
    expect(page.Tags.Tag).toHaveLength(1);
    await fails("DescribeTags", { ResourceType: "volcano" }, "InvalidResourceType.NotFound", 404);
    await fails("DescribeTags", { PageSize: 101 }, "InvalidParameter", 400);
  });
});

describe("TagResources / UntagResources / ListTagResources", () => {
  it("tags several resources at once, lists and untags them", async () => {
    const a = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    const b = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    await ok("TagResources", { ResourceType: "securitygroup", ResourceId: [a, b], Tag: [{ Key: "env", Value: "dev" }, { Key: "cost", Value: "1" }] });
    const listed = await ok("ListTagResources", { ResourceType: "securitygroup", Tag: [{ Key: "env", Value: "dev" }] });
    expect(listed.TagResources.TagResource).toHaveLength(4);
    expect(listed.TagResources.TagResource[0]).toEqual({ ResourceId: a, ResourceType: "securitygroup", TagKey: "env", TagValue: "dev" });
    await ok("UntagResources", { ResourceType: "securitygroup", ResourceId: [a], TagKey: ["env"] });
    expect(await groupTags(a)).toEqual([{ TagKey: "cost", TagValue: "1" }]);
    await ok("UntagResources", { ResourceType: "securitygroup", ResourceId: [b], All: true });
    expect(await groupTags(b)).toEqual([]);
    await fails("UntagResources", { ResourceType: "securitygroup", ResourceId: [b] }, "MissingParameter", 400);
  });

  it("checks every resource's quota before tagging any", async () => {
    const full = (await ok("CreateSecurityGroup", { Tag: tagList(20) })).SecurityGroupId;
    const empty = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    await fails("TagResources", { ResourceType: "securitygroup", ResourceId: [empty, full], Tag: [{ Key: "new", Value: "x" }] }, "OperationDenied.QuotaExceed", 400);
    expect(await groupTags(empty)).toEqual([]);
  });

  it("pages ListTagResources with NextToken, 50 rows a page (today's API takes no MaxResults)", async () => {
    const sgs: string[] = [];
    for (let i = 0; i < 3; i++) sgs.push((await ok("CreateSecurityGroup", { Tag: tagList(20) })).SecurityGroupId);
    const first = await ok("ListTagResources", { ResourceType: "securitygroup", ResourceId: sgs });
    expect(first.TagResources.TagResource).toHaveLength(50);
    expect(first.NextToken).not.toBe("");
    const second = await ok("ListTagResources", { ResourceType: "securitygroup", ResourceId: sgs, NextToken: first.NextToken });
    expect(second.TagResources.TagResource).toHaveLength(10);
    expect(second.NextToken).toBe("");
  });
});
