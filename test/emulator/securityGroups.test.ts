/** Security group actions over real signed HTTP: groups, rule-set semantics, policies and delete guards. */
import { defaultVpcId } from "../../emulator/catalog";
import type { Params } from "../../provider/client/params";
import { callV1, regionSuite } from "./helpers";

const REGION = "cn-hangzhou";
const VPC = defaultVpcId(REGION);
const suite = regionSuite(REGION);
const { call, ok, fails } = suite;

const newGroup = async (params: Params = {}): Promise<string> => (await ok("CreateSecurityGroup", { VpcId: VPC, ...params })).SecurityGroupId;
const permissions = async (id: string, direction = "all"): Promise<Array<Record<string, string>>> =>
  (await ok("DescribeSecurityGroupAttribute", { SecurityGroupId: id, Direction: direction })).Permissions.Permission;

describe("CreateSecurityGroup / DescribeSecurityGroups", () => {
  it("creates a VPC group that Describe shows with its attributes and tags", async () => {
    const id = await newGroup({ SecurityGroupName: "web-sg", Description: "front end", Tag: [{ Key: "env", Value: "test" }] });
    expect(id).toMatch(/^sg-[0-9a-z]{20}$/);
    const res = await ok("DescribeSecurityGroups", { SecurityGroupIds: JSON.stringify([id]) });
    expect(res.TotalCount).toBe(1);
    expect(res.SecurityGroups.SecurityGroup[0]).toMatchObject({
      SecurityGroupId: id,
      SecurityGroupName: "web-sg",
      Description: "front end",
      VpcId: VPC,
      SecurityGroupType: "normal",
      EcsCount: 0,
      Tags: { Tag: [{ TagKey: "env", TagValue: "test" }] },
    });
    const attr = await ok("DescribeSecurityGroupAttribute", { SecurityGroupId: id });
    expect(attr).toMatchObject({ SecurityGroupId: id, VpcId: VPC, InnerAccessPolicy: "Accept", Permissions: { Permission: [] } });
  });

  it("an enterprise group isolates its members by default", async () => {
    const id = await newGroup({ SecurityGroupType: "enterprise" });
    expect((await ok("DescribeSecurityGroupAttribute", { SecurityGroupId: id })).InnerAccessPolicy).toBe("Drop");
  });

  it("rejects an unknown VPC, a bad name and a bad type with the reference's codes", async () => {
    await fails("CreateSecurityGroup", { VpcId: "vpc-doesnotexist" }, "InvalidVpcId.NotFound", 404);
    await fails("CreateSecurityGroup", { SecurityGroupName: "1starts-with-digit" }, "InvalidSecurityGroupName.Malformed", 400);
    await fails("CreateSecurityGroup", { SecurityGroupName: "http://x" }, "InvalidSecurityGroupName.Malformed", 400);
    await fails("CreateSecurityGroup", { Description: "https://example.com" }, "InvalidDescription.Malformed", 400);
    await fails("CreateSecurityGroup", { SecurityGroupType: "fancy" }, "InvalidSecurityGroupType.NotSupported", 400);
  });

  it("filters by VPC, tag and network type, orders by id descending and pages", async () => {
    const ids = [await newGroup({ Tag: [{ Key: "team", Value: "a" }] }), await newGroup(), await newGroup()];
    const classic = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    const all = await ok("DescribeSecurityGroups", { PageSize: 50 });
    const listed = all.SecurityGroups.SecurityGroup.map((g: { SecurityGroupId: string }) => g.SecurityGroupId);
    expect(listed).toEqual([...ids, classic].sort().reverse());
    expect((await ok("DescribeSecurityGroups", { VpcId: VPC })).TotalCount).toBe(3);
    expect((await ok("DescribeSecurityGroups", { NetworkType: "classic" })).SecurityGroups.SecurityGroup.map((g: { SecurityGroupId: string }) => g.SecurityGroupId)).toEqual([classic]);
    expect((await ok("DescribeSecurityGroups", { Tag: [{ Key: "team", Value: "a" }] })).SecurityGroups.SecurityGroup[0].SecurityGroupId).toBe(ids[0]);
    const page2 = await ok("DescribeSecurityGroups", { PageSize: 3, PageNumber: 2 });
    expect(page2).toMatchObject({ TotalCount: 4, PageNumber: 2, PageSize: 3 });
    expect(page2.SecurityGroups.SecurityGroup).toHaveLength(1);
    await fails("DescribeSecurityGroups", { PageSize: 51 }, "InvalidParameter", 400);
  });

  it("enforces 100 groups per region", async () => {
    await Promise.all(Array.from({ length: 100 }, () => ok("CreateSecurityGroup", {})));
    await fails("CreateSecurityGroup", {}, "QuotaExceed.SecurityGroup", 403);
  });
});

