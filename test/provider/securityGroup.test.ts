/** SecurityGroup through its provider object, against the emulator over HTTP. */
import { providerFor } from "../../provider";
import { securityGroupSpec } from "../../provider/resources/securityGroup/spec";
import { IMAGE, interruptBeforeRecorded, providerSuite, REGION, ZONE, type Bag, failureAt, namesPropertyOnce, failurePath, withoutCatalogChecks, newProviderProcess } from "./harness";
import { inVirtualTime, ManualClock } from "./manualClock";

const p = providerFor("SecurityGroup");
const { h, checked } = providerSuite(p);
let vpcId: string;
beforeAll(async () => {
  const vpcs = await h.client.call<{ Vpcs: { Vpc: { VpcId: string }[] } }>("DescribeVpcs", { RegionId: REGION });
  vpcId = vpcs.Vpcs.Vpc[0]!.VpcId;
});

interface Permission {
  Direction: string;
  IpProtocol: string;
  PortRange: string;
  SourceCidrIp: string;
  DestCidrIp: string;
  Description: string;
}
async function permissions(id: string): Promise<Permission[]> {
  const res = await h.client.call<{ Permissions: { Permission: Permission[] } }>("DescribeSecurityGroupAttribute", { RegionId: REGION, SecurityGroupId: id, Direction: "all" });
  return res.Permissions.Permission;
}
const summary = (perms: Permission[]): string[] => perms.map((r) => `${r.Direction} ${r.IpProtocol.toLowerCase()} ${r.PortRange} ${r.SourceCidrIp || r.DestCidrIp}`).sort();

const ssh = { ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "10.0.0.0/8", description: "ssh" };
const web = { ipProtocol: "tcp", portRange: "443", sourceCidrIp: "0.0.0.0/0" };
const ping = { ipProtocol: "icmp", sourceCidrIp: "192.168.0.0/16", policy: "drop", priority: 5 };
const out = { ipProtocol: "all", destCidrIp: "0.0.0.0/0" };

test("lifecycle: create with rules → no diff → in-place updates → replace → drift → delete → gone", async () => {
  const base = { vpcId, securityGroupName: "web-sg", description: "web tier", ingress: [ssh, web, ping], egress: [out], tags: { env: "test" } };
  const inputs = await checked("web", base);
  expect(inputs.innerAccessPolicy).toBe("Accept"); // schema default
  const created = await p.create(inputs);
  const outs = created.outs as Bag;
  expect(created.id).toMatch(/^sg-/);
  expect(outs).toMatchObject({ securityGroupId: created.id, vpcId, securityGroupName: "web-sg", description: "web tier", innerAccessPolicy: "Accept", tags: { env: "test" } });
  // one Authorize per rule, one attribute read to read them all back
  expect(h.calls("AuthorizeSecurityGroup")).toBe(3);
  expect(h.calls("AuthorizeSecurityGroupEgress")).toBe(1);
  expect(h.calls("DescribeSecurityGroupAttribute")).toBe(1);
  expect(summary(await permissions(created.id))).toEqual(["egress all -1/-1 0.0.0.0/0", "ingress icmp -1/-1 192.168.0.0/16", "ingress tcp 22/22 10.0.0.0/8", "ingress tcp 443/443 0.0.0.0/0"]);

  // read → no diff, and the read inputs reproduce the program (import)
  const read = await p.read!(created.id, outs);
  expect((await p.diff!(created.id, read.props, inputs)).changes).toBe(false);
  const imported = await p.read!(created.id, {} as never);
  expect((await p.diff!(created.id, imported.props, inputs)).changes).toBe(false);
  expect(await p.check!({}, { ...(imported.inputs as Bag), __ecsName: "web", __ecsScope: "test/dev" })).toMatchObject({ failures: [] });

  // name, description, policy, tags in place
  h.emulator.admin.resetCallCounts();
  const next = await checked("web", { ...base, securityGroupName: "web-sg-2", description: "web tier, renamed", innerAccessPolicy: "Drop", tags: { env: "prod" } }, inputs);
  expect(await p.diff!(created.id, read.props, next)).toMatchObject({ changes: true, replaces: [] });
  const up = (await p.update!(created.id, read.props, next)).outs as Bag;
  expect(up).toMatchObject({ securityGroupName: "web-sg-2", description: "web tier, renamed", innerAccessPolicy: "Drop", tags: { env: "prod" } });
  expect(h.calls("AuthorizeSecurityGroup") + h.calls("RevokeSecurityGroup")).toBe(0);

  // a changed VPC replaces
  const moved = await withoutCatalogChecks(() => checked("web", { ...base, vpcId: "vpc-elsewhere" }));
  expect((await p.diff!(created.id, up, moved)).replaces).toEqual(["vpcId"]);

  // drift: renamed out of band → refresh reports it → diff shows it
  expect(h.emulator.admin.modifyResource("securitygroup", created.id, { name: "renamed-by-hand" })).toBe(true);
  const drifted = await p.read!(created.id, up);
  expect((drifted.props as Bag).securityGroupName).toBe("renamed-by-hand");
  expect(await p.diff!(created.id, drifted.props, next)).toMatchObject({ changes: true, replaces: [] });

  // delete → gone; a second delete is fine
  await p.delete!(created.id, up);
  expect(await p.read!(created.id, up)).toEqual({});
  await p.delete!(created.id, up);
});

