// One resource of each kind, then every data function of the package: the catalogue ones as plain
// calls, the lookups of existing resources as Output variants fed with the resources' outputs (so
// they run once the resources exist). `lookups:badRegex` makes a lookup fail with a bad argument.
"use strict";
const pulumi = require("@pulumi/pulumi");
const ecs = require("pulumi-alicloud-ecs");

const config = new pulumi.Config();
const IMAGE = "ubuntu_22_04_x64_20G_alibase_20240130.vhd";
const ZONE = "cn-hangzhou-h";

const sg = new ecs.SecurityGroup("lk-sg", { securityGroupName: "lk-sg", tags: { team: "lookups" } });
const key = new ecs.KeyPair("lk-key", { keyPairName: "lk-key", publicKey: config.require("publicKey") });
const set = new ecs.DeploymentSet("lk-ds", { deploymentSetName: "lk-ds", strategy: "Availability" });
const template = new ecs.LaunchTemplate("lk-lt", { launchTemplateName: "lk-lt", imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupId: sg.id });
const web = new ecs.Instance("lk-web", { instanceName: "lk-web", zoneId: ZONE, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg.id], keyPairName: key.keyPairName, deploymentSetId: set.id });
const disk = new ecs.Disk("lk-data", { diskName: "lk-data", zoneId: ZONE, category: "cloud_essd", size: 20, instanceId: web.id });

const names = (items, prop) => items.map((i) => i[prop]);

const badRegex = config.get("badRegex");
if (badRegex !== undefined) exports.bad = ecs.getInstances({ nameRegex: badRegex });

exports.regionIds = ecs.getRegions({}).then((r) => r.ids);
exports.zoneIds = ecs.getZones({}).then((r) => r.ids);
exports.imageIds = ecs.getImages({ nameRegex: "^ubuntu" }).then((r) => r.ids);
exports.g7Types = ecs.getInstanceTypes({ instanceTypeFamily: "ecs.g7" }).then((r) => r.ids);
exports.reservedCount = ecs.getReservedInstances({}).then((r) => r.totalCount);
exports.tencentRegionIds = ecs.getTencentBareMetalRegions({}).then((r) => r.regions.map((x) => x.regionId));

exports.statuses = ecs.getInstanceStatusesOutput({ zoneId: web.zoneId }).instanceStatuses.apply((s) => s.map((x) => `${x.instanceId} ${x.status}`));
exports.instances = ecs.getInstancesOutput({ ids: [web.id], nameRegex: "^lk-" }).instances.apply((i) => names(i, "instanceName"));
exports.disks = ecs.getDisksOutput({ instanceId: disk.instanceId, diskType: "data" }).disks.apply((d) => names(d, "diskName"));
exports.groups = ecs.getSecurityGroupsOutput({ ids: [sg.id], tags: { team: "lookups" } }).securityGroups.apply((g) => names(g, "securityGroupName"));
exports.keyPairs = ecs.getKeyPairsOutput({ names: [key.keyPairName] }).keyPairs.apply((k) => names(k, "keyPairName"));
exports.templates = ecs.getLaunchTemplatesOutput({ ids: [template.id] }).launchTemplates.apply((t) => names(t, "launchTemplateName"));
exports.sets = ecs.getDeploymentSetsOutput({ ids: [set.id] }).deploymentSets.apply((s) => names(s, "deploymentSetName"));
exports.webId = web.id;
