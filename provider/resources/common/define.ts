/** defineResource(): turns a resource's own parts (validation, ECS mapping, create/read/update/
 *  delete) into a pulumi.dynamic.ResourceProvider, adding what every resource shares:
 *  configure from stack config, schema defaults and region default in check, the schema-driven
 *  diff, deadlines from the `timeouts` input, error messages that name the resource, hidden
 *  identity inputs carried through, and "created but not ready" reported with its id. */
import type * as pulumi from "@pulumi/pulumi";
import { getClient, type EcsClient } from "../../client";
import { configureFromStack } from "../../configure";
import { poller } from "../../wait";
import { schemaDiff, type DiffHints, type PropertyDiff } from "./diff";
import { HIDDEN_INPUTS, type HiddenInputs } from "./identity";
import { inputDefaults, resourceSchema, secretInputs, type SchemaProperty } from "./schema";
import { timeoutMs, type Operation, type TimeoutDefaults, type TimeoutsInput } from "./timeouts";
import { containsUnknown } from "./unknown";
import { Checker, checkTimeouts } from "./validate";

/** What every operation gets: the shared client, the resource's region, a label for messages
 *  and the deadline of the whole operation (epoch ms). */
export interface OpContext {
  client: EcsClient;
  region: string;
  label: string;
  deadline: number;
}

/** What is left of the operation's deadline, as a call's deadlineMs: at least 1 s, so a call
 *  started near the deadline still gets its answer. */
export const remainingMs = (ctx: OpContext): number => Math.max(1000, ctx.deadline - poller().now());

export interface BaseInputs extends HiddenInputs {
  region?: string;
  timeouts?: TimeoutsInput;
}

export interface ResourceDefinition<I extends BaseInputs, O extends BaseInputs> {
  /** The resource name in schema.json (alicloud-ecs:index:<kind>) and in the sdk. */
  kind: string;
  /** Default deadlines, documented in the schema's `timeouts` description. */
  timeouts: TimeoutDefaults;
  hints?: DiffHints;
  /** Replace by deleting first; a function decides per change (e.g. only when a unique name stays). */
  deleteBeforeReplace?: boolean | ((olds: O, news: I) => boolean);
  /** Adjusts the schema diff where the schema cannot say what "equal" means (rules as canonical
   *  sets, a key compared by fingerprint, an out-of-band default version). Used by diff and update. */
  refineDiff?(olds: O, news: I, diff: PropertyDiff): PropertyDiff;
  /** check rules; the Checker skips unknown and absent values. Never calls the API. */
  validate(c: Checker, news: I, olds: I | undefined): void;
  /** The old outputs as the diff should see them, e.g. a transitional status read as the one it
   *  is heading to (an instance Starting is on its way to Running: no change). */
  diffView?(olds: O): O;
  /** An error to raise at preview for a change that cannot be applied as configured. */
  diffProblem?(olds: O, news: I, diff: PropertyDiff): string | undefined;
  create(ctx: OpContext, inputs: I): Promise<{ id: string; outs: O }>;
  /** The resource as the cloud reports it, or undefined when it no longer exists. `inputs` are
   *  what a program would have to declare to produce it (so import/refresh diff as no-op). */
  read(ctx: OpContext, id: string, props: Partial<O>): Promise<{ outs: O; inputs: I } | undefined>;
  /** Applies the changed properties in place (the diff never routes replacing ones here). */
  update(ctx: OpContext, id: string, olds: O, news: I, changed: readonly string[]): Promise<O>;
  delete(ctx: OpContext, id: string, props: O): Promise<void>;
}

/** Thrown by create when the resource exists but did not become ready: the engine records it
 *  (ErrorResourceInitFailed) instead of losing track of it. */
export class ResourceInitError extends Error {
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    cause: Error,
  ) {
    super(cause.message, { cause });
    this.name = "ResourceInitError";
  }
  get reasons(): string[] {
    return [this.message];
  }
}

export function labelOf(kind: string, inputs: HiddenInputs | undefined): string {
  return inputs?.__ecsName ? `${kind} "${inputs.__ecsName}"` : kind;
}

/** Prefixes an error with the resource, keeping the original as cause (and the init-failure
 *  fields the engine reads). Messages never carry secret values: EcsError redacts them. */
function named(label: string, err: unknown): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  if (e.message.startsWith(label)) return e;
  if (e instanceof ResourceInitError) return new ResourceInitError(e.id, e.properties, new Error(`${label}: ${e.message}`, { cause: e.cause }));
  return new Error(`${label}: ${e.message}`, { cause: e });
}