test("rules are a set: reorder and respell is no diff; add one, remove one touches only those", async () => {
  const inputs = await checked("set", { vpcId, ingress: [ssh, web], egress: [out] });
  const created = await p.create(inputs);
  const outs = created.outs as Bag;

  // reordered, "22" for "22/22", upper case, explicit defaults, a bare address for /32
  const respelled = await checked("set", {
    vpcId,
    ingress: [
      { ipProtocol: "TCP", portRange: "443/443", sourceCidrIp: "0.0.0.0/0", policy: "Accept", priority: 1, nicType: "intranet" },
      { ...ssh, portRange: "22" },
    ],
    egress: [{ ...out, portRange: "-1/-1" }],
  });
  expect((await p.diff!(created.id, outs, respelled)).changes).toBe(false);

  // add one, remove one
  h.emulator.admin.resetCallCounts();
  const changed = await checked("set", { vpcId, ingress: [ssh, { ipProtocol: "udp", portRange: "53/53", sourceCidrIp: "10.1.2.3" }], egress: [out] }, inputs);
  expect(await p.diff!(created.id, outs, changed)).toMatchObject({ changes: true, replaces: [] });
  const up = (await p.update!(created.id, outs, changed)).outs as Bag;
  expect(h.calls("AuthorizeSecurityGroup")).toBe(1);
  expect(h.calls("RevokeSecurityGroup")).toBe(1);
  expect(h.calls("AuthorizeSecurityGroupEgress") + h.calls("RevokeSecurityGroupEgress")).toBe(0);
  expect(h.calls("DescribeSecurityGroupAttribute")).toBe(1);
  expect(summary(await permissions(created.id))).toEqual(["egress all -1/-1 0.0.0.0/0", "ingress tcp 22/22 10.0.0.0/8", "ingress udp 53/53 10.1.2.3/32"]);
  expect((await p.diff!(created.id, up, changed)).changes).toBe(false);

  // a description-only change edits the rule in place (no revoke, no window without the rule)
  h.emulator.admin.resetCallCounts();
  const redescribed = await checked("set", { vpcId, ingress: [{ ...ssh, description: "ssh from the office" }, { ipProtocol: "udp", portRange: "53/53", sourceCidrIp: "10.1.2.3" }], egress: [out] }, changed);
  const up2 = (await p.update!(created.id, up, redescribed)).outs as Bag;
  expect(h.calls("ModifySecurityGroupRule")).toBe(1);
  expect(h.calls("RevokeSecurityGroup") + h.calls("AuthorizeSecurityGroup")).toBe(0);
  expect((await permissions(created.id)).find((r) => r.PortRange === "22/22")?.Description).toBe("ssh from the office");

  // a rule added out of band shows as drift on refresh and the next update revokes only it
  await h.client.call("AuthorizeSecurityGroup", { RegionId: REGION, SecurityGroupId: created.id, IpProtocol: "tcp", PortRange: "3389/3389", SourceCidrIp: "0.0.0.0/0" });
  const refreshed = await p.read!(created.id, up2);
  expect((refreshed.props as { ingress: Bag[] }).ingress).toContainEqual(expect.objectContaining({ portRange: "3389/3389", sourceCidrIp: "0.0.0.0/0" }));
  expect(await p.diff!(created.id, refreshed.props, redescribed)).toMatchObject({ changes: true, replaces: [] });
  h.emulator.admin.resetCallCounts();
  await p.update!(created.id, refreshed.props, redescribed);
  expect(h.calls("RevokeSecurityGroup")).toBe(1);
  expect(h.calls("AuthorizeSecurityGroup")).toBe(0);
  expect((await permissions(created.id)).some((r) => r.PortRange === "3389/3389")).toBe(false);

  await p.delete!(created.id, up2);
});

