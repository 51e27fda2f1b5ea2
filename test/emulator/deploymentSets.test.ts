/** Deployment set actions over real signed HTTP: strategies, attributes, membership and delete rules. */
import { regionSuite } from "./helpers";

const REGION = "cn-hangzhou";
const suite = regionSuite(REGION);
const { call, ok, fails } = suite;
const describeOne = async (id: string) => (await ok("DescribeDeploymentSets", { DeploymentSetIds: JSON.stringify([id]) })).DeploymentSets.DeploymentSet[0];
/** What the emulator keeps of a set (some of it, as OnUnableToRedeployFailedInstance, no Describe reports). */
const held = (id: string) => suite.emu.admin.snapshot().accounts["ecs-emulator"]!.regions[REGION]!.deploymentSets[id]!;

describe("deployment sets", () => {
  it("creates with the default Availability strategy and describes it", async () => {
    const { DeploymentSetId: id } = await ok("CreateDeploymentSet", { DeploymentSetName: "spread", Description: "keep apart" });
    expect(id).toMatch(/^ds-[0-9a-z]{20}$/);
    expect(await describeOne(id)).toMatchObject({
      DeploymentSetId: id,
      DeploymentSetName: "spread",
      DeploymentSetDescription: "keep apart",
      DeploymentStrategy: "Availability",
      Strategy: "Availability",
      InstanceAmount: 0,
      InstanceIds: { InstanceId: [] },
    });
    // Taken by CreateDeploymentSet, never reported by today's DescribeDeploymentSets.
    expect(await describeOne(id)).not.toHaveProperty("OnUnableToRedeployFailedInstance");
    expect(held(id).onUnableToRedeployFailedInstance).toBe("CancelMembershipAndStart"); // the documented default
  });

  it("accepts the reference's DeploymentStrategy and the SDK's Strategy, and refuses others", async () => {
    const a = (await ok("CreateDeploymentSet", { DeploymentStrategy: "Availability" })).DeploymentSetId;
    const b = (await ok("CreateDeploymentSet", { Strategy: "AvailabilityGroup", GroupCount: 4, OnUnableToRedeployFailedInstance: "KeepStopped" })).DeploymentSetId;
    expect((await describeOne(a)).Strategy).toBe("Availability");
    expect(await describeOne(b)).toMatchObject({ Strategy: "AvailabilityGroup", GroupCount: 4 });
    expect(held(b).onUnableToRedeployFailedInstance).toBe("KeepStopped");
    await fails("CreateDeploymentSet", { Strategy: "Anywhere" }, "InvalidParameter.Strategy", 400);
    await fails("CreateDeploymentSet", { OnUnableToRedeployFailedInstance: "Panic" }, "InvalidParameter", 400);
    await fails("CreateDeploymentSet", { Description: "http://nope" }, "InvalidDescription.Malformed", 400);
    await fails("CreateDeploymentSet", { DeploymentSetName: "-x" }, "InvalidParameter", 400);
    expect((await ok("DescribeDeploymentSets", { Strategy: "AvailabilityGroup" })).TotalCount).toBe(1);
  });

  it("modifies name and description under both action names", async () => {
    const id = (await ok("CreateDeploymentSet", {})).DeploymentSetId;
    await ok("ModifyDeploymentSetAttribute", { DeploymentSetId: id, DeploymentSetName: "renamed" });
    await ok("ModifyDeploymentSetAttributes", { DeploymentSetId: id, Description: "described" });
    expect(await describeOne(id)).toMatchObject({ DeploymentSetName: "renamed", DeploymentSetDescription: "described" });
    await fails("ModifyDeploymentSetAttribute", { DeploymentSetId: "ds-missing", DeploymentSetName: "x1" }, "InvalidDeploymentSetId.NotFound", 404);
    await fails("ModifyDeploymentSetAttribute", {}, "MissingParameter", 400);
  });

  it("counts member instances and refuses deletion until they are released", async () => {
    const id = (await ok("CreateDeploymentSet", {})).DeploymentSetId;
    const sg = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    const run = await ok("RunInstances", {
      ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd",
      InstanceType: "ecs.g7.large",
      ZoneId: `${REGION}-h`,
      SecurityGroupId: sg,
      DeploymentSetId: id,
      Amount: 2,
    });
    const members: string[] = run.InstanceIdSets.InstanceIdSet;
    const described = await describeOne(id);
    expect(described.InstanceAmount).toBe(2);
    expect([...described.InstanceIds.InstanceId].sort()).toEqual([...members].sort());
    expect(described.Capacities.Capacity.find((c: { ZoneId: string }) => c.ZoneId === `${REGION}-h`)).toMatchObject({ UsedAmount: 2, AvailableAmount: 18 });
    const msg = await fails("DeleteDeploymentSet", { DeploymentSetId: id }, "DependencyViolation.NotEmpty", 403);
    expect(msg).toContain(members[0]);
    for (const m of members) await ok("DeleteInstance", { InstanceId: m, Force: true });
    await suite.emu.admin.advanceClock(600_000);
    await ok("DeleteDeploymentSet", { DeploymentSetId: id });
    expect((await ok("DescribeDeploymentSets", {})).TotalCount).toBe(0);
    await fails("DeleteDeploymentSet", { DeploymentSetId: id }, "InvalidDeploymentSetId.NotFound", 404);
  });

  it("answers one code for a missing set in every action that names one (InvalidDeploymentSetId.NotFound, 404)", async () => {
    const sg = (await ok("CreateSecurityGroup", {})).SecurityGroupId;
    const missing = { DeploymentSetId: "ds-missing" };
    await fails("RunInstances", { ImageId: "aliyun_3_x64_20G_alibase_20240528.vhd", InstanceType: "ecs.g7.large", ZoneId: `${REGION}-h`, SecurityGroupId: sg, ...missing }, "InvalidDeploymentSetId.NotFound", 404);
    await fails("ModifyDeploymentSetAttribute", { ...missing, DeploymentSetName: "x1" }, "InvalidDeploymentSetId.NotFound", 404);
    await fails("ModifyDeploymentSetAttributes", { ...missing, DeploymentSetName: "x1" }, "InvalidDeploymentSetId.NotFound", 404);
    await fails("DeleteDeploymentSet", missing, "InvalidDeploymentSetId.NotFound", 404);
    // Describe filters: an unknown id simply matches nothing.
    expect((await ok("DescribeDeploymentSets", { DeploymentSetIds: JSON.stringify(["ds-missing"]) })).TotalCount).toBe(0);
  });

  it("filters by ids and name and pages up to 100", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await ok("CreateDeploymentSet", { DeploymentSetName: `set-${i}` })).DeploymentSetId);
    expect((await ok("DescribeDeploymentSets", { DeploymentSetIds: JSON.stringify(ids.slice(1, 3)) })).TotalCount).toBe(2);
    expect((await ok("DescribeDeploymentSets", { DeploymentSetName: "set-4" })).DeploymentSets.DeploymentSet[0].DeploymentSetId).toBe(ids[4]);
    const page = await ok("DescribeDeploymentSets", { PageSize: 2, PageNumber: 3 });
    expect(page).toMatchObject({ TotalCount: 5, PageNumber: 3, PageSize: 2 });
    expect(page.DeploymentSets.DeploymentSet.map((s: { DeploymentSetId: string }) => s.DeploymentSetId)).toEqual([ids[4]]);
    expect((await ok("DescribeDeploymentSets", { PageSize: 100 })).PageSize).toBe(100);
    await fails("DescribeDeploymentSets", { PageSize: 101 }, "InvalidParameter", 400);
  });
});