/** The engine sends results as protobuf Structs, which reject `undefined` anywhere ("Unexpected
 *  struct type"): drop undefined members at every depth (and turn undefined list items into null). */
export function structSafe<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x) => (x === undefined ? null : structSafe(x))) as T;
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = structSafe(x);
    return out as T;
  }
  return v;
}

/** A shallow copy without its undefined members (state and import inputs list only what is set). */
export function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The shape of the inputs a program declared: which properties, and inside object-typed
 *  properties (systemDisk, dataDisks[], timeouts …) which sub-properties. Kept in state as the
 *  hidden output __ecsShape, so that refresh returns the cloud's values in the program's shape:
 *  the engine's displayed diff then shows real drift, not fields the program never set. */
type Shape = { [key: string]: Shape | true };
const SHAPE_KEY = "__ecsShape";

function shapeOf(kind: string, inputs: Record<string, unknown>): Shape {
  const props = resourceSchema(kind).inputProperties;
  const shape: Shape = {};
  for (const [k, v] of Object.entries(inputs)) {
    if (k.startsWith("__") || v === undefined || v === null) continue;
    const sub = subKeys(props[k], v);
    shape[k] = sub ?? true;
  }
  return shape;
}

/** Sub-property keys set inside an object-typed value (union over list items), if it is one. */
function subKeys(prop: SchemaProperty | undefined, v: unknown): Shape | undefined {
  const isObjectRef = prop?.$ref !== undefined || prop?.items?.$ref !== undefined;
  if (!isObjectRef || typeof v !== "object" || v === null) return undefined;
  const items = Array.isArray(v) ? v : [v];
  const keys: Shape = {};
  for (const item of items) if (item && typeof item === "object") for (const [k, x] of Object.entries(item)) if (x !== undefined && x !== null) keys[k] = true;
  return keys;
}

/** The cloud's inputs cut to a program's shape. */
function project(cloud: Record<string, unknown>, shape: Shape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, sub] of Object.entries(shape)) {
    const v = cloud[k];
    if (v === undefined) continue;
    if (sub === true || typeof v !== "object" || v === null) out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map((item) => (item && typeof item === "object" ? pick(item as Record<string, unknown>, sub) : item));
    else out[k] = pick(v as Record<string, unknown>, sub);
  }
  return out;
}

const pick = (o: Record<string, unknown>, keys: Shape): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([k]) => k in keys));

function hidden(from: HiddenInputs | undefined): HiddenInputs {
  const out: HiddenInputs = {};
  for (const k of HIDDEN_INPUTS) if (from?.[k] !== undefined) out[k] = from[k];
  return out;
}