describe("rules as a set", () => {
  it("normalises a single port, renders ingress fields and treats a duplicate as a no-op", async () => {
    const id = await newGroup();
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "22", SourceCidrIp: "10.0.0.0/8", Description: "ssh" });
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: id, IpProtocol: "TCP", PortRange: "22/22", SourceCidrIp: "10.0.0.0/8", Priority: "1", Policy: "Accept" });
    const rules = await permissions(id);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      Direction: "ingress",
      IpProtocol: "TCP",
      PortRange: "22/22",
      SourceCidrIp: "10.0.0.0/8",
      Policy: "Accept",
      Priority: "1",
      NicType: "intranet",
      Description: "ssh",
    });
    expect(rules[0]!.SecurityGroupRuleId).toMatch(/^sgr-/);
  });

  it("accepts the Permissions.N form, applying all of its rules or none", async () => {
    const id = await newGroup();
    await ok("AuthorizeSecurityGroup", {
      SecurityGroupId: id,
      Permissions: [
        { IpProtocol: "tcp", PortRange: "80/80", SourceCidrIp: "0.0.0.0/0" },
        { IpProtocol: "icmp", PortRange: "-1/-1", SourceCidrIp: "0.0.0.0/0", Policy: "drop", Priority: "5" },
      ],
    });
    expect((await permissions(id)).map((r) => `${r.IpProtocol} ${r.PortRange} ${r.Policy} ${r.Priority}`)).toEqual(["TCP 80/80 Accept 1", "ICMP -1/-1 Drop 5"]);
    await fails("AuthorizeSecurityGroup", { SecurityGroupId: id, Permissions: [{ IpProtocol: "tcp", PortRange: "443/443", SourceCidrIp: "0.0.0.0/0" }, { IpProtocol: "udp", PortRange: "0/1", SourceCidrIp: "0.0.0.0/0" }] }, "InvalidPortRange.Malformed", 400);
    expect(await permissions(id)).toHaveLength(2);
  });

  it("validates protocol, ports, priority, policy, NIC type, CIDR and peer with the reference's codes", async () => {
    const id = await newGroup();
    const base = { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "22/22", SourceCidrIp: "0.0.0.0/0" };
    await fails("AuthorizeSecurityGroup", { ...base, IpProtocol: "sctp" }, "InvalidIpProtocol.Malformed", 400);
    await fails("AuthorizeSecurityGroupEgress", { ...base, IpProtocol: "sctp", DestCidrIp: "0.0.0.0/0" }, "OperationDenied", 400);
    await fails("AuthorizeSecurityGroup", { ...base, IpProtocol: "icmp" }, "OperationDenied", 400);
    await fails("AuthorizeSecurityGroup", { ...base, PortRange: "-1/-1" }, "OperationDenied", 400);
    await fails("AuthorizeSecurityGroup", { ...base, PortRange: "200/1" }, "InvalidPortRange.Malformed", 400);
    await fails("AuthorizeSecurityGroup", { ...base, PortRange: "1/65536" }, "InvalidPortRange.Malformed", 400);
    await fails("AuthorizeSecurityGroup", { ...base, Priority: "101" }, "InvalidPriority.ValueNotSupported", 400);
    await fails("AuthorizeSecurityGroup", { ...base, Priority: "high" }, "InvalidPriority.Malformed", 400);
    await fails("AuthorizeSecurityGroup", { ...base, Policy: "allow" }, "InvalidPolicy.Malformed", 400);
    await fails("AuthorizeSecurityGroup", { ...base, NicType: "wifi" }, "InvalidNicType.ValueNotSupported", 400);
    await fails("AuthorizeSecurityGroup", { ...base, SourceCidrIp: "10.0.0.0/33" }, "InvalidSourceCidrIp.Malformed", 400);
    await fails("AuthorizeSecurityGroup", { ...base, SourceCidrIp: undefined }, "MissingParameter", 403);
    await fails("AuthorizeSecurityGroup", { ...base, Description: "x".repeat(513) }, "InvalidSecurityGroupDiscription.Malformed", 400);
    await fails("AuthorizeSecurityGroup", { ...base, SecurityGroupId: "sg-missing" }, "InvalidSecurityGroupId.NotFound", 404);
    expect(await permissions(id)).toHaveLength(0);
  });

  it("keeps ingress and egress apart and filters by Direction", async () => {
    const id = await newGroup();
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "443/443", SourceCidrIp: "0.0.0.0/0" });
    await ok("AuthorizeSecurityGroupEgress", { SecurityGroupId: id, IpProtocol: "all", PortRange: "-1/-1", DestCidrIp: "0.0.0.0/0" });
    expect((await permissions(id, "ingress")).map((r) => r.Direction)).toEqual(["ingress"]);
    const egress = await permissions(id, "egress");
    expect(egress).toHaveLength(1);
    expect(egress[0]).toMatchObject({ Direction: "egress", IpProtocol: "ALL", PortRange: "-1/-1", DestCidrIp: "0.0.0.0/0" });
    expect(await permissions(id, "all")).toHaveLength(2);
  });

  it("revokes exact matches (with defaults), by rule id, and refuses a rule that is not there", async () => {
    const id = await newGroup();
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "22/22", SourceCidrIp: "1.2.3.4/32" });
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "22/22", SourceCidrIp: "1.2.3.4/32", Priority: "7" });
    await fails("RevokeSecurityGroup", { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "23/23", SourceCidrIp: "1.2.3.4/32" }, "InvalidGroupAuthItem.NotFound", 403);
    await fails("RevokeSecurityGroupEgress", { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "22/22", DestCidrIp: "1.2.3.4/32" }, "InvalidGroupAuthItem.NotFound", 403);
    await ok("RevokeSecurityGroup", { SecurityGroupId: id, IpProtocol: "TCP", PortRange: "22", SourceCidrIp: "1.2.3.4/32" });
    const left = await permissions(id);
    expect(left.map((r) => r.Priority)).toEqual(["7"]);
    await ok("RevokeSecurityGroup", { SecurityGroupId: id, SecurityGroupRuleId: [left[0]!.SecurityGroupRuleId!] });
    expect(await permissions(id)).toHaveLength(0);
  });

  it("updates only the description with ModifySecurityGroupRule", async () => {
    const id = await newGroup();
    const rule = { SecurityGroupId: id, IpProtocol: "udp", PortRange: "53/53", SourceCidrIp: "10.0.0.0/8" };
    await ok("AuthorizeSecurityGroup", { ...rule, Description: "dns" });
    await ok("ModifySecurityGroupRule", { ...rule, Description: "resolver" });
    expect((await permissions(id))[0]!.Description).toBe("resolver");
  });

  it("allows at most 100 rules per group", async () => {
    const id = await newGroup();
    const rules = Array.from({ length: 100 }, (_, i) => ({ IpProtocol: "tcp", PortRange: `${i + 1}/${i + 1}`, SourceCidrIp: "0.0.0.0/0" }));
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: id, Permissions: rules });
    // A duplicate still succeeds: it adds nothing.
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "1/1", SourceCidrIp: "0.0.0.0/0" });
    await fails("AuthorizeSecurityGroupEgress", { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "1/1", DestCidrIp: "0.0.0.0/0" }, "AuthorizationLimitExceed", 403);
  });

  it("authorizes another group of the same VPC, not itself, an unknown one or one elsewhere", async () => {
    const a = await newGroup();
    const b = await newGroup({ SecurityGroupName: "peer" });
    const classic = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: a, IpProtocol: "tcp", PortRange: "5432/5432", SourceGroupId: b });
    expect((await permissions(a))[0]).toMatchObject({ SourceGroupId: b, SourceGroupName: "peer", SourceCidrIp: "" });
    await fails("AuthorizeSecurityGroup", { SecurityGroupId: a, IpProtocol: "tcp", PortRange: "1/2", SourceGroupId: a }, "InvalidParamter.Conflict", 403);
    await fails("AuthorizeSecurityGroupEgress", { SecurityGroupId: a, IpProtocol: "tcp", PortRange: "1/2", DestGroupId: a }, "InvalidSecurityGroup.IsSame", 403);
    await fails("AuthorizeSecurityGroup", { SecurityGroupId: a, IpProtocol: "tcp", PortRange: "1/2", SourceGroupId: "sg-nothere" }, "InvalidSourceGroupId.NotFound", 404);
    await fails("AuthorizeSecurityGroup", { SecurityGroupId: a, IpProtocol: "tcp", PortRange: "1/2", SourceGroupId: classic }, "InvalidNetworkType.Mismatch", 403);
    // Classic groups need NicType=intranet for group-to-group rules.
    const classic2 = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    await fails("AuthorizeSecurityGroup", { SecurityGroupId: classic, IpProtocol: "tcp", PortRange: "1/2", SourceGroupId: classic2 }, "InvalidSourceGroupId.Mismatch", 403);
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: classic, IpProtocol: "tcp", PortRange: "1/2", SourceGroupId: classic2, NicType: "intranet" });
  });
});

