import { canonicalJson, clientToken } from "../../provider/client";

describe("clientToken", () => {
  it("is stable, ASCII and at most 64 characters", () => {
    const t = clientToken("urn:pulumi:dev::web::alicloud-ecs:Instance::web", { InstanceType: "ecs.g7.large", ZoneId: "cn-hangzhou-h" });
    expect(t).toBe(clientToken("urn:pulumi:dev::web::alicloud-ecs:Instance::web", { ZoneId: "cn-hangzhou-h", InstanceType: "ecs.g7.large" }));
    expect(t.length).toBeLessThanOrEqual(64);
    expect(t).toMatch(/^[\x21-\x7e]+$/);
    expect(t).toMatch(/^pulumi-[0-9a-f]{40}$/);
  });

  it("changes when any input changes", () => {
    const base = clientToken("urn", { a: 1, tags: [{ k: "x" }] });
    expect(clientToken("urn", { a: 2, tags: [{ k: "x" }] })).not.toBe(base);
    expect(clientToken("urn", { a: 1, tags: [{ k: "y" }] })).not.toBe(base);
    expect(clientToken("urn2", { a: 1, tags: [{ k: "x" }] })).not.toBe(base);
    expect(clientToken("urn", { a: 1 }, "retry-1")).not.toBe(clientToken("urn", { a: 1 }));
  });

  it("canonical JSON sorts keys at every depth and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: undefined, b: null } })).toBe('{"a":{"b":null,"d":[2,1]},"b":1}');
  });
});
