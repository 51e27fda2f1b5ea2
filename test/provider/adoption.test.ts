/** The `import` option as the provider sees it (provider/adoption): a create carrying
 *  `__ecsImport` adopts the existing SecurityGroup, with reads only, and only when the program
 *  declares what exists. Through the real CLI: test/e2e/import.test.ts. */
import { defaultVpcId } from "../../emulator/catalog";
import { providerFor } from "../../provider";
import { UNKNOWN } from "../../provider/spec/unknown";
import { providerSuite, REGION, type Bag } from "./harness";

const p = providerFor("SecurityGroup");
const { h, checked } = providerSuite(p);
const OTHER = "cn-shanghai";

const WRITES = ["CreateSecurityGroup", "AuthorizeSecurityGroup", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroup", "ModifySecurityGroupAttribute", "ModifySecurityGroupPolicy", "TagResources", "DeleteSecurityGroup"];
const writes = (): Record<string, number> => Object.fromEntries(WRITES.map((a) => [a, h.calls(a)]).filter(([, n]) => n !== 0));

const program = { securityGroupName: "legacy-web", description: "made by hand", ingress: [{ ipProtocol: "tcp", portRange: "80", sourceCidrIp: "0.0.0.0/0" }], tags: { team: "web" } };

/** A group made outside Pulumi in the region's default VPC, with one rule and one tag. */
async function existingGroup(region = REGION): Promise<string> {
  const { SecurityGroupId: id } = await h.client.call<{ SecurityGroupId: string }>("CreateSecurityGroup", {
    RegionId: region,
    VpcId: defaultVpcId(region),
    SecurityGroupName: "legacy-web",
    Description: "made by hand",
    "Tag.1.Key": "team",
    "Tag.1.Value": "web",
  });
  await h.client.call("AuthorizeSecurityGroup", { RegionId: region, SecurityGroupId: id, IpProtocol: "tcp", PortRange: "80/80", SourceCidrIp: "0.0.0.0/0" });
  h.emulator.admin.resetCallCounts();
  return id;
}

test("a program that declares what exists adopts it: the existing id, no write call, then no diff", async () => {
  const id = await existingGroup();
  const inputs = await checked("legacy", { ...program, __ecsImport: id });
  const created = await p.create(inputs);
  expect(created.id).toBe(id);
  expect(created.outs).toMatchObject({ securityGroupId: id, region: REGION, securityGroupName: "legacy-web", description: "made by hand", tags: { team: "web" } });
  expect(writes()).toEqual({});
  expect(await p.diff!(id, created.outs, inputs)).toMatchObject({ changes: false, replaces: [] });
  // Refresh after adoption reads back the program's spelling: nothing to change either.
  const refreshed = await p.read!(id, created.outs);
  expect(await p.diff!(id, refreshed.props, inputs)).toMatchObject({ changes: false });
});

test("a program that differs fails check with one failure per property, and create with the list; nothing is changed", async () => {
  const id = await existingGroup();
  const differing = { ...program, description: "the web tier", ingress: [...program.ingress, { ipProtocol: "tcp", portRange: "22", sourceCidrIp: "10.0.0.0/8" }], __ecsImport: id };
  const res = await p.check!({}, h.inputs("legacy", differing));
  expect(res.failures?.map((f) => f.property).sort()).toEqual(["description", "ingress"]);
  expect(res.failures?.find((f) => f.property === "description")?.reason).toBe(
    `differs from the existing SecurityGroup ${id} in ${REGION} (the import option), which has "made by hand"`,
  );
  // create compares again (the resource may have changed since the preview) and refuses.
  await expect(p.create(res.inputs as Bag)).rejects.toThrow(
    new RegExp(`^SecurityGroup "legacy": the program's inputs do not match the existing SecurityGroup ${id} in ${REGION}, so it was not imported and nothing was changed\\. Differences: description: program "the web tier", existing "made by hand"; ingress: program .*22.*`),
  );
  expect(writes()).toEqual({});
});

test("an omitted property the group has (its tags) is a difference: an update would remove them", async () => {
  const id = await existingGroup();
  const { tags: _omitted, ...untagged } = program;
  const res = await p.check!({}, h.inputs("legacy", { ...untagged, __ecsImport: id }));
  expect(res.failures?.map((f) => f.property)).toEqual(["tags"]);
});

test("values unknown at preview are compared at create, when they are known", async () => {
  const id = await existingGroup();
  const res = await p.check!({}, h.inputs("legacy", { ...program, description: UNKNOWN, __ecsImport: id }));
  expect(res.failures).toEqual([]);
  const unknownId = await p.check!({}, h.inputs("legacy", { ...program, __ecsImport: UNKNOWN }));
  expect(unknownId.failures).toEqual([]);
  expect(h.calls("DescribeSecurityGroupAttribute")).toBe(1); // only the known id was read
});

test("an id that does not exist fails check and create, naming the region", async () => {
  const res = await p.check!({}, h.inputs("legacy", { ...program, __ecsImport: "sg-doesnotexist00000" }));
  expect(res.failures).toEqual([
    { property: "", reason: `SecurityGroup "legacy": the import option names SecurityGroup sg-doesnotexist00000 in ${REGION}, which does not exist (an id of another region is written <region>/<id>)` },
  ]);
  await expect(p.create(res.inputs as Bag)).rejects.toThrow(/sg-doesnotexist00000 in cn-hangzhou, which does not exist/);
});

test("<region>/<id> adopts from that region and records it; an explicit other region is refused", async () => {
  const id = await existingGroup(OTHER);
  const inputs = await checked("far", { ...program, __ecsImport: `${OTHER}/${id}` });
  expect(inputs.region).toBe(OTHER);
  const created = await p.create(inputs);
  expect(created.id).toBe(id);
  expect(created.outs).toMatchObject({ region: OTHER, securityGroupId: id });
  expect(await p.diff!(id, created.outs, inputs)).toMatchObject({ changes: false });

  const res = await p.check!({}, h.inputs("far", { ...program, region: REGION, __ecsImport: `${OTHER}/${id}` }));
  expect(res.failures).toEqual([{ property: "region", reason: `is ${REGION}, but the import option ${OTHER}/${id} names a resource in ${OTHER}` }]);
});

test("while the import option stays: in-place changes apply, a replacement or another id is refused", async () => {
  const id = await existingGroup();
  const inputs = await checked("legacy", { ...program, __ecsImport: id });
  const { outs } = await p.create(inputs);
  const renamed = await checked("legacy", { ...program, description: "the web tier", __ecsImport: id }, inputs);
  expect(await p.diff!(id, outs, renamed)).toMatchObject({ changes: true, replaces: [] });

  const moved = await checked("legacy", { ...program, region: OTHER, __ecsImport: id }, inputs);
  await expect(p.diff!(id, outs, moved)).rejects.toThrow(
    `SecurityGroup "legacy": a change of region replaces the resource, which the import option forbids: the replacement would delete the imported ${id}. Remove the import option from the program first (it is only needed until the first successful update)`,
  );
  await expect(p.diff!(id, outs, { ...inputs, __ecsImport: "sg-another000000000000" })).rejects.toThrow(/the stack already holds sg-\w+, but the import option names sg-another000000000000/);
  // Without the option the same replacement is an ordinary one.
  const { __ecsImport: _dropped, ...plain } = moved;
  expect(await p.diff!(id, outs, plain)).toMatchObject({ replaces: ["region"] });
});
