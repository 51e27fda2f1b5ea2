/** `pulumi import` gives read only an id: "<region>/<id>" imports from any region, and the
 *  inputs ECS cannot report (a password, a deployment set's redeploy fallback) never turn an import
 *  into a replace. */
import { providerFor } from "../../provider";
import { IMAGE, providerSuite, REGION, type Bag } from "./harness";

const p = providerFor("Instance");
const { h, checked } = providerSuite(p);
const OTHER = "cn-shanghai"; // not the harness's default region (cn-hangzhou)

async function securityGroupIn(region: string): Promise<string> {
  const vpcs = await h.client.call<{ Vpcs: { Vpc: { VpcId: string }[] } }>("DescribeVpcs", { RegionId: region });
  const res = await h.client.call<{ SecurityGroupId: string }>("CreateSecurityGroup", { RegionId: region, VpcId: vpcs.Vpcs.Vpc[0].VpcId, SecurityGroupName: "import-sg" });
  return res.SecurityGroupId;
}

test("an Instance in another region imports with <region>/<id>: the id is bare, the region recorded, no diff", async () => {
  const sg = await securityGroupIn(OTHER);
  const program = { region: OTHER, zoneId: `${OTHER}-e`, imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg], instanceName: "far-away" };
  const created = await p.create(await checked("far", program));

  // The bare id asks the default region, where the instance is not.
  expect(REGION).not.toBe(OTHER);
  expect(await p.read!(created.id, {} as never)).toEqual({});

  const imported = await p.read!(`${OTHER}/${created.id}`, {} as never);
  expect(imported.id).toBe(created.id);
  expect(imported.props).toMatchObject({ instanceId: created.id, region: OTHER, instanceName: "far-away" });
  expect(imported.inputs).toMatchObject({ region: OTHER, zoneId: `${OTHER}-e` });
  expect(await p.diff!(created.id, imported.props, await checked("far", program))).toMatchObject({ changes: false, replaces: [] });
  await p.delete!(created.id, imported.props as Bag as never);
});

test("a DeploymentSet in another region imports with <region>/<id> too", async () => {
  const ds = providerFor("DeploymentSet");
  const program = { region: OTHER, deploymentSetName: "far-set", onUnableToRedeployFailedInstance: "KeepStopped" };
  const inputs = (await ds.check!({}, h.inputs("far-set", program))).inputs as Bag;
  const created = await ds.create(inputs);
  expect(await ds.read!(created.id, {} as never)).toEqual({});
  const imported = await ds.read!(`${OTHER}/${created.id}`, {} as never);
  expect(imported.id).toBe(created.id);
  expect(imported.props).toMatchObject({ deploymentSetId: created.id, region: OTHER, deploymentSetName: "far-set" });
  // ECS never reports onUnableToRedeployFailedInstance: the program's KeepStopped is recorded in place, not a replace.
  expect(await ds.diff!(created.id, imported.props, inputs)).toMatchObject({ changes: true, replaces: [] });
  await ds.delete!(created.id, imported.props as never);
});

test("import knows the user data (DescribeUserData); a stated password is an in-place update, no stop, no replace", async () => {
  const sg = await h.securityGroup();
  const base = { imageId: IMAGE, instanceType: "ecs.g7.large", securityGroupIds: [sg], instanceName: "adopted" };
  const created = await p.create(await checked("adopted", { ...base, userData: "#!/bin/sh\necho hi\n", password: "Passw0rd!x" }));

  const imported = await p.read!(`${REGION}/${created.id}`, {} as never);
  expect(imported.inputs).toMatchObject({ userData: "#!/bin/sh\necho hi\n" });
  // Passwords are write-only: ECS never reports them.
  expect(imported.inputs).not.toHaveProperty("password");
  const withUserData = await checked("adopted", { ...base, userData: "#!/bin/sh\necho hi\n" });
  expect((await p.diff!(created.id, imported.props, withUserData)).changes).toBe(false);

  // Stating the password is an in-place update that sets it, and does not need stopForUpdate.
  const program = await checked("adopted", { ...base, userData: "#!/bin/sh\necho hi\n", password: "Passw0rd!x" });
  expect(await p.diff!(created.id, imported.props, program)).toMatchObject({ changes: true, replaces: [] });
  h.emulator.admin.resetCallCounts();
  const up = (await p.update!(created.id, imported.props, program)).outs as Bag;
  expect(h.calls("StopInstance")).toBe(0);
  expect(h.calls("ModifyInstanceAttribute")).toBe(1);
  expect(up).toMatchObject({ status: "Running", userData: "#!/bin/sh\necho hi\n", password: "Passw0rd!x" });
  expect((await p.diff!(created.id, up, program)).changes).toBe(false);

  // Another user data than the instance has is a real change (and needs stopForUpdate), imported or not.
  const changed = await checked("adopted", { ...base, userData: "#!/bin/sh\necho bye\n", password: "Passw0rd!x" });
  await expect(p.diff!(created.id, imported.props, changed)).rejects.toThrow(/userData needs the instance stopped: set stopForUpdate/);
  await expect(p.diff!(created.id, up, changed)).rejects.toThrow(/userData needs the instance stopped: set stopForUpdate/);
  await p.delete!(created.id, up as never);
});
