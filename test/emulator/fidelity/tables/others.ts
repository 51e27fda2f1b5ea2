/** Fidelity cases of the security group, key pair, launch template, deployment set, tag and catalogue actions. */
import { jsonArray } from "../../../../provider/client/params";
import { diskCategories, diskSizeRange } from "../../../../provider/spec/limits";
import type { ActionTable } from "../cases";
import { IMAGE, PUBLIC_KEY, TYPE, ZONE } from "../world";

const sgNotFound = { code: "InvalidSecurityGroupId.NotFound", status: 404 };
const rule = { IpProtocol: "tcp", PortRange: "22/22", SourceCidrIp: "10.0.0.0/8" };
const egress = { IpProtocol: "tcp", PortRange: "443/443", DestCidrIp: "0.0.0.0/0" };

export const securityGroupTables: Record<string, ActionTable> = {
  CreateSecurityGroup: {
    base: (w) => ({ VpcId: w.vpc, SecurityGroupName: "web" }),
    cases: [
      { name: "creates", expect: { ok: true } },
      { name: "an unknown VPC", params: () => ({ VpcId: "vpc-nope" }), expect: { code: "InvalidVpcId.NotFound", status: 404 } },
      { name: "the 101st group", setup: async (w, call) => void (await Promise.all(Array.from({ length: 98 }, () => call("CreateSecurityGroup", { VpcId: w.vpc })))), expect: { code: "QuotaExceed.SecurityGroup", status: 403 } },
      { name: "a malformed name", params: () => ({ SecurityGroupName: "-x" }), expect: { code: "InvalidSecurityGroupName.Malformed", status: 400 } },
      { name: "a malformed description", params: () => ({ Description: "x" }), expect: { code: "InvalidDescription.Malformed", status: 400 } },
      { name: "an unknown region", params: () => ({ RegionId: "xx-nowhere-1" }), expect: { code: "InvalidRegionId.NotFound", status: 404 } },
    ],
  },
  AuthorizeSecurityGroup: {
    base: (w) => ({ SecurityGroupId: w.sg, ...rule }),
    cases: [
      { name: "adds a rule", expect: { ok: true } },
      { name: "a rule that exists already succeeds and adds nothing (today's API; the 2019 text says it fails)", setup: async (w, call) => void (await call("AuthorizeSecurityGroup", { SecurityGroupId: w.sg, ...rule })), expect: { ok: true } },
      { name: "the Permissions.N form", params: () => ({ IpProtocol: undefined, PortRange: undefined, SourceCidrIp: undefined, Permissions: [rule, { ...rule, PortRange: "80/80" }] }), expect: { ok: true } },
      { name: "an unknown protocol", params: () => ({ IpProtocol: "sctp" }), expect: { code: "InvalidIpProtocol.Malformed", status: 400 } },
      { name: "a malformed port range", params: () => ({ PortRange: "22-23" }), expect: { code: "InvalidPortRange.Malformed", status: 400 } },
      { name: "icmp with a port range", params: () => ({ IpProtocol: "icmp" }), expect: { code: "OperationDenied", status: 400 } },
      { name: "a malformed source CIDR", params: () => ({ SourceCidrIp: "10.0.0.0/33" }), expect: { code: "InvalidSourceCidrIp.Malformed", status: 400 } },
      { name: "a malformed destination CIDR", params: () => ({ DestCidrIp: "nope" }), expect: { code: "InvalidDestCidrIp.Malformed", status: 400 } },
      { name: "a malformed policy", params: () => ({ Policy: "allow" }), expect: { code: "InvalidPolicy.Malformed", status: 400 } },
      { name: "a priority that is not a number", params: () => ({ Priority: "high" }), expect: { code: "InvalidPriority.Malformed", status: 400 } },
      { name: "a priority out of range", params: () => ({ Priority: 101 }), expect: { code: "InvalidPriority.ValueNotSupported", status: 400 } },
      { name: "a malformed NicType", params: () => ({ NicType: "wan" }), expect: { code: "InvalidNicType.ValueNotSupported", status: 400 } },
      { name: "a description over 512 characters", params: () => ({ Description: "d".repeat(513) }), expect: { code: "InvalidSecurityGroupDiscription.Malformed", status: 400 } },
      { name: "no source", params: () => ({ SourceCidrIp: undefined }), expect: { code: "MissingParameter", status: 403 } },
      { name: "itself as the source group", params: (w) => ({ SourceCidrIp: undefined, SourceGroupId: w.sg }), expect: { code: "InvalidParamter.Conflict", status: 403 } },
      { name: "an unknown source group", params: () => ({ SourceCidrIp: undefined, SourceGroupId: "sg-nope" }), expect: { code: "InvalidSourceGroupId.NotFound", status: 404 } },
      { name: "a source group of another VPC", setup: async (w, _c, admin) => void admin.modifyResource("securitygroup", w.otherSg, { vpcId: "vpc-another" }), params: (w) => ({ SourceCidrIp: undefined, SourceGroupId: w.otherSg }), expect: { code: "InvalidSourceGroupId.Mismatch", status: 400 } },
      {
        name: "a classic peer group without NicType intranet",
        setup: async (_w, call) => {
          const [a, b] = [(await call("CreateSecurityGroup", {})).body.SecurityGroupId as string, (await call("CreateSecurityGroup", {})).body.SecurityGroupId as string];
          return { SecurityGroupId: a, SourceCidrIp: undefined, SourceGroupId: b };
        },
        expect: { code: "InvalidSourceGroupId.Mismatch", status: 403 },
      },
      { name: "a source group of another network type", setup: async (_w, call) => ({ SourceCidrIp: undefined, SourceGroupId: (await call("CreateSecurityGroup", {})).body.SecurityGroupId as string }), expect: { code: "InvalidNetworkType.Mismatch", status: 403 } },
      {
        name: "the 101st rule",
        setup: async (w, call) => void (await call("AuthorizeSecurityGroup", { SecurityGroupId: w.sg, Permissions: Array.from({ length: 100 }, (_, i) => ({ ...rule, PortRange: `${1000 + i}/${1000 + i}` })) })),
        expect: { code: "AuthorizationLimitExceed", status: 403 },
      },
      { name: "an unknown group", params: () => ({ SecurityGroupId: "sg-nope" }), expect: sgNotFound },
    ],
  },
  AuthorizeSecurityGroupEgress: {
    base: (w) => ({ SecurityGroupId: w.sg, ...egress }),
    cases: [
      { name: "adds a rule", expect: { ok: true } },
      { name: "a malformed port range", params: () => ({ PortRange: "x" }), expect: { code: "InvalidPortRange.Malformed", status: 400 } },
      { name: "a malformed destination CIDR", params: () => ({ DestCidrIp: "nope" }), expect: { code: "InvalidDestCidrIp.Malformed", status: 400 } },
      { name: "a malformed source CIDR", params: () => ({ SourceCidrIp: "nope" }), expect: { code: "InvalidSourceCidrIp.Malformed", status: 400 } },
      { name: "a malformed source port range", params: () => ({ SourcePortRange: "x" }), expect: { code: "InvalidSourcePortRange.Malformed", status: 400 } },
      { name: "a priority out of range", params: () => ({ Priority: 0 }), expect: { code: "InvalidPriority.ValueNotSupported", status: 400 } },
      { name: "a priority that is not a number", params: () => ({ Priority: "high" }), expect: { code: "InvalidPriority.Malformed", status: 400 } },
      { name: "a malformed policy", params: () => ({ Policy: "allow" }), expect: { code: "InvalidPolicy.Malformed", status: 400 } },
      { name: "a malformed NicType", params: () => ({ NicType: "wan" }), expect: { code: "InvalidNicType.ValueNotSupported", status: 400 } },
      { name: "a description over 512 characters", params: () => ({ Description: "d".repeat(513) }), expect: { code: "InvalidSecurityGroupDiscription.Malformed", status: 400 } },
      { name: "icmp with a port range", params: () => ({ IpProtocol: "icmp" }), expect: { code: "OperationDenied", status: 400 } },
      { name: "a destination group of another VPC", setup: async (w, _c, admin) => void admin.modifyResource("securitygroup", w.otherSg, { vpcId: "vpc-another" }), params: (w) => ({ DestCidrIp: undefined, DestGroupId: w.otherSg }), expect: { code: "InvalidDestGroupId.Mismatch", status: 400 } },
      {
        name: "a classic destination group without NicType intranet",
        setup: async (_w, call) => {
          const [a, b] = [(await call("CreateSecurityGroup", {})).body.SecurityGroupId as string, (await call("CreateSecurityGroup", {})).body.SecurityGroupId as string];
          return { SecurityGroupId: a, DestCidrIp: undefined, DestGroupId: b };
        },
        expect: { code: "InvalidDestGroupId.Mismatch", status: 403 },
      },
      {
        name: "the 101st rule",
        setup: async (w, call) => void (await call("AuthorizeSecurityGroupEgress", { SecurityGroupId: w.sg, Permissions: Array.from({ length: 100 }, (_, i) => ({ ...egress, PortRange: `${1000 + i}/${1000 + i}` })) })),
        expect: { code: "AuthorizationLimitExceed", status: 403 },
      },
      { name: "no destination", params: () => ({ DestCidrIp: undefined }), expect: { code: "MissingParameter", status: 403 } },
      { name: "itself as the destination group", params: (w) => ({ DestCidrIp: undefined, DestGroupId: w.sg }), expect: { code: "InvalidSecurityGroup.IsSame", status: 403 } },
      { name: "an unknown destination group", params: () => ({ DestCidrIp: undefined, DestGroupId: "sg-nope" }), expect: { code: "InvalidDestGroupId.NotFound", status: 404 } },
      { name: "an unknown group", params: () => ({ SecurityGroupId: "sg-nope" }), expect: sgNotFound },
    ],
  },
  RevokeSecurityGroup: {
    base: (w) => ({ SecurityGroupId: w.sg, ...rule }),
    cases: [
      { name: "removes a rule", setup: async (w, call) => void (await call("AuthorizeSecurityGroup", { SecurityGroupId: w.sg, ...rule })), expect: { ok: true } },
      { name: "a rule that is not there", expect: { code: "InvalidGroupAuthItem.NotFound", status: 403 } },
      { name: "an unknown protocol", params: () => ({ IpProtocol: "sctp" }), expect: { code: "InvalidIpProtocol.ValueNotSupported", status: 400 } },
      { name: "a malformed port range", params: () => ({ PortRange: "x" }), expect: { code: "InvalidIpPortRange.Malformed", status: 400 } },
      { name: "a malformed policy", params: () => ({ Policy: "allow" }), expect: { code: "InvalidPolicy.Malformed", status: 400 } },
      { name: "a malformed NicType", params: () => ({ NicType: "wan" }), expect: { code: "InvalidNicType.ValueNotSupported", status: 400 } },
      { name: "a malformed source CIDR", params: () => ({ SourceCidrIp: "nope" }), expect: { code: "InvalidSourceCidrIp.Malformed", status: 400 } },
      { name: "an unknown source group", params: () => ({ SourceCidrIp: undefined, SourceGroupId: "sg-nope" }), expect: { code: "InvalidSourceGroupId.NotFound", status: 404 } },
      { name: "a source group of another VPC", setup: async (w, _c, admin) => void admin.modifyResource("securitygroup", w.otherSg, { vpcId: "vpc-another" }), params: (w) => ({ SourceCidrIp: undefined, SourceGroupId: w.otherSg }), expect: { code: "InvalidSourceGroupId.Mismatch", status: 400 } },
      { name: "nothing named", params: () => ({ IpProtocol: undefined, PortRange: undefined, SourceCidrIp: undefined }), expect: { code: "MissingParameter", status: 400 } },
      { name: "an unknown group", params: () => ({ SecurityGroupId: "sg-nope" }), expect: sgNotFound },
    ],
  },
  RevokeSecurityGroupEgress: {
    base: (w) => ({ SecurityGroupId: w.sg, ...egress }),
    cases: [
      { name: "removes a rule", setup: async (w, call) => void (await call("AuthorizeSecurityGroupEgress", { SecurityGroupId: w.sg, ...egress })), expect: { ok: true } },
      { name: "a rule that is not there", expect: { code: "InvalidGroupAuthItem.NotFound", status: 403 } },
      { name: "an unknown protocol", params: () => ({ IpProtocol: "sctp" }), expect: { code: "InvalidIpProtocol.ValueNotSupported", status: 400 } },
      { name: "a malformed port range", params: () => ({ PortRange: "x" }), expect: { code: "InvalidIpPortRange.Malformed", status: 400 } },
      { name: "a malformed destination CIDR", params: () => ({ DestCidrIp: "nope" }), expect: { code: "InvalidDestCidrIp.Malformed", status: 400 } },
      { name: "a malformed policy", params: () => ({ Policy: "allow" }), expect: { code: "InvalidPolicy.Malformed", status: 400 } },
      { name: "a malformed NicType", params: () => ({ NicType: "wan" }), expect: { code: "InvalidNicType.ValueNotSupported", status: 400 } },
      { name: "itself as the destination group", params: (w) => ({ DestCidrIp: undefined, DestGroupId: w.sg }), expect: { code: "InvalidSecurityGroup.IsSame", status: 403 } },
      { name: "an unknown destination group", params: () => ({ DestCidrIp: undefined, DestGroupId: "sg-nope" }), expect: { code: "InvalidDestGroupId.NotFound", status: 404 } },
      { name: "a destination group of another VPC", setup: async (w, _c, admin) => void admin.modifyResource("securitygroup", w.otherSg, { vpcId: "vpc-another" }), params: (w) => ({ DestCidrIp: undefined, DestGroupId: w.otherSg }), expect: { code: "InvalidDestGroupId.Mismatch", status: 400 } },
      { name: "an unknown group", params: () => ({ SecurityGroupId: "sg-nope" }), expect: sgNotFound },
    ],
  },
  ModifySecurityGroupRule: {
    base: (w) => ({ SecurityGroupId: w.sg, ...rule, Description: "ssh" }),
    cases: [
      { name: "changes a rule's description", setup: async (w, call) => void (await call("AuthorizeSecurityGroup", { SecurityGroupId: w.sg, ...rule })), expect: { ok: true } },
      { name: "a rule that is not there", expect: { code: "InvalidGroupAuthItem.NotFound", status: 403 } },
      { name: "an unknown protocol (checked as AuthorizeSecurityGroup checks it)", params: () => ({ IpProtocol: "sctp" }), expect: { code: "InvalidIpProtocol.Malformed", status: 400 } },
      { name: "a malformed NicType", params: () => ({ NicType: "wan" }), expect: { code: "InvalidNicType.ValueNotSupported", status: 400 } },
      { name: "a malformed policy", params: () => ({ Policy: "allow" }), expect: { code: "InvalidPolicy.Malformed", status: 400 } },
      { name: "a priority that is not a number", params: () => ({ Priority: "high" }), expect: { code: "InvalidPriority.Malformed", status: 400 } },
      { name: "a priority out of range", params: () => ({ Priority: 0 }), expect: { code: "InvalidPriority.ValueNotSupported", status: 400 } },
      { name: "a description over 512 characters", params: () => ({ Description: "d".repeat(513) }), expect: { code: "InvalidSecurityGroupDiscription.Malformed", status: 400 } },
      { name: "a malformed source CIDR", params: () => ({ SourceCidrIp: "nope" }), expect: { code: "InvalidSourceCidrIp.Malformed", status: 400 } },
      { name: "icmp with a port range", params: () => ({ IpProtocol: "icmp" }), expect: { code: "OperationDenied", status: 400 } },
      { name: "no source", params: () => ({ SourceCidrIp: undefined }), expect: { code: "MissingParameter", status: 403 } },
      { name: "itself as the source group", params: (w) => ({ SourceCidrIp: undefined, SourceGroupId: w.sg }), expect: { code: "InvalidParamter.Conflict", status: 403 } },
      { name: "an unknown source group", params: () => ({ SourceCidrIp: undefined, SourceGroupId: "sg-nope" }), expect: { code: "InvalidSourceGroupId.NotFound", status: 404 } },
      { name: "a source group of another VPC", setup: async (w, _c, admin) => void admin.modifyResource("securitygroup", w.otherSg, { vpcId: "vpc-another" }), params: (w) => ({ SourceCidrIp: undefined, SourceGroupId: w.otherSg }), expect: { code: "InvalidSourceGroupId.Mismatch", status: 400 } },
      {
        name: "a classic peer group without NicType intranet",
        setup: async (_w, call) => {
          const [a, b] = [(await call("CreateSecurityGroup", {})).body.SecurityGroupId as string, (await call("CreateSecurityGroup", {})).body.SecurityGroupId as string];
          return { SecurityGroupId: a, SourceCidrIp: undefined, SourceGroupId: b };
        },
        expect: { code: "InvalidSourceGroupId.Mismatch", status: 403 },
      },
      { name: "an unknown group", params: () => ({ SecurityGroupId: "sg-nope" }), expect: sgNotFound },
    ],
  },
  ModifySecurityGroupEgressRule: {
    base: (w) => ({ SecurityGroupId: w.sg, ...egress, Description: "https" }),
    cases: [{ name: "changes a rule's description", setup: async (w, call) => void (await call("AuthorizeSecurityGroupEgress", { SecurityGroupId: w.sg, ...egress })), expect: { ok: true } }],
  },
  DescribeSecurityGroups: {
    base: () => ({}),
    cases: [
      { name: "every group", expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(2) } },
      { name: "by name", params: () => ({ SecurityGroupName: "fidelity" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(1) } },
      { name: "classic groups: none", params: () => ({ NetworkType: "classic" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(0) } },
    ],
  },
  DescribeSecurityGroupAttribute: {
    base: (w) => ({ SecurityGroupId: w.sg }),
    cases: [
      { name: "its attributes", expect: { ok: true, check: (b, w) => expect(b).toMatchObject({ SecurityGroupId: w.sg, InnerAccessPolicy: "Accept", Permissions: { Permission: [] } }) } },
      { name: "an unknown group", params: () => ({ SecurityGroupId: "sg-nope" }), expect: sgNotFound },
    ],
  },
  DescribeSecurityGroupReferences: {
    base: (w) => ({ SecurityGroupId: [w.sg] }),
    cases: [
      { name: "references", expect: { ok: true } },
      { name: "no group", params: () => ({ SecurityGroupId: undefined }), expect: { code: "Abs.GroupNos.Malformed", status: 400 } },
      { name: "an unknown group (this table: HTTP 400)", params: () => ({ SecurityGroupId: ["sg-nope"] }), expect: { code: "InvalidSecurityGroupId.NotFound", status: 400 } },
    ],
  },
  ModifySecurityGroupAttribute: {
    base: (w) => ({ SecurityGroupId: w.sg, SecurityGroupName: "renamed" }),
    cases: [
      { name: "renames", expect: { ok: true } },
      { name: "a malformed name", params: () => ({ SecurityGroupName: "1x" }), expect: { code: "InvalidSecurityGroupName.Malformed", status: 400 } },
    ],
  },
  ModifySecurityGroupPolicy: {
    base: (w) => ({ SecurityGroupId: w.sg, InnerAccessPolicy: "Drop" }),
    cases: [
      { name: "sets the policy", expect: { ok: true } },
      { name: "a malformed policy", params: () => ({ InnerAccessPolicy: "Allow" }), expect: { code: "InvalidPolicy.Malformed", status: 400 } },
    ],
  },
  DeleteSecurityGroup: {
    base: (w) => ({ SecurityGroupId: w.otherSg }),
    cases: [
      { name: "deletes an unused group", expect: { ok: true } },
      { name: "a group with instances", params: (w) => ({ SecurityGroupId: w.sg }), expect: { code: "DependencyViolation", status: 403 } },
      { name: "an unknown group", params: () => ({ SecurityGroupId: "sg-nope" }), expect: sgNotFound },
    ],
  },
};

export const keyPairTables: Record<string, ActionTable> = {
  CreateKeyPair: {
    base: () => ({ KeyPairName: "generated" }),
    cases: [
      { name: "generates a pair", expect: { ok: true, check: (b) => expect(b.PrivateKeyBody).toMatch(/BEGIN PRIVATE KEY/) } },
      { name: "a taken name (the reference: the same code as malformed)", params: (w) => ({ KeyPairName: w.keyPair }), expect: { code: "InvalidKeyPairName.Malformed", status: 400 } },
      { name: "a malformed name", params: () => ({ KeyPairName: "1-key" }), expect: { code: "InvalidKeyPairName.Malformed", status: 400 } },
      { name: "the 501st pair", setup: async (_w, call) => void (await Promise.all(Array.from({ length: 499 }, (_, i) => call("ImportKeyPair", { KeyPairName: `k-${i}`, PublicKeyBody: PUBLIC_KEY })))), expect: { code: "QuotaExceed.KeyPair", status: 403 } },
    ],
  },
  ImportKeyPair: {
    base: () => ({ KeyPairName: "imported", PublicKeyBody: PUBLIC_KEY }),
    cases: [
      { name: "imports", expect: { ok: true } },
      { name: "a malformed key", params: () => ({ PublicKeyBody: "ssh-rsa AAAA" }), expect: { code: "InvalidPublicKeyBody.Malformed", status: 400 } },
      { name: "a taken name", params: (w) => ({ KeyPairName: w.keyPair }), expect: { code: "InvalidKeyPairName.Malformed", status: 400 } },
    ],
  },
  DescribeKeyPairs: {
    base: () => ({}),
    cases: [
      { name: "every pair", expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(1) } },
      { name: "a wildcard", params: () => ({ KeyPairName: "fidel*" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(1) } },
    ],
  },
  DeleteKeyPairs: {
    base: (w) => ({ KeyPairNames: jsonArray([w.keyPair]) }),
    cases: [
      { name: "deletes", expect: { ok: true } },
      { name: "names that do not exist are fine", params: () => ({ KeyPairNames: jsonArray(["nope"]) }), expect: { ok: true } },
    ],
  },
};

export const launchTemplateTables: Record<string, ActionTable> = {
  CreateLaunchTemplate: {
    base: () => ({ LaunchTemplateName: "web", ImageId: IMAGE, InstanceType: TYPE }),
    cases: [
      { name: "creates version 1", expect: { ok: true, check: (b) => expect(b.LaunchTemplateVersionNumber).toBe(1) } },
      { name: "a taken name", params: () => ({ LaunchTemplateName: "fidelity-template" }), expect: { code: "LaunchTemplateName.Duplicated", status: 403 } },
      { name: "a malformed name", params: () => ({ LaunchTemplateName: "1x" }), expect: { code: "InvalidLaunchTemplateName.Malformed", status: 400 } },
      { name: "a malformed description", params: () => ({ VersionDescription: "http://x" }), expect: { code: "InvalidDescription.Malformed", status: 400 } },
      { name: "user data that is not Base64", params: () => ({ UserData: "not base64!" }), expect: { code: "InvalidUserData.Base64FormatInvalid", status: 400 } },
      { name: "user data over 32 KiB", params: () => ({ UserData: Buffer.alloc(32 * 1024 + 1, "u").toString("base64") }), expect: { code: "InvalidUserData.SizeExceeded", status: 400 } },
      { name: "no name", params: () => ({ LaunchTemplateName: undefined }), expect: { code: "MissingParameter", status: 400 } },
      { name: "17 data disks", params: () => ({ DataDisk: Array.from({ length: 17 }, () => ({ Size: 40 })) }), expect: { code: "InvalidParameter", status: 400 } },
      { name: "the 31st template", setup: async (_w, call) => void (await Promise.all(Array.from({ length: 29 }, (_, i) => call("CreateLaunchTemplate", { LaunchTemplateName: `t-${i}` })))), expect: { code: "LaunchTemplateLimitExceed", status: 403 } },
    ],
  },
  CreateLaunchTemplateVersion: {
    base: (w) => ({ LaunchTemplateId: w.template, ImageId: IMAGE }),
    cases: [
      { name: "adds version 3", expect: { ok: true, check: (b) => expect(b.LaunchTemplateVersionNumber).toBe(3) } },
      { name: "an unknown template", params: () => ({ LaunchTemplateId: "lt-nope" }), expect: { code: "InvalidLaunchTemplate.NotFound", status: 400 } },
      { name: "no template", params: () => ({ LaunchTemplateId: undefined }), expect: { code: "MissingParameter", status: 400 } },
      { name: "a malformed description", params: () => ({ VersionDescription: "x" }), expect: { code: "InvalidDescription.Malformed", status: 400 } },
      { name: "user data that is not Base64", params: () => ({ UserData: "not base64!" }), expect: { code: "InvalidUserData.Base64FormatInvalid", status: 400 } },
      { name: "user data over 32 KiB", params: () => ({ UserData: Buffer.alloc(32 * 1024 + 1, "u").toString("base64") }), expect: { code: "InvalidUserData.SizeExceeded", status: 400 } },
      { name: "17 data disks", params: () => ({ DataDisk: Array.from({ length: 17 }, () => ({ Size: 40 })) }), expect: { code: "InvalidParameter", status: 400 } },
      { name: "the 31st version", setup: async (w, call) => void (await Promise.all(Array.from({ length: 28 }, () => call("CreateLaunchTemplateVersion", { LaunchTemplateId: w.template })))), expect: { code: "LaunchTemplateVersionLimitExceed", status: 403 } },
    ],
  },
  DescribeLaunchTemplates: {
    base: () => ({}),
    cases: [{ name: "every template", expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(1) } }],
  },
  DescribeLaunchTemplateVersions: {
    base: (w) => ({ LaunchTemplateId: w.template }),
    cases: [
      { name: "versions, newest first", expect: { ok: true, check: (b) => expect(b.LaunchTemplateVersionSets.LaunchTemplateVersionSet.map((v: { VersionNumber: number }) => v.VersionNumber)).toEqual([2, 1]) } },
      { name: "its data nests the system disk (today's API)", expect: { ok: true, check: (b) => expect(b.LaunchTemplateVersionSets.LaunchTemplateVersionSet[0].LaunchTemplateData).toMatchObject({ ImageId: IMAGE, ZoneId: ZONE }) } },
      { name: "an unknown template", params: () => ({ LaunchTemplateId: "lt-nope" }), expect: { code: "InvalidLaunchTemplate.NotFound", status: 400 } },
      { name: "a version that is not a number", params: () => ({ LaunchTemplateVersion: ["x"] }), expect: { code: "InvalidParameter", status: 400 } },
    ],
  },
  ModifyLaunchTemplateDefaultVersion: {
    base: (w) => ({ LaunchTemplateId: w.template, DefaultVersionNumber: 2 }),
    cases: [
      { name: "sets the default", expect: { ok: true } },
      { name: "a version that does not exist", params: () => ({ DefaultVersionNumber: 9 }), expect: { code: "InvalidLaunchTemplateVersion.NotFound", status: 400 } },
      { name: "an unknown template", params: () => ({ LaunchTemplateId: "lt-nope" }), expect: { code: "InvalidLaunchTemplate.NotFound", status: 400 } },
    ],
  },
  DeleteLaunchTemplateVersion: {
    base: (w) => ({ LaunchTemplateId: w.template, DeleteVersion: [2] }),
    cases: [
      { name: "deletes a version", expect: { ok: true } },
      { name: "the default version", params: () => ({ DeleteVersion: [1] }), expect: { code: "InvalidOperation.DeleteDefaultVersion", status: 403 } },
      { name: "no version", params: () => ({ DeleteVersion: undefined }), expect: { code: "MissingParameter", status: 400 } },
    ],
  },
  DeleteLaunchTemplate: {
    base: (w) => ({ LaunchTemplateId: w.template }),
    cases: [
      { name: "deletes", expect: { ok: true, check: (b) => expect(b.LaunchTemplateVersionNumbers.versionNumbers).toEqual([1, 2]) } },
      { name: "no template", params: () => ({ LaunchTemplateId: undefined }), expect: { code: "MissingParameter", status: 400 } },
    ],
  },
};

