// examples/fleet: N identical instances. A launch template holds their configuration, a deployment
// set spreads them over physical servers, and each gets a data disk of its own.
// `pulumi config set fleet:size 20` scales it; defaults name the emulator's catalogue (see README.md).
import * as pulumi from "@pulumi/pulumi";
import * as ecs from "pulumi-alicloud-ecs";

const config = new pulumi.Config();
const size = config.getNumber("size") ?? 3;
if (!Number.isInteger(size) || size < 0 || size > 100) {
  throw new Error(`fleet:size must be an integer from 0 to 100, got ${size}`);
}
const imageId = config.get("imageId") ?? "aliyun_3_x64_20G_alibase_20240528.vhd";
const instanceType = config.get("instanceType") ?? "ecs.c7.large";
// Instance i goes to zoneIds[i % zoneIds.length] (and vswitchIds[i % …] when set).
const zoneIds = config.getObject<string[]>("zoneIds") ?? ["cn-hangzhou-h", "cn-hangzhou-i"];
const vswitchIds = config.getObject<string[]>("vswitchIds");
const vpcId = config.get("vpcId");
const diskSize = config.getNumber("diskSize") ?? 20;
const diskCategory = config.get("diskCategory") ?? "cloud_essd";

const tags = { app: "fleet", stack: pulumi.getStack() };

const firewall = new ecs.SecurityGroup("fleet-sg", {
  securityGroupName: "fleet",
  description: "Fleet nodes: SSH from inside the VPC",
  vpcId,
  ingress: [{ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "172.16.0.0/12", description: "SSH" }],
  tags,
});

const template = new ecs.LaunchTemplate("fleet-template", {
  launchTemplateName: `fleet-${pulumi.getStack()}`,
  imageId,
  instanceType,
  securityGroupId: firewall.id,
  systemDisk: { category: diskCategory, size: 40 },
  internetMaxBandwidthOut: 0,
  userData: "#!/bin/sh\necho fleet node ready > /etc/motd\n",
  tags,
});

const spread = new ecs.DeploymentSet("fleet-spread", {
  deploymentSetName: `fleet-${pulumi.getStack()}`,
  description: "Spreads the fleet over distinct physical servers",
  strategy: "Availability",
});

const nodes: ecs.Instance[] = [];
const disks: ecs.Disk[] = [];
for (let i = 0; i < size; i++) {
  const zoneId = zoneIds[i % zoneIds.length];
  const node = new ecs.Instance(`node-${i}`, {
    launchTemplateId: template.id,
    deploymentSetId: spread.id,
    zoneId,
    vswitchId: vswitchIds?.[i % vswitchIds.length],
    instanceName: `fleet-node-${i}`,
    tags: { ...tags, node: String(i) },
  });
  nodes.push(node);
  disks.push(
    new ecs.Disk(`node-${i}-data`, {
      zoneId,
      category: diskCategory,
      size: diskSize,
      diskName: `fleet-node-${i}-data`,
      instanceId: node.id,
      tags,
    }),
  );
}

export const launchTemplateId = template.id;
export const deploymentSetId = spread.id;
export const instanceIds = nodes.map((n) => n.id);
export const privateIps = nodes.map((n) => n.privateIp);
export const diskIds = disks.map((d) => d.id);
