// Resources written the way people write them: rules with upper-case protocols, single ports, a
// bare address for a /32, omitted and explicit defaults, an instance with data disks whose
// category and name are left to ECS. A refresh right after `up` must find nothing to change, and
// after an out-of-band change, exactly that change.
import * as ecs from "pulumi-alicloud-ecs";

const sg = new ecs.SecurityGroup("sg", {
  ingress: [
    { ipProtocol: "TCP", portRange: "22", sourceCidrIp: "10.0.0.5" },
    { ipProtocol: "tcp", portRange: "80/80", sourceCidrIp: "0.0.0.0/0", priority: 1, policy: "Accept", nicType: "intranet" },
    { ipProtocol: "icmp", sourceCidrIp: "192.168.0.0/16" },
  ],
  egress: [{ ipProtocol: "ALL", destCidrIp: "0.0.0.0/0" }],
  tags: { team: "web" },
});

const web = new ecs.Instance("web", {
  zoneId: "cn-hangzhou-h",
  imageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd",
  instanceType: "ecs.g7.large",
  securityGroupIds: [sg.id],
  instanceName: "spelling-web",
  dataDisks: [{ size: 40 }, { size: 50, category: "cloud_essd" }],
  tags: { team: "web" },
});

export const securityGroupId = sg.id;
export const instanceId = web.id;

// Lookups run in the program, through the stack's alicloud-ecs:* config.
export const lookedUp = ecs.getInstancesOutput({ ids: [web.id] }).instances.apply((found) => found.map((i) => `${i.instanceName} ${i.status}`));
export const owned = ecs.getStackResourcesOutput({ region: web.region });