export const deploymentSetTables: Record<string, ActionTable> = {
  CreateDeploymentSet: {
    base: () => ({ DeploymentSetName: "spread" }),
    cases: [
      { name: "creates (Strategy Availability by default)", expect: { ok: true } },
      { name: "an unknown strategy", params: () => ({ Strategy: "Anywhere" }), expect: { code: "InvalidParameter.Strategy", status: 400 } },
      { name: "the 2019 name DeploymentStrategy", params: () => ({ DeploymentStrategy: "Anywhere" }), expect: { code: "InvalidParameter.Strategy", status: 400 } },
      { name: "the 151st set", setup: async (_w, call) => void (await Promise.all(Array.from({ length: 149 }, () => call("CreateDeploymentSet", {})))), expect: { code: "DEPLOYMENTSET.QUOTA_FULL", status: 403 } },
      { name: "a malformed description", params: () => ({ Description: "http://x" }), expect: { code: "InvalidDescription.Malformed", status: 400 } },
      { name: "an unknown region", params: () => ({ RegionId: "xx-nowhere-1" }), expect: { code: "InvalidRegionId.NotFound", status: 404 } },
    ],
  },
  DescribeDeploymentSets: {
    base: () => ({}),
    cases: [
      { name: "every set", expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(1) } },
      { name: "an unknown strategy filter", params: () => ({ Strategy: "Anywhere" }), expect: { code: "InvalidParameter.Strategy", status: 400 } },
    ],
  },
  ModifyDeploymentSetAttribute: {
    base: (w) => ({ DeploymentSetId: w.deploymentSet, DeploymentSetName: "renamed" }),
    cases: [
      { name: "renames", expect: { ok: true } },
      { name: "a malformed description", params: () => ({ Description: "x" }), expect: { code: "InvalidDescription.Malformed", status: 400 } },
      { name: "an unknown set", params: () => ({ DeploymentSetId: "ds-nope" }), expect: { code: "InvalidDeploymentSetId.NotFound", status: 404 } },
    ],
  },
  ModifyDeploymentSetAttributes: {
    base: (w) => ({ DeploymentSetId: w.deploymentSet, Description: "the 2019 name" }),
    cases: [
      { name: "the 2019 name still works", expect: { ok: true } },
      { name: "a malformed description", params: () => ({ Description: "x" }), expect: { code: "InvalidDescription.Malformed", status: 400 } },
    ],
  },
  ModifyInstanceDeployment: {
    base: (w) => ({ InstanceId: w.stopped, DeploymentSetId: w.deploymentSet }),
    cases: [
      {
        name: "puts a Stopped instance into the set",
        ref: 21037,
        expect: { ok: true, check: async (_b, w, call) => expect((await call("DescribeDeploymentSets", {})).body.DeploymentSets.DeploymentSet[0].InstanceIds.InstanceId).toEqual([w.stopped]) },
      },
      {
        name: "a Running instance with Force=true (it restarts on another host)",
        ref: 21037,
        params: (w) => ({ InstanceId: w.running, Force: true }),
        expect: { ok: true, check: async (_b, w, call) => expect((await call("DescribeInstances", { InstanceIds: jsonArray([w.running]) })).body.Instances.Instance[0].DeploymentSetId).toBe(w.deploymentSet) },
      },
      {
        name: "RemoveFromDeploymentSet takes it out",
        ref: "today",
        setup: async (w, call) => void (await call("ModifyInstanceDeployment", { InstanceId: w.stopped, DeploymentSetId: w.deploymentSet })),
        params: () => ({ RemoveFromDeploymentSet: true }),
        expect: { ok: true, check: async (_b, _w, call) => expect((await call("DescribeDeploymentSets", {})).body.DeploymentSets.DeploymentSet[0].InstanceAmount).toBe(0) },
      },
      { name: "RemoveFromDeploymentSet for an instance not in the set", ref: "today", params: () => ({ RemoveFromDeploymentSet: true }), expect: { code: "InvalidParameter.Mismatch", status: 400 } },
      { name: "a group number on a set without groups", ref: "today", params: () => ({ DeploymentSetGroupNo: 2 }), expect: { code: "InvalidParameter", status: 400 } },
      {
        name: "a group number within an AvailabilityGroup set's groups",
        ref: "today",
        setup: async (_w, call) => ({ DeploymentSetId: (await call("CreateDeploymentSet", { Strategy: "AvailabilityGroup", GroupCount: 3 })).body.DeploymentSetId as string }),
        params: () => ({ DeploymentSetGroupNo: 3 }),
        expect: { ok: true },
      },
      { name: "an unknown set", ref: 21105, params: () => ({ DeploymentSetId: "ds-nope" }), expect: { code: "DeploymentSet.InvalidId", status: 400 } },
      {
        name: "a set that holds 20 instances in the zone already",
        ref: 21115,
        setup: async (w, call) => void (await call("RunInstances", { ImageId: IMAGE, InstanceType: TYPE, ZoneId: ZONE, SecurityGroupId: w.sg, DeploymentSetId: w.deploymentSet, Amount: 20 })),
        expect: { code: "DeploymentSet.InstanceLimitExceeded", status: 403 },
      },
      { name: "an instance being created", ref: 21130, setup: async (w, _c, admin) => void admin.modifyResource("instance", w.stopped, { status: "Pending" }), expect: { code: "IncorrectInstanceStatus", status: 403 } },
      { name: "an unknown instance", params: () => ({ InstanceId: "i-nope" }), expect: { code: "InvalidInstanceId.NotFound", status: 404 } },
    ],
  },
  DeleteDeploymentSet: {
    base: (w) => ({ DeploymentSetId: w.deploymentSet }),
    cases: [
      { name: "deletes an empty set", expect: { ok: true } },
      {
        name: "a set with instances",
        setup: async (w, call) => void (await call("RunInstances", { ImageId: IMAGE, InstanceType: TYPE, ZoneId: ZONE, SecurityGroupId: w.sg, DeploymentSetId: w.deploymentSet })),
        expect: { code: "DependencyViolation.NotEmpty", status: 403 },
      },
      { name: "no set", params: () => ({ DeploymentSetId: undefined }), expect: { code: "MissingParameter", status: 400 } },
    ],
  },
};

