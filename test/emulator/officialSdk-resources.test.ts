/** The official Alibaba Cloud SDK (@alicloud/ecs20140526) creates and reads back security groups,
 *  key pairs, launch templates and deployment sets on the emulator, with V3 and V1 signing. */
import { createPrivateKey, createPublicKey } from "node:crypto";
import type Ecs from "@alicloud/ecs20140526";
import * as $Ecs from "@alicloud/ecs20140526";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { rfc4716Fingerprint, rsaPublicKeyToOpenSsh } from "../../provider/ssh/publicKey";
import { defaultVpcId } from "../../emulator/catalog";
import { officialSdk } from "./officialSdk";

const REGION = "cn-hangzhou";
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ clock: "manual", delayScale: 0 });
});
afterAll(() => emu.close());

const sdk = (signatureAlgorithm?: "v2"): Ecs => officialSdk(emu.port, { signatureAlgorithm, regionId: REGION });

describe.each([
  ["V3 (default)", undefined, "v3"],
  ["V1 (signatureAlgorithm v2)", "v2" as const, "v1"],
])("official SDK resources, %s", (_label, algo, tag) => {
  const client = () => sdk(algo);

  it("creates a security group with Permissions rules and reads them back", async () => {
    const { body: created } = await client().createSecurityGroup(
      new $Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId: defaultVpcId(REGION), securityGroupName: `sdk-${tag}`, description: "from the SDK" }),
    );
    const id = created!.securityGroupId!;
    await client().authorizeSecurityGroup(
      new $Ecs.AuthorizeSecurityGroupRequest({
        regionId: REGION,
        securityGroupId: id,
        permissions: [
          new $Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "10.0.0.0/8", description: "ssh" }),
          new $Ecs.AuthorizeSecurityGroupRequestPermissions({ ipProtocol: "tcp", portRange: "443", sourceCidrIp: "0.0.0.0/0", priority: "10" }),
        ],
      }),
    );
    await client().authorizeSecurityGroupEgress(
      new $Ecs.AuthorizeSecurityGroupEgressRequest({ regionId: REGION, securityGroupId: id, ipProtocol: "all", portRange: "-1/-1", destCidrIp: "0.0.0.0/0" }),
    );
    const { body: attr } = await client().describeSecurityGroupAttribute(new $Ecs.DescribeSecurityGroupAttributeRequest({ regionId: REGION, securityGroupId: id, direction: "ingress" }));
    expect(attr!.innerAccessPolicy).toBe("Accept");
    expect(attr!.permissions!.permission!.map((p) => [p.direction, p.ipProtocol, p.portRange, p.sourceCidrIp, p.priority, p.description])).toEqual([
      ["ingress", "TCP", "22/22", "10.0.0.0/8", "1", "ssh"],
      ["ingress", "TCP", "443/443", "0.0.0.0/0", "10", ""],
    ]);
    const { body: listed } = await client().describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: REGION, securityGroupIds: JSON.stringify([id]) }));
    expect(listed!.securityGroups!.securityGroup![0]).toMatchObject({ securityGroupId: id, securityGroupName: `sdk-${tag}`, ruleCount: 3, vpcId: defaultVpcId(REGION) });
  });

  it("creates a key pair whose private key matches its fingerprint", async () => {
    const { body } = await client().createKeyPair(new $Ecs.CreateKeyPairRequest({ regionId: REGION, keyPairName: `sdk-key-${tag}` }));
    const pub = createPublicKey(createPrivateKey(body!.privateKeyBody!)).export({ format: "jwk" });
    expect(body!.keyPairFingerPrint).toBe(rfc4716Fingerprint(rsaPublicKeyToOpenSsh(pub).blob));
    const { body: listed } = await client().describeKeyPairs(new $Ecs.DescribeKeyPairsRequest({ regionId: REGION, keyPairName: `sdk-key-${tag}` }));
    expect(listed!.keyPairs!.keyPair![0]).toMatchObject({ keyPairName: `sdk-key-${tag}`, keyPairFingerPrint: body!.keyPairFingerPrint });
  });

  it("creates a launch template with two versions and switches the default", async () => {
    const { body: created } = await client().createLaunchTemplate(
      new $Ecs.CreateLaunchTemplateRequest({
        regionId: REGION,
        launchTemplateName: `sdk-lt-${tag}`,
        imageId: "aliyun_3_x64_20G_alibase_20240528.vhd",
        instanceType: "ecs.g7.large",
        systemDisk: new $Ecs.CreateLaunchTemplateRequestSystemDisk({ category: "cloud_essd", size: 40 }),
        dataDisk: [new $Ecs.CreateLaunchTemplateRequestDataDisk({ category: "cloud_essd", size: 100 })],
        tag: [new $Ecs.CreateLaunchTemplateRequestTag({ key: "role", value: "web" })],
      }),
    );
    const id = created!.launchTemplateId!;
    const { body: v2 } = await client().createLaunchTemplateVersion(
      new $Ecs.CreateLaunchTemplateVersionRequest({ regionId: REGION, launchTemplateId: id, instanceType: "ecs.g7.xlarge", versionDescription: "bigger" }),
    );
    expect(v2!.launchTemplateVersionNumber).toBe(2);
    await client().modifyLaunchTemplateDefaultVersion(new $Ecs.ModifyLaunchTemplateDefaultVersionRequest({ regionId: REGION, launchTemplateId: id, defaultVersionNumber: 2 }));

    const { body: lts } = await client().describeLaunchTemplates(new $Ecs.DescribeLaunchTemplatesRequest({ regionId: REGION, launchTemplateId: [id] }));
    expect(lts!.launchTemplateSets!.launchTemplateSet![0]).toMatchObject({ launchTemplateId: id, defaultVersionNumber: 2, latestVersionNumber: 2 });
    const { body: versions } = await client().describeLaunchTemplateVersions(new $Ecs.DescribeLaunchTemplateVersionsRequest({ regionId: REGION, launchTemplateId: id }));
    const sets = versions!.launchTemplateVersionSets!.launchTemplateVersionSet!;
    expect(sets.map((v) => [v.versionNumber, v.defaultVersion, v.launchTemplateData?.instanceType])).toEqual([
      [2, true, "ecs.g7.xlarge"],
      [1, false, "ecs.g7.large"],
    ]);
    const v1 = sets[1]!.launchTemplateData!;
    expect(v1.systemDisk).toMatchObject({ category: "cloud_essd", size: 40 });
    expect(v1.dataDisks!.dataDisk![0]).toMatchObject({ category: "cloud_essd", size: 100 });
    expect(v1.tags!.instanceTag![0]).toMatchObject({ key: "role", value: "web" });

    await expect(
      client().deleteLaunchTemplateVersion(new $Ecs.DeleteLaunchTemplateVersionRequest({ regionId: REGION, launchTemplateId: id, deleteVersion: [2] })),
    ).rejects.toMatchObject({ code: "InvalidOperation.DeleteDefaultVersion" });
    await client().deleteLaunchTemplateVersion(new $Ecs.DeleteLaunchTemplateVersionRequest({ regionId: REGION, launchTemplateId: id, deleteVersion: [1] }));
  });

  it("creates, renames, reads back and deletes a deployment set", async () => {
    const { body: created } = await client().createDeploymentSet(
      new $Ecs.CreateDeploymentSetRequest({ regionId: REGION, strategy: "Availability", deploymentSetName: `sdk-ds-${tag}`, onUnableToRedeployFailedInstance: "KeepStopped" }),
    );
    const id = created!.deploymentSetId!;
    await client().modifyDeploymentSetAttribute(new $Ecs.ModifyDeploymentSetAttributeRequest({ regionId: REGION, deploymentSetId: id, description: "renamed by SDK" }));
    const { body: listed } = await client().describeDeploymentSets(new $Ecs.DescribeDeploymentSetsRequest({ regionId: REGION, deploymentSetIds: JSON.stringify([id]) }));
    expect(listed!.deploymentSets!.deploymentSet![0]).toMatchObject({
      deploymentSetId: id,
      deploymentSetName: `sdk-ds-${tag}`,
      deploymentSetDescription: "renamed by SDK",
      strategy: "Availability",
      instanceAmount: 0,
    });
    await client().deleteDeploymentSet(new $Ecs.DeleteDeploymentSetRequest({ regionId: REGION, deploymentSetId: id }));
    await expect(client().deleteDeploymentSet(new $Ecs.DeleteDeploymentSetRequest({ regionId: REGION, deploymentSetId: id }))).rejects.toMatchObject({
      code: "InvalidDeploymentSetId.NotFound",
    });
  });
});
