// The fault matrix's stack (test/e2e/chaos.test.ts): twelve resources of every kind. Generation 2
// (`chaos:generation 2`) changes each of them in place: rules authorized and revoked, a group joined
// and another left, a disk grown and another moved between instances, an instance stopped, another
// taken out of its deployment set, a RAM role attached, names, descriptions, tags set and removed,
// a new launch template version, a public address allocated. `chaos:shape pair` declares
// only a security group and one instance in it (the destroy/up cycles measure).
import * as pulumi from "@pulumi/pulumi";
import * as ecs from "pulumi-alicloud-ecs";

const config = new pulumi.Config();
const gen = config.getNumber("generation") ?? 1;
const second = gen >= 2;
const password = config.getSecret("password");
// Instances' create deadline (cells that wait for an instance that never runs set a short one).
const createTimeout = config.get("createTimeout");
const instanceTimeouts = createTimeout ? { create: createTimeout } : undefined;
const stack = pulumi.getStack();
// The groups are VPC groups (omitted, a group is a classic-network one): the region's default VPC.
const vpcId = config.require("vpcId");
const zoneId = "cn-hangzhou-h";
const imageId = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
const instanceType = "ecs.g7.large";
// The first generation's extra tag is removed by the second (RemoveTags).
const tags: Record<string, string> = second ? { app: "chaos", generation: String(gen) } : { app: "chaos", generation: String(gen), first: "yes" };
const publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID+Wx/cG42BzXPw9rTQIR+gRdJHzABtsvd2n08bXhvVZ chaos";

/** Twelve resources of every kind. */
function everyKind() {
  const sg = new ecs.SecurityGroup("chaos-sg", {
    vpcId,
    securityGroupName: "chaos",
    description: second ? "chaos, second generation" : "chaos",
    ingress: [
      { ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "10.0.0.0/8", description: "SSH" },
      second ? { ipProtocol: "tcp", portRange: "443/443", sourceCidrIp: "0.0.0.0/0", description: "HTTPS" } : { ipProtocol: "tcp", portRange: "80/80", sourceCidrIp: "0.0.0.0/0", description: "HTTP" },
    ],
    egress: [{ ipProtocol: "tcp", portRange: "443/443", destCidrIp: "0.0.0.0/0" }],
    tags,
  });
  const sg2 = new ecs.SecurityGroup("chaos-sg-2", { vpcId, securityGroupName: "chaos-2", description: "second group", tags });
  const key = new ecs.KeyPair("chaos-key", { keyPairName: `chaos-${stack}`, publicKey, tags });
  const template = new ecs.LaunchTemplate("chaos-template", {
    launchTemplateName: `chaos-${stack}`,
    versionDescription: second ? "generation 2" : "generation 1",
    imageId,
    instanceType,
    securityGroupId: sg.id,
    zoneId,
    userData: `#!/bin/sh\necho generation ${gen}\n`,
    tags,
  });
  const spread = new ecs.DeploymentSet("chaos-spread", {
    deploymentSetName: second ? `chaos-${stack}-2` : `chaos-${stack}`,
    description: `generation ${gen}`,
    strategy: "Availability",
  });

  const app0 = new ecs.Instance("app-0", {
    zoneId,
    imageId,
    instanceType,
    securityGroupIds: [sg.id],
    keyPairName: key.keyPairName,
    deploymentSetId: spread.id,
    instanceName: second ? "chaos-app-0-renamed" : "chaos-app-0",
    description: `generation ${gen}`,
    password,
    internetMaxBandwidthOut: second ? 1 : 0,
    ramRoleName: second ? "chaos-role" : undefined,
    dataDisks: [{ category: "cloud_essd", size: 20, name: "app-0-inline" }],
    timeouts: instanceTimeouts,
    tags,
  });
  const app1 = new ecs.Instance("app-1", {
    zoneId,
    imageId,
    instanceType,
    securityGroupIds: second ? [sg2.id] : [sg.id],
    deploymentSetId: second ? undefined : spread.id,
    instanceName: "chaos-app-1",
    timeouts: instanceTimeouts,
    tags,
  });
  const app2 = new ecs.Instance("app-2", {
    launchTemplateId: template.id,
    zoneId,
    instanceName: "chaos-app-2",
    status: second ? "Stopped" : "Running",
    timeouts: instanceTimeouts,
    tags,
  });

  const data0 = new ecs.Disk("data-0", { zoneId, category: "cloud_essd", size: second ? 30 : 20, diskName: "chaos-data-0", description: `generation ${gen}`, instanceId: app0.id, tags });
  const data1 = new ecs.Disk("data-1", { zoneId, category: "cloud_essd", size: 20, diskName: "chaos-data-1", instanceId: second ? app0.id : app1.id, tags });
  const spare = new ecs.Disk("spare", { zoneId, category: "cloud_essd", size: 20, diskName: second ? "chaos-spare-2" : "chaos-spare", tags });

  return {
    securityGroups: [sg.id, sg2.id],
    keyPair: key.id,
    launchTemplate: template.id,
    deploymentSet: spread.id,
    instances: [app0.id, app1.id, app2.id],
    disks: [data0.id, data1.id, spare.id],
  };
}

/** A security group and one instance in it. */
function pair() {
  const sg = new ecs.SecurityGroup("chaos-sg", { vpcId, securityGroupName: "chaos", ingress: [{ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "10.0.0.0/8" }], tags });
  const app = new ecs.Instance("app-1", { zoneId, imageId, instanceType, securityGroupIds: [sg.id], instanceName: "chaos-app-1", tags });
  return { securityGroups: [sg.id], instances: [app.id] };
}

export const ids = config.get("shape") === "pair" ? pair() : everyKind();
