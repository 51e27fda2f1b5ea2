/** XML answers carry the same data as JSON ones, lists in their wrappers: <Instances><Instance>…</Instance>
 *  <Instance>…</Instance></Instances>, one element per item whatever the count, an empty wrapper for an
 *  empty list. Each Describe answer is fetched in both formats and compared field by field. */
import { XMLParser } from "fast-xml-parser";
import { jsonArray, type Params } from "../../provider/client/params";
import { buildFixture, REGION, ZONE, type Fixture } from "./fidelity/world";
import { callV1 } from "./helpers";

let fx: Fixture;
beforeAll(async () => {
  fx = await buildFixture();
}, 60_000);
afterAll(() => fx?.emu.close());

/** The paths (as the XML parser names them: Root.Instances.Instance) of every list in a JSON answer. */
function listPaths(value: unknown, path: string, out: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    out.add(path);
    for (const item of value) listPaths(item, path, out);
  } else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) listPaths(v, `${path}.${k}`, out);
  return out;
}

/** What XML can say of a JSON value: text for scalars, no element for an empty list, "" for an element with nothing in it. */
function asXml(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asXml);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!(Array.isArray(v) && v.length === 0)) out[k] = asXml(v);
    return Object.keys(out).length ? out : "";
  }
  return String(value);
}

const requests: Array<[string, (w: Fixture["world"]) => Params]> = [
  ["DescribeInstances", () => ({})],
  ["DescribeInstances", (w) => ({ InstanceIds: jsonArray([w.running]) })],
  ["DescribeInstances", () => ({ InstanceIds: "[]" })],
  ["DescribeDisks", () => ({})],
  ["DescribeDisks", (w) => ({ DiskIds: jsonArray([w.disk]) })],
  ["DescribeSecurityGroups", () => ({})],
  ["DescribeSecurityGroupAttribute", (w) => ({ SecurityGroupId: w.sg })],
  ["DescribeKeyPairs", () => ({ IncludePublicKey: true })],
  ["DescribeLaunchTemplates", () => ({})],
  ["DescribeLaunchTemplateVersions", (w) => ({ LaunchTemplateId: w.template })],
  ["DescribeDeploymentSets", () => ({})],
  ["DescribeTags", () => ({})],
  ["ListTagResources", () => ({ ResourceType: "instance" })],
  ["DescribeInstanceStatus", () => ({})],
  ["DescribeRegions", () => ({})],
  ["DescribeZones", () => ({})],
  ["DescribeImages", () => ({})],
  ["DescribeInstanceTypes", () => ({})],
  ["DescribeReservedInstances", () => ({})],
  ["DescribeVpcs", () => ({})],
  ["DescribeVSwitches", () => ({ ZoneId: ZONE })],
];

test.each(requests.map(([a, p], i) => [`${a} #${i}`, a, p] as const))("%s: XML and JSON say the same, lists in their wrappers", async (_label, action, params) => {
  fx.restore();
  const request: Params = { RegionId: REGION, ...params(fx.world) };
  const json = await callV1(fx.emu.url, action, request);
  expect(json.status).toBe(200);
  const xml = await callV1(fx.emu.url, action, request, { format: "XML" });
  expect(xml.status).toBe(200);
  expect(xml.headers.get("content-type")).toMatch(/xml/);
  const root = `${action}Response`;
  const lists = listPaths(json.body, root, new Set());
  const parsed = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (_name, jpath) => lists.has(String(jpath)) }).parse(xml.text) as Record<string, unknown>;
  const { RequestId: _json, ...jsonRest } = json.body;
  const { RequestId: _xml, ...xmlRest } = parsed[root] as Record<string, unknown>;
  expect(xmlRest).toEqual(asXml(jsonRest));
});

test("an XML error answer is <Error> with Code, Message and RequestId", async () => {
  const res = await callV1(fx.emu.url, "DescribeInstances", { RegionId: "xx-nowhere-1" }, { format: "XML" });
  expect(res.status).toBe(404);
  const parsed = new XMLParser({ parseTagValue: false }).parse(res.text) as { Error: Record<string, string> };
  expect(parsed.Error).toMatchObject({ Code: "InvalidRegionId.NotFound", RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
});
