// ecs-go-client drives the ECS emulator with the official Go SDK (github.com/alibabacloud-go/ecs-20140526/v7):
// a different signer, HTTP stack and response parser from the Node clients, so it catches what they forgive.
// It runs one lifecycle and prints a JSON summary of what it parsed; any failed call or unparsable answer
// exits non-zero with the SDK's error. Run by test/emulator/goSdk.test.ts.
//
//	ECS_ENDPOINT=127.0.0.1:8833 ECS_SIGNATURE=v3|v1 ecs-go-client
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
)

const (
	region    = "cn-hangzhou"
	image     = "ubuntu_22_04_x64_20G_alibase_20240130.vhd"
	itype     = "ecs.g7.large"
	publicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDG3etJ0UjU9pwtwfkBIuZj2aDC9Sf7uiGoPOUmNMLxF go-sdk"
)

var s = dara.String

// must returns a call's answer or exits with the SDK's error, naming the action (from the answer's type).
func must[T any](v T, err error) T {
	if err != nil {
		step := strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%T", v), "*client."), "Response")
		var sdk *tea.SDKError // what the SDK returns for an ECS error answer
		if errors.As(err, &sdk) {
			fail("%s: %s (HTTP %d): %s", step, dara.StringValue(sdk.Code), dara.IntValue(sdk.StatusCode), dara.StringValue(sdk.Message))
		}
		fail("%s: %v", step, err)
	}
	return v
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ecs-go-client: "+format+"\n", args...)
	os.Exit(1)
}

func check(cond bool, format string, args ...any) {
	if !cond {
		fail(format, args...)
	}
}

func newClient() *ecs.Client {
	cfg := &openapi.Config{
		AccessKeyId:     s(env("ECS_ACCESS_KEY_ID", "ecs-emulator")),
		AccessKeySecret: s(env("ECS_ACCESS_KEY_SECRET", "ecs-emulator-secret")),
		Endpoint:        s(env("ECS_ENDPOINT", "127.0.0.1:8833")),
		Protocol:        s("HTTP"),
		RegionId:        s(region),
	}
	if env("ECS_SIGNATURE", "v3") == "v1" {
		cfg.SignatureAlgorithm = s("v2") // the SDK's name for the RPC HMAC-SHA1 signature (V1)
	}
	return must(ecs.NewClient(cfg))
}