test("delete retries DependencyViolation while a member instance is released, then succeeds", async () => {
  const created = await p.create(await checked("busy", { vpcId }));
  const run = await h.client.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", { RegionId: REGION, ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: created.id, ZoneId: ZONE });
  const instanceId = run.InstanceIdSets.InstanceIdSet[0]!;
  h.emulator.admin.resetCallCounts();
  const clock = new ManualClock(h.emulator);
  const undo = clock.install();
  try {
    const deleting = p.delete!(created.id, { ...(created.outs as Bag), timeouts: { delete: "60s" } } as never);
    // Each refusal makes the loop sleep on the poller's clock: let it meet the member twice, then release the instance.
    await clock.timerSet();
    clock.fireNext();
    await clock.timerSet();
    expect(h.calls("DeleteSecurityGroup")).toBe(2);
    await h.client.call("DeleteInstance", { RegionId: REGION, InstanceId: instanceId, Force: true });
    await clock.run(deleting);
  } finally {
    undo();
  }
  expect(h.calls("DeleteSecurityGroup")).toBe(3);
  expect(await p.read!(created.id, created.outs)).toEqual({});
});

test("delete gives up at the delete deadline with a clear error naming the member", async () => {
  const created = await p.create(await checked("stuck", { vpcId }));
  const run = await h.client.call<{ InstanceIdSets: { InstanceIdSet: string[] } }>("RunInstances", { RegionId: REGION, ImageId: IMAGE, InstanceType: "ecs.g7.large", SecurityGroupId: created.id, ZoneId: ZONE });
  const instanceId = run.InstanceIdSets.InstanceIdSet[0]!;
  h.emulator.admin.resetCallCounts();
  // However few attempts fit before the deadline (machine load decides), the loop ends on the
  // DependencyViolation answer: the message is always the clear one, and it counts the attempts.
  const err = await inVirtualTime(h.emulator, () =>
    p.delete!(created.id, { ...(created.outs as Bag), timeouts: { delete: "1s" } } as never).then(
      () => undefined,
      (e: Error) => e,
    ),
  );
  expect(err?.message).toMatch(/still in use/);
  expect(err?.message).toContain("DependencyViolation");
  expect(err?.message).toContain(instanceId);
  expect(err?.message).toMatch(/RequestId [0-9A-F-]{8,}/i);
  expect(err?.message).toContain(`${h.calls("DeleteSecurityGroup")} attempt(s)`);
  await h.client.call("DeleteInstance", { RegionId: REGION, InstanceId: instanceId, Force: true });
  await p.delete!(created.id, created.outs);
});

