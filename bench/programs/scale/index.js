// bench/programs/scale: one security group and `scale:instances` instances spread over two zones,
// each with a data disk of its own attached when `scale:disks` is true. Plain JavaScript, so the
// program's start-up (no TypeScript compile) stays out of the provider's figures.
// BENCH_SCALE_SDK=previous builds the resources with the sdk classes as they were before issue 15
// (previousSdk.js), for measure 8's side-by-side preview.
"use strict";
const pulumi = require("@pulumi/pulumi");
const ecs = process.env.BENCH_SCALE_SDK === "previous" ? require("./previousSdk") : require("pulumi-alicloud-ecs");

const config = new pulumi.Config();
const count = config.requireNumber("instances");
const withDisks = config.getBoolean("disks") ?? false;
const zones = ["cn-hangzhou-h", "cn-hangzhou-i"];

const sg = new ecs.SecurityGroup("scale-sg", {
  securityGroupName: "scale",
  ingress: [{ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "172.16.0.0/12" }],
});

const ids = [];
for (let i = 0; i < count; i++) {
  const zoneId = zones[i % zones.length];
  const node = new ecs.Instance(`node-${i}`, {
    zoneId,
    imageId: "aliyun_3_x64_20G_alibase_20240528.vhd",
    instanceType: "ecs.c7.large",
    securityGroupIds: [sg.id],
    instanceName: `scale-${i}`,
  });
  ids.push(node.id);
  if (withDisks) {
    new ecs.Disk(`node-${i}-data`, { zoneId, category: "cloud_essd", size: 20, diskName: `scale-${i}-data`, instanceId: node.id });
  }
}

exports.instanceCount = ids.length;
