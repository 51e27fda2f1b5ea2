// examples/gitops: the stack of the GitOps pipeline kit (README.md beside this file). Small on
// purpose - a security group, an instance and an encrypted data disk - and compliant with the
// package's policy pack (policy/): SSH only from gitops:sshCidr, every disk encrypted, tagged,
// deletion protection where the pack's config asks for it. Every setting is stack config, so a
// pull request that changes Pulumi.<stack>.yaml is a reviewable change like any other.
import * as pulumi from "@pulumi/pulumi";
import * as ecs from "pulumi-alicloud-ecs";

const config = new pulumi.Config();
const zoneId = config.get("zoneId") ?? "cn-hangzhou-h";
const imageId = config.get("imageId") ?? "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
const instanceType = config.get("instanceType") ?? "ecs.t6-c1m1.large";
const instanceName = config.get("instanceName") ?? "gitops-server";
// Where SSH may come from: a bastion or office network, never the whole internet (the policy pack checks).
const sshCidr = config.get("sshCidr") ?? "10.0.0.0/8";
// Extra TCP ports open to everyone, e.g. [80, 443].
const publicPorts = config.getObject<number[]>("publicPorts") ?? [80];
const dataDiskSize = config.getNumber("dataDiskSize") ?? 20;
const deletionProtection = config.getBoolean("deletionProtection") ?? false;
// Empty means the region's default VPC and the zone's default VSwitch.
const vpcId = config.get("vpcId");
const vswitchId = config.get("vswitchId");

const tags = { app: "gitops", environment: config.get("environment") ?? pulumi.getStack() };

const firewall = new ecs.SecurityGroup("gitops-sg", {
  securityGroupName: "gitops",
  description: "SSH from the bastion network, the public ports from anywhere",
  vpcId,
  ingress: [
    { ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: sshCidr, description: "SSH" },
    ...publicPorts.map((port) => ({ ipProtocol: "tcp", portRange: `${port}/${port}`, sourceCidrIp: "0.0.0.0/0", description: `public ${port}` })),
  ],
  tags,
});

const server = new ecs.Instance("gitops-server", {
  zoneId,
  imageId,
  instanceType,
  vswitchId,
  securityGroupIds: [firewall.id],
  instanceName,
  systemDisk: { category: "cloud_essd", size: 40 },
  deletionProtection,
  tags,
});

const data = new ecs.Disk("gitops-data", {
  zoneId,
  category: "cloud_essd",
  size: dataDiskSize,
  encrypted: true,
  diskName: "gitops-data",
  instanceId: server.id,
  tags,
});

export const instanceId = server.id;
export const privateIp = server.privateIp;
export const securityGroupId = firewall.id;
export const dataDiskId = data.id;