export const tagTables: Record<string, ActionTable> = {
  AddTags: {
    base: (w) => ({ ResourceType: "instance", ResourceId: w.running, Tag: [{ Key: "team", Value: "a" }] }),
    cases: [
      { name: "adds", expect: { ok: true } },
      { name: "a value without a key", params: () => ({ Tag: [{ Value: "x" }] }), expect: { code: "InvalidTag.Mismatch", status: 400 } },
      { name: "21 tags", params: () => ({ Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) }), expect: { code: "InvalidTagCount", status: 400 } },
      { name: "a reserved key", params: () => ({ Tag: [{ Key: "acs:x", Value: "v" }] }), expect: { code: "InvalidTagKey.Malformed", status: 400 } },
      { name: "a reserved value", params: () => ({ Tag: [{ Key: "k", Value: "acs:v" }] }), expect: { code: "InvalidTagValue.Malformed", status: 400 } },
      {
        name: "over 20 on the resource",
        setup: async (w, call) => void (await call("AddTags", { ResourceType: "instance", ResourceId: w.running, Tag: Array.from({ length: 19 }, (_, i) => ({ Key: `k${i}`, Value: "v" })) })),
        expect: { code: "OperationDenied.QuotaExceed", status: 400 },
      },
      { name: "a public image", params: () => ({ ResourceType: "image", ResourceId: IMAGE }), expect: { code: "InvalidResourceId.NotSupported", status: 403 } },
      { name: "an unknown resource", params: () => ({ ResourceId: "i-nope" }), expect: { code: "InvalidResourceId.NotFound", status: 404 } },
      { name: "an unknown type", params: () => ({ ResourceType: "bucket" }), expect: { code: "InvalidResourceType.NotFound", status: 404 } },
      { name: "an unknown region", params: () => ({ RegionId: "xx-nowhere-1" }), expect: { code: "InvalidRegionId.NotFound", status: 404 } },
    ],
  },
  RemoveTags: {
    base: (w) => ({ ResourceType: "instance", ResourceId: w.running, Tag: [{ Key: "env" }] }),
    cases: [
      { name: "removes", expect: { ok: true } },
      { name: "a public image", params: () => ({ ResourceType: "image", ResourceId: IMAGE }), expect: { code: "InvalidResourceId.NotSupported", status: 403 } },
      { name: "21 tags", params: () => ({ Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}` })) }), expect: { code: "InvalidTagCount", status: 400 } },
      { name: "an unknown resource", params: () => ({ ResourceId: "i-nope" }), expect: { code: "InvalidResourceId.NotFound", status: 404 } },
      { name: "an unknown type", params: () => ({ ResourceType: "bucket" }), expect: { code: "InvalidResourceType.NotFound", status: 404 } },
    ],
  },
  DescribeTags: {
    base: () => ({}),
    cases: [
      { name: "the pairs in use", expect: { ok: true, check: (b) => expect(b.Tags.Tag).toEqual([{ TagKey: "env", TagValue: "test", ResourceTypeCount: { Instance: 1, Disk: 2 } }]) } },
      { name: "a reserved key", params: () => ({ Tag: [{ Key: "acs:x" }] }), expect: { code: "InvalidTagKey.Malformed", status: 400 } },
      { name: "a reserved value", params: () => ({ Tag: [{ Key: "k", Value: "acs:x" }] }), expect: { code: "InvalidTagValue.Malformed", status: 400 } },
      { name: "an unknown type", params: () => ({ ResourceType: "bucket" }), expect: { code: "InvalidResourceType.NotFound", status: 404 } },
    ],
  },
  TagResources: {
    base: (w) => ({ ResourceType: "instance", ResourceId: [w.running, w.stopped], Tag: [{ Key: "team", Value: "a" }] }),
    cases: [{ name: "tags both", expect: { ok: true } }],
  },
  UntagResources: {
    base: (w) => ({ ResourceType: "instance", ResourceId: [w.running], TagKey: ["env"] }),
    cases: [
      { name: "untags", expect: { ok: true } },
      { name: "neither keys nor All", params: () => ({ TagKey: undefined }), expect: { code: "MissingParameter", status: 400 } },
    ],
  },
  ListTagResources: {
    base: () => ({ ResourceType: "instance" }),
    cases: [{ name: "one row per resource and tag", expect: { ok: true, check: (b, w) => expect(b.TagResources.TagResource).toEqual([{ ResourceId: w.running, ResourceType: "instance", TagKey: "env", TagValue: "test" }]) } }],
  },
};

export const catalogueTables: Record<string, ActionTable> = {
  DescribeRegions: { base: () => ({}), cases: [{ name: "the catalogue's regions", expect: { ok: true, check: (b) => expect(b.Regions.Region.length).toBeGreaterThan(3) } }] },
  DescribeZones: {
    base: () => ({}),
    cases: [
      { name: "the region's zones and what they offer", expect: { ok: true, check: (b) => expect(b.Zones.Zone[0].AvailableDiskCategories.DiskCategories).toContain("cloud_essd") } },
      { name: "an unknown region", params: () => ({ RegionId: "xx-nowhere-1" }), expect: { code: "InvalidRegionId.NotFound", status: 404 } },
    ],
  },
  DescribeImages: {
    base: () => ({}),
    cases: [
      { name: "the public images", expect: { ok: true, check: (b) => expect(b.TotalCount).toBeGreaterThan(2) } },
      { name: "an unknown owner alias", params: () => ({ ImageOwnerAlias: "friends" }), expect: { code: "InvalidImageOwnerAlias.ValueNotSupported", status: 400 } },
      { name: "images in use by instances", params: () => ({ Usage: "instance" }), expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(1) } },
      { name: "an unknown usage", params: () => ({ Usage: "sometimes" }), expect: { code: "InvalidUsage", status: 404 } },
      { name: "21 tag filters", params: () => ({ Tag: Array.from({ length: 21 }, (_, i) => ({ Key: `k${i}` })) }), expect: { code: "InvalidTagCount", status: 400 } },
    ],
  },
  DescribeInstanceTypes: { base: () => ({ RegionId: undefined }), cases: [{ name: "the catalogue's types", expect: { ok: true } }] },
  DescribeReservedInstances: { base: () => ({}), cases: [{ name: "the region's reserved instances", expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(4) } }] },
  DescribeAvailableResource: {
    base: () => ({ DestinationResource: "InstanceType" }),
    cases: [
      {
        name: "every zone sells every catalogue type",
        ref: 30588,
        expect: {
          ok: true,
          check: (b) => {
            const zones = b.AvailableZones.AvailableZone as Array<Record<string, any>>;
            expect(zones.map((z) => z.ZoneId)).toEqual(["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k"]);
            expect(zones[0]).toMatchObject({ RegionId: "cn-hangzhou", Status: "Available", StatusCategory: "WithStock" });
            const resource = zones[0]!.AvailableResources.AvailableResource[0];
            expect(resource.Type).toBe("InstanceType");
            expect(resource.SupportedResources.SupportedResource.map((r: { Value: string }) => r.Value)).toContain(TYPE);
          },
        },
      },
      { name: "one zone, one type", params: () => ({ ZoneId: ZONE, InstanceType: TYPE }), expect: { ok: true, check: (b) => expect(b.AvailableZones.AvailableZone.map((z: any) => z.AvailableResources.AvailableResource[0].SupportedResources.SupportedResource.map((r: any) => r.Value))).toEqual([[TYPE]]) } },
      { name: "by vCPUs and memory", ref: "today", params: () => ({ Cores: 2, Memory: "8.0" }), expect: { ok: true, check: (b) => expect(b.AvailableZones.AvailableZone[0].AvailableResources.AvailableResource[0].SupportedResources.SupportedResource.map((r: any) => r.Value)).toContain(TYPE) } },
      { name: "the zones (Zone)", params: () => ({ DestinationResource: "Zone", ZoneId: ZONE }), expect: { ok: true, check: (b) => expect(b.AvailableZones.AvailableZone[0].AvailableResources.AvailableResource[0]).toEqual({ Type: "Zone", SupportedResources: { SupportedResource: [{ Value: ZONE, Status: "Available", StatusCategory: "WithStock" }] } }) } },
      {
        name: "system disk categories with their size ranges",
        ref: 30588,
        params: () => ({ DestinationResource: "SystemDisk", InstanceType: TYPE, ZoneId: ZONE }),
        expect: {
          ok: true,
          check: (b) => {
            const supported = b.AvailableZones.AvailableZone[0].AvailableResources.AvailableResource[0].SupportedResources.SupportedResource as Array<Record<string, unknown>>;
            expect(supported.map((r) => r.Value)).toEqual(diskCategories("system"));
            const range = diskSizeRange("cloud_essd", "system")!;
            expect(supported.find((r) => r.Value === "cloud_essd")).toMatchObject({ Min: range.min, Max: range.max, Unit: "GiB" });
          },
        },
      },
      { name: "data disks for CreateDisk (ResourceType=disk) need no instance type", ref: "today", params: () => ({ DestinationResource: "DataDisk", ResourceType: "disk", DataDiskCategory: "cloud_essd", ZoneId: ZONE }), expect: { ok: true, check: (b) => expect(b.AvailableZones.AvailableZone[0].AvailableResources.AvailableResource[0].SupportedResources.SupportedResource).toHaveLength(1) } },
      { name: "system disks for an instance without InstanceType", ref: "today", params: () => ({ DestinationResource: "SystemDisk" }), expect: { code: "Invalid.Param", status: 400 } },
      { name: "IoOptimized=none: nothing is sold", params: () => ({ IoOptimized: "none" }), expect: { ok: true, check: (b) => expect(b.AvailableZones.AvailableZone).toEqual([]) } },
      { name: "a classic network: nothing is sold", params: () => ({ NetworkCategory: "classic" }), expect: { ok: true, check: (b) => expect(b.AvailableZones.AvailableZone).toEqual([]) } },
      { name: "the 2019 spelling Vpc", ref: 30588, params: () => ({ DestinationResource: "Network", NetworkCategory: "Vpc" }), expect: { ok: true, check: (b) => expect(b.AvailableZones.AvailableZone).toHaveLength(4) } },
      { name: "subscriptions in a region that sells none", params: () => ({ RegionId: "eu-central-1", InstanceChargeType: "PrePaid" }), expect: { ok: true, check: (b) => expect(b.AvailableZones.AvailableZone).toEqual([]) } },
      { name: "an unknown instance type: no zone", params: () => ({ InstanceType: "ecs.nope.large" }), expect: { ok: true, check: (b) => expect(b.AvailableZones.AvailableZone).toEqual([]) } },
    ],
  },
  DescribeVpcs: { base: () => ({}), cases: [{ name: "the default VPC", expect: { ok: true, check: (b) => expect(b.Vpcs.Vpc[0].IsDefault).toBe(true) } }] },
  DescribeVSwitches: { base: () => ({ ZoneId: ZONE }), cases: [{ name: "the zone's default VSwitch", expect: { ok: true, check: (b) => expect(b.TotalCount).toBe(1) } }] },
};
