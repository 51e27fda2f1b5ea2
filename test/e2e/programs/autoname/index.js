// A key pair, a launch template and a security group, none of them named: the provider names
// them <logical name>-<7 hex characters>. The test rotates the public key (a replacement) and
// changes tags (an update) through stack config.
const pulumi = require("@pulumi/pulumi");
const ecs = require("pulumi-alicloud-ecs");

const config = new pulumi.Config();
const tags = { team: config.get("team") ?? "web" };

const key = new ecs.KeyPair("deploy", { publicKey: config.require("publicKey"), tags });
const template = new ecs.LaunchTemplate("web", { imageId: "ubuntu_22_04_x64_20G_alibase_20240130.vhd", instanceType: "ecs.g7.large", keyPairName: key.keyPairName, tags });
const group = new ecs.SecurityGroup("web sg", { tags });

exports.keyPairName = key.keyPairName;
exports.launchTemplateName = template.launchTemplateName;
exports.securityGroupName = group.securityGroupName;