test("create under faults: retried through 503, throttling, a dropped connection and brief invisibility — one group", async () => {
  const countGroups = async (name: string) =>
    (await h.client.call<{ SecurityGroups: { SecurityGroup: { SecurityGroupName: string }[] } }>("DescribeSecurityGroups", { RegionId: REGION, PageSize: 50 })).SecurityGroups.SecurityGroup.filter(
      (g) => g.SecurityGroupName === name,
    ).length;
  h.emulator.admin.injectFault({ type: "unavailable", action: "CreateSecurityGroup", count: 1 });
  h.emulator.admin.injectFault({ type: "drop", action: "CreateSecurityGroup", count: 1 });
  h.emulator.admin.injectFault({ type: "invisible", action: "CreateSecurityGroup", count: 1, invisibleMs: 300 });
  h.emulator.admin.injectFault({ type: "throttling", action: "AuthorizeSecurityGroup", count: 2, retryAfterMs: 5 });
  const inputs = await checked("flaky", { vpcId, securityGroupName: "flaky-sg", ingress: [ssh, web] });
  // Virtual time: the brief invisibility and the visibility grace pass without waiting on the wall clock.
  const created = await inVirtualTime(h.emulator, () => p.create(inputs));
  expect(await countGroups("flaky-sg")).toBe(1);
  expect((created.outs as { ingress: unknown[] }).ingress).toHaveLength(2);

  // a run that died before the state recorded the group, re-run (a new provider process): it adopts
  // the group by its ownership tag, still marked "creating"
  await interruptBeforeRecorded(h.client, securityGroupSpec, created.id, inputs);
  newProviderProcess();
  expect((await inVirtualTime(h.emulator, () => p.create(inputs))).id).toBe(created.id);
  expect(await countGroups("flaky-sg")).toBe(1);

  // after a destroy, the same inputs make a fresh group, not the deleted one
  await p.delete!(created.id, created.outs);
  const again = await inVirtualTime(h.emulator, () => p.create(inputs));
  expect(again.id).not.toBe(created.id);
  expect(await countGroups("flaky-sg")).toBe(1);
  await p.delete!(again.id, again.outs);
});

test("check names the property and the rule, and makes no API call", async () => {
  h.emulator.admin.resetCallCounts();
  const res = await p.check!({}, h.inputs("bad", {
    vpcId,
    securityGroupName: "1-starts-with-a-digit",
    innerAccessPolicy: "Maybe",
    ingress: [
      { ipProtocol: "sctp", portRange: "1/2", sourceCidrIp: "0.0.0.0/0" },
      { ipProtocol: "tcp", portRange: "200/1", sourceCidrIp: "0.0.0.0/0" },
      { ipProtocol: "tcp", portRange: "1/65536", sourceCidrIp: "0.0.0.0/0" },
      { ipProtocol: "icmp", portRange: "22/22", sourceCidrIp: "0.0.0.0/0" },
      { ipProtocol: "tcp", portRange: "80", sourceCidrIp: "10.0.0.0/33" },
      { ipProtocol: "tcp", portRange: "81", sourceCidrIp: "2001:db8::/32" },
      { ipProtocol: "tcp", portRange: "82", sourceCidrIp: "0.0.0.0/0", priority: 101 },
      { ipProtocol: "tcp", portRange: "83" },
      { ipProtocol: "tcp", portRange: "84", sourceCidrIp: "0.0.0.0/0", nicType: "internet" },
      { ipProtocol: "tcp", portRange: "85", sourceCidrIp: "0.0.0.0/0", policy: "allow" },
      { ipProtocol: "tcp", portRange: "22/22", sourceCidrIp: "10.0.0.0/8" },
      { ipProtocol: "tcp", portRange: "22", sourceCidrIp: "10.0.0.0/8", description: "same rule" },
    ],
  }));
  const props = (res.failures ?? []).map(failurePath);
  expect(props).toEqual([
    "securityGroupName",
    "innerAccessPolicy",
    "ingress[0].ipProtocol",
    "ingress[1].portRange",
    "ingress[2].portRange",
    "ingress[3].portRange",
    "ingress[4].sourceCidrIp",
    "ingress[5].sourceCidrIp",
    "ingress[6].priority",
    "ingress[7].sourceCidrIp",
    "ingress[8].nicType",
    "ingress[9].policy",
    "ingress[11]",
  ]);
  for (const f of res.failures ?? []) expect(namesPropertyOnce(f)).toBe(true);
  expect(failureAt(res.failures, "ingress[5].sourceCidrIp")?.reason).toMatch(/IPv4/);
  expect(failureAt(res.failures, "ingress[6].priority")?.reason).toMatch(/1 to 100/);
  // unknown values during preview are not validated
  const preview = await p.check!({}, h.inputs("preview", { vpcId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", ingress: [{ ipProtocol: "tcp", portRange: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", sourceCidrIp: "0.0.0.0/0" }] }));
  expect(preview.failures).toEqual([]);
  expect(Object.values(h.emulator.admin.callCounts()).reduce((a, b) => a + b, 0)).toBe(0);
});
