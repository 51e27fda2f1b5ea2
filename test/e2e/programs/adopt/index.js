// One security group whose inputs (adopt:args, JSON) and resource options (adopt:importId,
// adopt:retainOnDelete) the test sets through stack config: the import option as users write it;
// and, with adopt:getId, a group read with SecurityGroup.get.
const pulumi = require("@pulumi/pulumi");
const ecs = require("pulumi-alicloud-ecs");

const config = new pulumi.Config();
const importId = config.get("importId");
const group = new ecs.SecurityGroup("legacy", JSON.parse(config.require("args")), {
  ...(importId ? { import: importId } : {}),
  retainOnDelete: config.getBoolean("retainOnDelete") ?? false,
});

exports.securityGroupId = group.id;
exports.region = group.region;

// SecurityGroup.get: an existing group read into the program, not managed by it.
const getId = config.get("getId");
if (getId) exports.gotName = ecs.SecurityGroup.get("got", getId).securityGroupName;
