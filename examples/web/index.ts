// examples/web: one web server. A security group open to SSH and HTTP, an imported SSH key pair,
// an instance that installs nginx from its user data, and a data disk attached to it.
// Defaults name the emulator's catalogue; set the web:* keys for the real cloud (see README.md).
import * as pulumi from "@pulumi/pulumi";
import * as ecs from "pulumi-alicloud-ecs";
import { DEMO_PUBLIC_KEY } from "./publicKey";

const config = new pulumi.Config();
const zoneId = config.get("zoneId") ?? "cn-hangzhou-h";
const imageId = config.get("imageId") ?? "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
const instanceType = config.get("instanceType") ?? "ecs.t6-c1m1.large";
const instanceName = config.get("instanceName") ?? "web-server";
const environment = config.get("environment") ?? "demo";
const sshCidr = config.get("sshCidr") ?? "0.0.0.0/0";
const publicKey = config.get("publicKey") ?? DEMO_PUBLIC_KEY;
const dataDiskSize = config.getNumber("dataDiskSize") ?? 40;
const diskCategory = config.get("diskCategory") ?? "cloud_essd";
// Public bandwidth (Mbit/s) and how it is billed: both change in place (one ModifyInstanceNetworkSpec).
const bandwidth = config.getNumber("bandwidth") ?? 5;
const internetChargeType = config.get("internetChargeType") ?? "PayByTraffic";
// true: a deployment set keeps the server on a host of its own; joining or leaving changes it in place.
const spread = config.getBoolean("spread") ?? false;
// A new instance type needs the server stopped: allowed only when asked (it restarts).
const stopForUpdate = config.getBoolean("stopForUpdate");
// Optional console login password: `pulumi config set --secret web:password …` (kept encrypted in state).
const password = config.getSecret("password");
// Empty means the region's default VPC and the zone's default VSwitch.
const vpcId = config.get("vpcId");
const vswitchId = config.get("vswitchId");

const tags = { app: "web", environment };

const firewall = new ecs.SecurityGroup("web-sg", {
  securityGroupName: "web",
  description: "SSH and HTTP to the web server",
  vpcId,
  ingress: [
    { ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: sshCidr, description: "SSH" },
    { ipProtocol: "tcp", portRange: "80/80", sourceCidrIp: "0.0.0.0/0", description: "HTTP" },
  ],
  tags,
});

// Key pair names are unique per region: one per stack.
const key = new ecs.KeyPair("web-key", { keyPairName: `web-${pulumi.getStack()}`, publicKey, tags });

// Installs nginx and mounts the data disk once it is attached (it appears as the second virtio disk).
const userData = `#!/bin/sh
set -e
apt-get update -y && apt-get install -y nginx
echo "hello from $(hostname)" > /var/www/html/index.html
for i in $(seq 60); do [ -b /dev/vdb ] && break; sleep 5; done
if [ -b /dev/vdb ]; then
  blkid /dev/vdb || mkfs.ext4 -q /dev/vdb
  mkdir -p /data && mount /dev/vdb /data
fi
`;

const placement = spread ? new ecs.DeploymentSet("web-spread", { deploymentSetName: "web-spread", description: "One host per web server", strategy: "Availability" }) : undefined;

const server = new ecs.Instance("web-server", {
  zoneId,
  imageId,
  instanceType,
  vswitchId,
  securityGroupIds: [firewall.id],
  instanceName,
  hostName: "web",
  keyPairName: key.keyPairName,
  password,
  internetMaxBandwidthOut: bandwidth,
  internetChargeType,
  deploymentSetId: placement?.id,
  stopForUpdate,
  systemDisk: { category: diskCategory, size: 40 },
  userData,
  tags,
});

const data = new ecs.Disk("web-data", {
  zoneId,
  category: diskCategory,
  size: dataDiskSize,
  diskName: "web-data",
  description: "Data disk of the web server",
  instanceId: server.id,
  tags,
});

export const instanceId = server.id;
export const privateIp = server.privateIp;
export const publicIp = server.publicIp;
export const keyPairName = key.keyPairName;
export const keyFingerprint = key.fingerPrint;
export const securityGroupId = firewall.id;
export const dataDiskId = data.id;
// internetMaxBandwidthOut > 0 gives the instance a public address (the emulator hands out 47.x.y.z ones), also when
// raised from 0 later. With 0 from the start it has none and the page is reachable inside the VPC only.
export const url = pulumi.all([server.publicIp, server.privateIp]).apply(([pub, priv]) => `http://${pub || priv}/`);
