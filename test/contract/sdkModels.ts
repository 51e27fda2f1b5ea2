/** Today's ECS API as the official SDK (@alicloud/ecs20140526, a dev dependency) declares it, read as
 *  data: the actions its client calls, and for each action the shape of its request model (wire
 *  parameter names and types) and of its response-body model (wire field names and types). Nothing
 *  here is used at run time; the tests and scripts that check the provider and the emulator read it. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** A declared type, with wire names: scalars, models (named fields), arrays and maps. */
export type Shape =
  | { kind: "scalar"; type: "string" | "number" | "boolean" | "any" | "binary" }
  | { kind: "model"; name: string; fields: ReadonlyMap<string, Shape> }
  | { kind: "array"; item: Shape }
  | { kind: "map"; value: Shape };

interface DaraModel {
  name: string;
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

const SDK_DIR = dirname(require.resolve("@alicloud/ecs20140526/package.json"));
const MODELS_DIR = join(SDK_DIR, "dist", "models");

let actionSet: ReadonlySet<string> | undefined;

/** Every action today's API has: the `action: "X"` of each operation in the SDK's client. */
export function sdkActions(): ReadonlySet<string> {
  actionSet ??= new Set([...readFileSync(join(SDK_DIR, "dist", "client.js"), "utf8").matchAll(/\baction: "([A-Za-z0-9]+)"/g)].map((m) => m[1]!));
  return actionSet;
}

const shapes = new Map<DaraModel, Shape>();

function isModel(t: unknown): t is DaraModel {
  return typeof t === "function" && typeof (t as Partial<DaraModel>).names === "function" && typeof (t as Partial<DaraModel>).types === "function";
}

function toShape(t: unknown): Shape {
  if (typeof t === "string") {
    if (t === "string" || t === "number" || t === "boolean" || t === "any") return { kind: "scalar", type: t };
    if (t === "Readable" || t === "Buffer" || t === "bytes") return { kind: "scalar", type: "binary" };
    return { kind: "scalar", type: "any" };
  }
  if (isModel(t)) {
    const known = shapes.get(t);
    if (known) return known;
    const fields = new Map<string, Shape>();
    const shape: Shape = { kind: "model", name: t.name, fields };
    shapes.set(t, shape); // before the fields: a model may (in principle) contain itself
    const names = t.names();
    const types = t.types();
    for (const [prop, wire] of Object.entries(names)) fields.set(wire, toShape(types[prop]));
    return shape;
  }
  if (t && typeof t === "object") {
    const o = t as { type?: string; itemType?: unknown; valueType?: unknown };
    if (o.type === "array") return { kind: "array", item: toShape(o.itemType) };
    if (o.type === "map") return { kind: "map", value: toShape(o.valueType) };
  }
  return { kind: "scalar", type: "any" };
}

let modelFiles: Map<string, string> | undefined;

/** Model files by lowercase name: a few differ in case from their action (DescribeVswitchesRequest.js). */
function modelFile(name: string): string | undefined {
  modelFiles ??= new Map(readdirSync(MODELS_DIR).filter((f) => f.endsWith(".js")).map((f) => [f.slice(0, -3).toLowerCase(), f]));
  return modelFiles.get(name.toLowerCase());
}

function loadModel(className: string): Shape | undefined {
  const file = modelFile(className);
  if (!file) return undefined;
  const mod = require(join(MODELS_DIR, file)) as Record<string, unknown>;
  const cls = mod[className] ?? Object.entries(mod).find(([k]) => k.toLowerCase() === className.toLowerCase())?.[1];
  return isModel(cls) ? toShape(cls) : undefined;
}

/** The request model of an action (its wire parameters), or undefined for an action today's API lacks. */
export function requestShape(action: string): Shape | undefined {
  if (!sdkActions().has(action)) return undefined;
  return loadModel(`${action}Request`);
}

/** The response-body model of an action (its answer's fields, RequestId included). */
export function responseShape(action: string): Shape | undefined {
  if (!sdkActions().has(action)) return undefined;
  return loadModel(`${action}ResponseBody`);
}

/** Wire parameter names a request model declares, with repeat lists as `.N` (`DataDisk.N.Size`). */
export function declaredParams(shape: Shape, prefix = ""): Array<{ name: string; type: Shape }> {
  if (shape.kind === "model") return [...shape.fields].flatMap(([k, s]) => declaredParams(s, prefix ? `${prefix}.${k}` : k));
  if (shape.kind === "array") return declaredParams(shape.item, `${prefix}.N`);
  if (shape.kind === "map") return declaredParams(shape.value, `${prefix}.*`);
  return [{ name: prefix, type: shape }];
}