export function defineResource<I extends BaseInputs, O extends BaseInputs>(def: ResourceDefinition<I, O>): pulumi.dynamic.ResourceProvider<I, O> {
  const secrets = secretInputs(def.kind);
  const defaults = inputDefaults(def.kind);

  async function context(op: Operation | "read", bag: BaseInputs | undefined, region?: string): Promise<OpContext> {
    const client = getClient();
    const ms = timeoutMs(op === "read" ? "update" : op, bag?.timeouts, def.timeouts);
    return { client, region: region ?? bag?.region ?? (await client.defaultRegion()), label: labelOf(def.kind, bag), deadline: poller().now() + ms };
  }

  function diffOf(rawOlds: O, news: I): PropertyDiff {
    const olds = def.diffView ? def.diffView(rawOlds) : rawOlds;
    const d = schemaDiff(def.kind, olds as Record<string, unknown>, news as Record<string, unknown>, def.hints);
    return def.refineDiff ? def.refineDiff(olds, news, d) : d;
  }

  async function guarded<T>(label: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw named(label, err);
    }
  }

  return {
    configure: configureFromStack,

    async check(olds: I, news: I): Promise<pulumi.dynamic.CheckResult<I>> {
      const inputs = { ...news } as I & Record<string, unknown>;
      for (const [k, v] of Object.entries(defaults)) if (inputs[k] === undefined || inputs[k] === null) (inputs as Record<string, unknown>)[k] = v;
      const c = new Checker(secrets);
      if (inputs.region === undefined || inputs.region === null) {
        try {
          inputs.region = await getClient().defaultRegion();
        } catch {
          c.fail("region", "is not set: pass `region` or set the stack config alicloud-ecs:region (or ALIBABA_CLOUD_REGION_ID)");
        }
      } else c.check("region", inputs.region, (v) => (typeof v === "string" && /^[a-z]{2,}(-[a-z0-9]+)+$/.test(v) ? undefined : `is not a region id such as cn-hangzhou`));
      checkTimeouts(c, inputs.timeouts);
      const old = olds && Object.keys(olds).length > 0 ? olds : undefined;
      def.validate(c, inputs, old);
      return { inputs, failures: c.failures };
    },

    async diff(_id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
      const d = diffOf(olds, news);
      // A replacing change makes in-place constraints moot.
      const problem = d.changed.length > 0 && d.replaces.length === 0 ? def.diffProblem?.(def.diffView ? def.diffView(olds) : olds, news, d) : undefined;
      if (problem) throw new Error(`${labelOf(def.kind, news)}: ${problem}`);
      return {
        changes: d.changed.length > 0,
        replaces: d.replaces,
        deleteBeforeReplace:
          d.replaces.length > 0 && (typeof def.deleteBeforeReplace === "function" ? def.deleteBeforeReplace(olds, news) : def.deleteBeforeReplace === true),
      };
    },

    async create(inputs: I): Promise<pulumi.dynamic.CreateResult<O>> {
      const label = labelOf(def.kind, inputs);
      return guarded(label, async () => {
        const ctx = await context("create", inputs);
        try {
          const { id, outs } = await def.create(ctx, inputs);
          return { id, outs: structSafe({ ...outs, ...hidden(inputs), [SHAPE_KEY]: shapeOf(def.kind, inputs as Record<string, unknown>) }) };
        } catch (err) {
          if (!(err instanceof ResourceInitError)) throw err;
          // The engine stores these properties as the resource's state as they are (it adds no
          // __provider on this path), and later read/update/delete need the serialized provider.
          const provider = (inputs as Record<string, unknown>).__provider;
          throw new ResourceInitError(err.id, structSafe({ ...err.properties, ...hidden(inputs), __provider: provider }), err.cause as Error);
        }
      });
    },

    async read(rawId: string, props?: O): Promise<pulumi.dynamic.ReadResult<O>> {
      const prior = (props ?? {}) as Partial<O>;
      const label = labelOf(def.kind, prior);
      return guarded(label, async () => {
        // `pulumi import` passes only an id: "<region>/<id>" says which region to ask.
        const { region, id } = splitImportId(rawId);
        const ctx = await context("read", prior, region);
        const found = await def.read(ctx, id, prior);
        if (!found) return {}; // gone: refresh drops it
        const keep = hidden(prior);
        // Refresh: the cloud's values in the program's shape. Import (no state): all of them.
        const shape = (prior as Record<string, unknown>)[SHAPE_KEY] as Shape | undefined;
        const inputs = shape ? project(found.inputs as Record<string, unknown>, shape) : found.inputs;
        return { id, props: structSafe({ ...found.outs, ...keep, ...(shape ? { [SHAPE_KEY]: shape } : {}) }), inputs: structSafe({ ...inputs, ...keep }) as unknown as O };
      });
    },

    async update(rawId: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>> {
      const label = labelOf(def.kind, news);
      // The engine normally keeps read's bare id; a prefixed one is tolerated all the same.
      const { region, id } = splitImportId(rawId);
      return guarded(label, async () => {
        const d = diffOf(olds, news);
        const ctx = await context("update", news, (olds.region ?? region ?? news.region) as string | undefined);
        const outs = await def.update(ctx, id, olds, news, d.changed);
        return { outs: structSafe({ ...outs, ...hidden(news), [SHAPE_KEY]: shapeOf(def.kind, news as Record<string, unknown>) }) };
      });
    },

    async delete(rawId: string, props: O): Promise<void> {
      const label = labelOf(def.kind, props);
      const { region, id } = splitImportId(rawId);
      await guarded(label, async () => def.delete(await context("delete", props, props.region ?? region), id, props));
    },
  };
}

const REGION_PREFIXED = /^([a-z]{2,}(?:-[a-z0-9]+)+)\/([^/]+)$/;

/** An import id "cn-shanghai/i-abc" → region "cn-shanghai" and the bare ECS id "i-abc"; any other
 *  id is returned as it is (the region then comes from the state or the default region). ECS ids
 *  and key pair names never contain "/", so the form cannot be mistaken for an id. */
export function splitImportId(raw: string): { region?: string; id: string } {
  const m = REGION_PREFIXED.exec(raw);
  return m ? { region: m[1], id: m[2] } : { id: raw };
}

/** True when a value is known and present (not undefined, null or the preview sentinel). */
export const known = <T>(v: T | undefined | null): v is T => v !== undefined && v !== null && !containsUnknown(v);