func env(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func main() {
	c := newClient()
	out := map[string]any{"signature": env("ECS_SIGNATURE", "v3")}
	suffix := env("ECS_SUFFIX", "go")

	regions := must(c.DescribeRegions(&ecs.DescribeRegionsRequest{AcceptLanguage: s("en-US")}))
	found := false
	for _, r := range regions.Body.Regions.Region {
		if dara.StringValue(r.RegionId) == region {
			found = dara.StringValue(r.LocalName) == "China (Hangzhou)"
		}
	}
	check(found, "DescribeRegions: %s missing or misnamed", region)
	out["regions"] = len(regions.Body.Regions.Region)

	vpcs := must(c.DescribeVpcs(&ecs.DescribeVpcsRequest{RegionId: s(region), IsDefault: dara.Bool(true)}))
	check(len(vpcs.Body.Vpcs.Vpc) == 1, "DescribeVpcs: want the default VPC")
	vpc := dara.StringValue(vpcs.Body.Vpcs.Vpc[0].VpcId)
	vsws := must(c.DescribeVSwitches(&ecs.DescribeVSwitchesRequest{RegionId: s(region), VpcId: s(vpc), ZoneId: s("cn-hangzhou-h")}))
	check(len(vsws.Body.VSwitches.VSwitch) == 1, "DescribeVSwitches: want one default VSwitch in cn-hangzhou-h")
	vsw := dara.StringValue(vsws.Body.VSwitches.VSwitch[0].VSwitchId)

	// Security group with rules in both request forms the SDK has (flat and Permissions.N).
	sg := dara.StringValue(must(c.CreateSecurityGroup(&ecs.CreateSecurityGroupRequest{
		RegionId: s(region), VpcId: s(vpc), SecurityGroupName: s("go-sg-" + suffix), Description: s("from the Go SDK"),
		Tag: []*ecs.CreateSecurityGroupRequestTag{{Key: s("env"), Value: s("go")}},
	})).Body.SecurityGroupId)
	must(c.AuthorizeSecurityGroup(&ecs.AuthorizeSecurityGroupRequest{
		RegionId: s(region), SecurityGroupId: s(sg),
		Permissions: []*ecs.AuthorizeSecurityGroupRequestPermissions{
			{IpProtocol: s("tcp"), PortRange: s("22/22"), SourceCidrIp: s("10.0.0.0/8"), Description: s("ssh")},
			{IpProtocol: s("tcp"), PortRange: s("443/443"), SourceCidrIp: s("0.0.0.0/0"), Priority: s("2")},
		},
	}))
	must(c.AuthorizeSecurityGroupEgress(&ecs.AuthorizeSecurityGroupEgressRequest{
		RegionId: s(region), SecurityGroupId: s(sg),
		Permissions: []*ecs.AuthorizeSecurityGroupEgressRequestPermissions{{IpProtocol: s("all"), PortRange: s("-1/-1"), DestCidrIp: s("0.0.0.0/0")}},
	}))
	attr := must(c.DescribeSecurityGroupAttribute(&ecs.DescribeSecurityGroupAttributeRequest{RegionId: s(region), SecurityGroupId: s(sg)}))
	check(len(attr.Body.Permissions.Permission) == 3, "DescribeSecurityGroupAttribute: want 3 rules, got %d", len(attr.Body.Permissions.Permission))
	out["rules"] = len(attr.Body.Permissions.Permission)
	groups := must(c.DescribeSecurityGroups(&ecs.DescribeSecurityGroupsRequest{RegionId: s(region), SecurityGroupId: s(sg)}))
	check(len(groups.Body.SecurityGroups.SecurityGroup) == 1 && dara.StringValue(groups.Body.SecurityGroups.SecurityGroup[0].SecurityGroupName) == "go-sg-"+suffix, "DescribeSecurityGroups: name not read back")

	// Key pair.
	kp := must(c.ImportKeyPair(&ecs.ImportKeyPairRequest{RegionId: s(region), KeyPairName: s("go-key-" + suffix), PublicKeyBody: s(publicKey)}))
	out["keyFingerprint"] = dara.StringValue(kp.Body.KeyPairFingerPrint)
	pairs := must(c.DescribeKeyPairs(&ecs.DescribeKeyPairsRequest{RegionId: s(region), KeyPairName: s("go-key-" + suffix)}))
	check(dara.Int32Value(pairs.Body.TotalCount) == 1, "DescribeKeyPairs: want 1, got %d", dara.Int32Value(pairs.Body.TotalCount))

	// Launch template and deployment set.
	lt := must(c.CreateLaunchTemplate(&ecs.CreateLaunchTemplateRequest{
		RegionId: s(region), LaunchTemplateName: s("go-lt-" + suffix), ImageId: s(image), InstanceType: s(itype),
		SecurityGroupId: s(sg), VSwitchId: s(vsw), VersionDescription: s("first"),
		SystemDisk: &ecs.CreateLaunchTemplateRequestSystemDisk{Category: s("cloud_essd"), Size: dara.Int32(40)},
		DataDisk:   []*ecs.CreateLaunchTemplateRequestDataDisk{{Category: s("cloud_essd"), Size: dara.Int32(50)}},
		Tag:        []*ecs.CreateLaunchTemplateRequestTag{{Key: s("tier"), Value: s("web")}},
	}))
	ltID := dara.StringValue(lt.Body.LaunchTemplateId)
	versions := must(c.DescribeLaunchTemplateVersions(&ecs.DescribeLaunchTemplateVersionsRequest{RegionId: s(region), LaunchTemplateId: s(ltID), DetailFlag: dara.Bool(true)}))
	check(len(versions.Body.LaunchTemplateVersionSets.LaunchTemplateVersionSet) == 1, "DescribeLaunchTemplateVersions: want 1 version")
	data := versions.Body.LaunchTemplateVersionSets.LaunchTemplateVersionSet[0].LaunchTemplateData
	check(dara.StringValue(data.ImageId) == image && len(data.DataDisks.DataDisk) == 1 && dara.Int32Value(data.DataDisks.DataDisk[0].Size) == 50, "DescribeLaunchTemplateVersions: template data not read back")
	out["templateDiskCategory"] = dara.StringValue(data.SystemDisk.Category)

	ds := dara.StringValue(must(c.CreateDeploymentSet(&ecs.CreateDeploymentSetRequest{RegionId: s(region), DeploymentSetName: s("go-ds-" + suffix), Strategy: s("Availability")})).Body.DeploymentSetId)
	must(c.ModifyDeploymentSetAttribute(&ecs.ModifyDeploymentSetAttributeRequest{RegionId: s(region), DeploymentSetId: s(ds), Description: s("spread by Go")}))

	// Instances from the template, with tags, data disks, the key pair and the deployment set.
	run := must(c.RunInstances(&ecs.RunInstancesRequest{
		RegionId: s(region), LaunchTemplateId: s(ltID), Amount: dara.Int32(2), InstanceName: s("go-vm-" + suffix), UniqueSuffix: dara.Bool(true),
		KeyPairName: s("go-key-" + suffix), DeploymentSetId: s(ds), InternetMaxBandwidthOut: dara.Int32(5),
		DataDisk:    []*ecs.RunInstancesRequestDataDisk{{Size: dara.Int32(60), Category: s("cloud_essd"), DeleteWithInstance: dara.Bool(true)}, {Size: dara.Int32(20), Category: s("cloud_efficiency")}},
		Tag:         []*ecs.RunInstancesRequestTag{{Key: s("env"), Value: s("go")}},
		ClientToken: s("go-run-" + suffix),
	}))
	ids := dara.StringSliceValue(run.Body.InstanceIdSets.InstanceIdSet)
	check(len(ids) == 2, "RunInstances: want 2 ids, got %d", len(ids))
	idsJSON, _ := json.Marshal(ids)
	insts := must(c.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: s(region), InstanceIds: s(string(idsJSON))}))
	check(len(insts.Body.Instances.Instance) == 2, "DescribeInstances: want 2")
	first := insts.Body.Instances.Instance[0]
	check(dara.StringValue(first.Status) == "Running", "DescribeInstances: want Running, got %s", dara.StringValue(first.Status))
	check(len(first.Tags.Tag) == 2, "DescribeInstances: want the template's and the call's tags, got %d", len(first.Tags.Tag))
	check(len(first.PublicIpAddress.IpAddress) == 1, "DescribeInstances: want a public IP")
	check(dara.StringValue(first.DeploymentSetId) == ds && dara.StringValue(first.KeyPairName) == "go-key-"+suffix, "DescribeInstances: deployment set or key pair not read back")
	out["instances"] = len(insts.Body.Instances.Instance)
	out["memory"] = dara.Int32Value(first.Memory)
	out["names"] = []string{dara.StringValue(insts.Body.Instances.Instance[0].InstanceName), dara.StringValue(insts.Body.Instances.Instance[1].InstanceName)}
	disks := must(c.DescribeDisks(&ecs.DescribeDisksRequest{RegionId: s(region), InstanceId: first.InstanceId}))
	check(len(disks.Body.Disks.Disk) == 3, "DescribeDisks: want system + 2 data disks, got %d", len(disks.Body.Disks.Disk))
	out["disks"] = len(disks.Body.Disks.Disk)
	statuses := must(c.DescribeInstanceStatus(&ecs.DescribeInstanceStatusRequest{RegionId: s(region), InstanceId: dara.StringSlice(ids)}))
	check(len(statuses.Body.InstanceStatuses.InstanceStatus) == 2, "DescribeInstanceStatus: want 2")

	must(c.StopInstance(&ecs.StopInstanceRequest{InstanceId: first.InstanceId}))
	must(c.ModifyInstanceAttribute(&ecs.ModifyInstanceAttributeRequest{InstanceId: first.InstanceId, InstanceName: s("go-renamed-" + suffix), Description: s("renamed by Go")}))
	// The instance's settings: user data, bandwidth and billing, RAM role, deployment set; the zone's offer.
	ud := must(c.DescribeUserData(&ecs.DescribeUserDataRequest{RegionId: s(region), InstanceId: first.InstanceId}))
	check(dara.StringValue(ud.Body.InstanceId) == dara.StringValue(first.InstanceId), "DescribeUserData: instance not read back")
	must(c.ModifyInstanceNetworkSpec(&ecs.ModifyInstanceNetworkSpecRequest{InstanceId: first.InstanceId, InternetMaxBandwidthOut: dara.Int32(20), NetworkChargeType: s("PayByBandwidth")}))
	role := must(c.AttachInstanceRamRole(&ecs.AttachInstanceRamRoleRequest{RegionId: s(region), InstanceIds: s(string(idsJSON)), RamRoleName: s("go-role")}))
	check(dara.Int32Value(role.Body.TotalCount) == 2 && dara.Int32Value(role.Body.FailCount) == 0 && dara.BoolValue(role.Body.AttachInstanceRamRoleResults.AttachInstanceRamRoleResult[0].Success),
		"AttachInstanceRamRole: want 2 successes")
	must(c.ModifyInstanceDeployment(&ecs.ModifyInstanceDeploymentRequest{RegionId: s(region), InstanceId: first.InstanceId, DeploymentSetId: s(ds), RemoveFromDeploymentSet: dara.Bool(true)}))
	avail := must(c.DescribeAvailableResource(&ecs.DescribeAvailableResourceRequest{RegionId: s(region), DestinationResource: s("SystemDisk"), InstanceType: s(itype), ZoneId: s("cn-hangzhou-h")}))
	supported := avail.Body.AvailableZones.AvailableZone[0].AvailableResources.AvailableResource[0].SupportedResources.SupportedResource
	check(len(supported) > 0 && dara.Int32Value(supported[0].Max) > dara.Int32Value(supported[0].Min), "DescribeAvailableResource: want system disk categories with size ranges")
	out["systemDiskCategories"] = len(supported)

	tags := must(c.ListTagResources(&ecs.ListTagResourcesRequest{RegionId: s(region), ResourceType: s("instance"), ResourceId: []*string{first.InstanceId}}))
	check(len(tags.Body.TagResources.TagResource) == 2, "ListTagResources: want 2 tags")

	// A documented error reaches the SDK as its code and HTTP status.
	_, err := c.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: s("xx-nowhere-1")})
	var sdkErr *tea.SDKError
	check(errors.As(err, &sdkErr), "DescribeInstances in an unknown region: want an SDK error, got %v", err)
	out["errorCode"] = dara.StringValue(sdkErr.Code)
	out["errorStatus"] = dara.IntValue(sdkErr.StatusCode)

	// Deletes, in dependency order.
	for _, id := range ids {
		must(c.DeleteInstance(&ecs.DeleteInstanceRequest{InstanceId: s(id), Force: dara.Bool(true)}))
	}
	left := must(c.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: s(region), InstanceIds: s(string(idsJSON))}))
	check(len(left.Body.Instances.Instance) == 0, "DescribeInstances: instances still there after DeleteInstance")
	must(c.DeleteDeploymentSet(&ecs.DeleteDeploymentSetRequest{RegionId: s(region), DeploymentSetId: s(ds)}))
	must(c.DeleteLaunchTemplate(&ecs.DeleteLaunchTemplateRequest{RegionId: s(region), LaunchTemplateId: s(ltID)}))
	must(c.DeleteKeyPairs(&ecs.DeleteKeyPairsRequest{RegionId: s(region), KeyPairNames: s(`["go-key-` + suffix + `"]`)}))
	must(c.DeleteSecurityGroup(&ecs.DeleteSecurityGroupRequest{RegionId: s(region), SecurityGroupId: s(sg)}))

	text, _ := json.Marshal(out)
	fmt.Println(string(text))
}
