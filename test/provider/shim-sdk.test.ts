/** The sdk classes register what the engine needs: the dynamic type token, every output, the
 *  hidden identity inputs, secret password input and output, and the shim as __provider. */
import * as pulumi from "@pulumi/pulumi";
import { shimSource } from "../../provider/shim";
import { DeploymentSet, Disk, Instance, KeyPair, LaunchTemplate, SecurityGroup } from "../../sdk";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}
const registered: Registered[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs as Record<string, unknown> });
        return { id: `${args.name}-id`, state: { ...args.inputs, instanceId: `${args.name}-id`, status: "Running" } };
      },
      call: () => ({}),
    },
    "proj",
    "dev",
  );
});

/** Output.promise() is internal but typed loosely; it resolves even for values apply skips. */
const value = <T>(o: pulumi.Output<T>): Promise<T> => (o as unknown as { promise(): Promise<T> }).promise();

test("Instance registers as pulumi-nodejs:dynamic/alicloud-ecs:Instance with the shim and identity", async () => {
  const web = new Instance("web", { imageId: "img", instanceType: "ecs.g7.large", securityGroupIds: ["sg-1"], password: "Passw0rd!x" });
  expect(await value(web.urn)).toBe("urn:pulumi:dev::proj::pulumi-nodejs:dynamic/alicloud-ecs:Instance::web");
  expect(await value(web.instanceId)).toBe("web-id");
  expect(await value(web.status)).toBe("Running");
  const reg = registered.find((r) => r.name === "web")!;
  expect(reg.type).toBe("pulumi-nodejs:dynamic/alicloud-ecs:Instance");
  expect(reg.inputs).toMatchObject({ imageId: "img", __ecsName: "web", __ecsScope: "proj/dev" });
  expect(reg.inputs.__provider).toBe(shimSource("Instance"));
  expect(Buffer.byteLength(String(reg.inputs.__provider))).toBeLessThan(1024);
  expect(pulumi.Output.isInstance(web.password)).toBe(true);
  expect(await pulumi.isSecret(web.password)).toBe(true);
});

test("Disk registers its type and exposes its outputs", async () => {
  const d = new Disk("data", { zoneId: "cn-hangzhou-h", size: 20 });
  expect(await value(d.urn)).toBe("urn:pulumi:dev::proj::pulumi-nodejs:dynamic/alicloud-ecs:Disk::data");
  expect(registered.find((r) => r.name === "data")?.type).toBe("pulumi-nodejs:dynamic/alicloud-ecs:Disk");
  expect(await value(d.size)).toBe(20);
});

test("every resource under a parent is identified by the parent's URN (names are unique only under one parent)", async () => {
  const parent = new Disk("parent-disk", { zoneId: "cn-hangzhou-h", size: 20 });
  const children = [
    new SecurityGroup("child-sg", { vpcId: "vpc-1" }, { parent }),
    new KeyPair("child-kp", { keyPairName: "kp" }, { parent }),
    new LaunchTemplate("child-lt", { launchTemplateName: "lt" }, { parent }),
    new DeploymentSet("child-ds", {}, { parent }),
  ];
  const parentUrn = await value(parent.urn);
  await Promise.all(children.map((c) => value(c.urn)));
  for (const name of ["child-sg", "child-kp", "child-lt", "child-ds"]) {
    expect(registered.find((r) => r.name === name)?.inputs).toMatchObject({ __ecsName: name, __ecsScope: parentUrn });
  }
});

test("registration runs without per-promise stack traces and restores the limit; PULUMI_DEBUG_PROMISE_LEAKS keeps them", async () => {
  const seen: number[] = [];
  const limit = Error.stackTraceLimit;
  // A transformation runs inside the registration, where @pulumi/pulumi records its promises' stacks.
  const spy: pulumi.ResourceTransformation = () => {
    seen.push(Error.stackTraceLimit);
    return undefined;
  };
  new Disk("quiet", { zoneId: "cn-hangzhou-h", size: 20 }, { transformations: [spy] });
  expect(Error.stackTraceLimit).toBe(limit);
  process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
  try {
    new Disk("loud", { zoneId: "cn-hangzhou-h", size: 20 }, { transformations: [spy] });
  } finally {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  }
  expect(seen).toEqual([0, limit]);
});