describe("attributes, policy and deletion", () => {
  it("modifies name, description and the inner access policy", async () => {
    const id = await newGroup();
    await ok("ModifySecurityGroupAttribute", { SecurityGroupId: id, SecurityGroupName: "renamed", Description: "new words" });
    await ok("ModifySecurityGroupPolicy", { SecurityGroupId: id, InnerAccessPolicy: "drop" });
    expect(await ok("DescribeSecurityGroupAttribute", { SecurityGroupId: id })).toMatchObject({ SecurityGroupName: "renamed", Description: "new words", InnerAccessPolicy: "Drop" });
    await fails("ModifySecurityGroupPolicy", { SecurityGroupId: id, InnerAccessPolicy: "Maybe" }, "InvalidPolicy.Malformed", 400);
    await fails("ModifySecurityGroupAttribute", { SecurityGroupId: id, SecurityGroupName: "-bad" }, "InvalidSecurityGroupName.Malformed", 400);
  });

  it("refuses to delete a group another group's rule references, then deletes it", async () => {
    const a = await newGroup();
    const b = await newGroup();
    await ok("AuthorizeSecurityGroupEgress", { SecurityGroupId: a, IpProtocol: "tcp", PortRange: "80/80", DestGroupId: b });
    const msg = await fails("DeleteSecurityGroup", { SecurityGroupId: b }, "DependencyViolation", 403);
    expect(msg).toContain(a);
    const refs = await ok("DescribeSecurityGroupReferences", { SecurityGroupId: [b] });
    expect(refs.SecurityGroupReferences.SecurityGroupReference[0].ReferencingSecurityGroups.ReferencingSecurityGroup[0].SecurityGroupId).toBe(a);
    await ok("RevokeSecurityGroupEgress", { SecurityGroupId: a, IpProtocol: "tcp", PortRange: "80/80", DestGroupId: b });
    await ok("DeleteSecurityGroup", { SecurityGroupId: b });
    await fails("DescribeSecurityGroupAttribute", { SecurityGroupId: b }, "InvalidSecurityGroupId.NotFound", 404);
    await fails("DeleteSecurityGroup", { SecurityGroupId: b }, "InvalidSecurityGroupId.NotFound", 404);
  });

  it("refuses to delete a group with a member instance until the instance is gone", async () => {
    const id = await newGroup();
    const run = await ok("RunInstances", {
      ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd",
      InstanceType: "ecs.g7.large",
      SecurityGroupId: id,
      ZoneId: `${REGION}-h`,
    });
    const instanceId = run.InstanceIdSets.InstanceIdSet[0];
    expect((await ok("DescribeSecurityGroups", { SecurityGroupIds: JSON.stringify([id]) })).SecurityGroups.SecurityGroup[0].EcsCount).toBe(1);
    const msg = await fails("DeleteSecurityGroup", { SecurityGroupId: id }, "DependencyViolation", 403);
    expect(msg).toContain(instanceId);
    await ok("DeleteInstance", { InstanceId: instanceId, Force: true });
    await suite.emu.admin.advanceClock(60_000);
    await ok("DeleteSecurityGroup", { SecurityGroupId: id });
  });

  it("renders Permissions.Permission in XML too", async () => {
    const id = await newGroup();
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "80/80", SourceCidrIp: "0.0.0.0/0" });
    await ok("AuthorizeSecurityGroup", { SecurityGroupId: id, IpProtocol: "tcp", PortRange: "81/81", SourceCidrIp: "0.0.0.0/0" });
    const res = await callV1(suite.emu.url, "DescribeSecurityGroupAttribute", { RegionId: REGION, SecurityGroupId: id }, { format: "XML" });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<Permissions><Permission>[\s\S]*<PortRange>80\/80<\/PortRange>[\s\S]*<\/Permission><Permission>[\s\S]*<PortRange>81\/81<\/PortRange>/);
  });

  it("hides a group from Describe* while the invisible-after-create fault lasts", async () => {
    suite.emu.admin.injectFault({ type: "invisible", action: "CreateSecurityGroup", invisibleMs: 10_000 });
    const id = await newGroup();
    expect((await ok("DescribeSecurityGroups", { SecurityGroupIds: JSON.stringify([id]) })).TotalCount).toBe(0);
    await fails("DescribeSecurityGroupAttribute", { SecurityGroupId: id }, "InvalidSecurityGroupId.NotFound", 404);
    suite.emu.admin.advanceClock(10_000);
    expect((await ok("DescribeSecurityGroups", { SecurityGroupIds: JSON.stringify([id]) })).TotalCount).toBe(1);
  });
});
