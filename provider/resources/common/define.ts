/** defineResource(spec, impl): a pulumi.dynamic.ResourceProvider from a resource's spec (every
 *  property fact) and the few things only the resource knows (how to create, describe and delete
 *  it, its custom updaters, cross-property checks). Derived from the spec, for every resource:
 *   - check: defaults, the region, unknown names, required properties, types, rules, grow-only sizes;
 *   - diff: per-property equivalence, replacing properties and members;
 *   - update: each changed property dispatched to the call or updater its spec names (a changed
 *     property nothing applies is an error), then read back until ECS reports the change;
 *   - read: the cloud's values in the program's spelling and shape;
 *  plus configure from stack config, deadlines from `timeouts`, error messages that name the
 *  resource, hidden identity inputs carried through, and "created but not ready" reported with
 *  its id. */
import type * as pulumi from "@pulumi/pulumi";
import { adopt, adoptionDiffProblem, compareWithExisting, differenceFailures, importRequest, notFoundReason, unknownProperties, type AdoptionTarget } from "../../adoption";
import { getClient, type EcsClient, type Params } from "../../client";
import { configureFromStack } from "../../configure";
import { applyAutoNames } from "../../spec/autoName";
import { Checker, checkInputs } from "../../spec/check";
import { differs, diffInputs, shrinkProblem, type PropertyDiff } from "../../spec/compare";
import { REGION_FIELD } from "../../spec/build";
import type { Change, Inputs, Outputs, PropSpec, ResourceSpec, UpdaterNames } from "../../spec/types";
import { containsUnknown, known } from "../../spec/unknown";
import { shapeOf, viewOf, type Shape, type View } from "../../spec/view";
import { encodeValue, readable } from "../../spec/wire";
import { poller, registerPollKind, type PollKind } from "../../wait";
import { catalogProblems } from "./catalog";
import { applyTags, type Tags } from "./ecs";
import { HIDDEN_INPUTS, type HiddenInputs } from "./identity";
import { ResourceInitError } from "./initError";
import { timeoutMs, type Operation } from "../../spec/timeouts";

/** What every operation gets: the shared client, the resource's region, a label for messages
 *  and the deadline of the whole operation (epoch ms, on the poller's clock). */
export interface OpContext {
  client: EcsClient;
  region: string;
  label: string;
  deadline: number;
  /** The engine's call this serves: "read" is a refresh (or an import by id). */
  op: Operation | "read";
}

/** What is left of the operation's deadline, as a call's deadlineMs: at least 1 s, so a call
 *  started near the deadline still gets its answer. */
export const remainingMs = (ctx: OpContext): number => Math.max(1000, ctx.deadline - poller().now());

type Bag = Record<string, unknown>;
export type Record_ = Record<string, unknown>;

/** The changes an updater applies: the properties that changed and both states. */
export interface Update<I, O> {
  id: string;
  olds: O;
  news: I;
  changed: readonly string[];
}

/** Applies changes; may return outputs only it knows (a launch template's new version number),
 *  which the read back and the state take from it. */
export type Updater<I, O> = (ctx: OpContext, u: Update<I, O>) => Promise<void | Partial<O>>;

export interface ResourceImpl<S extends ResourceSpec, I, O> {
  /** The updaters the spec's `via(…)` properties name: a missing one is a compile error. */
  updaters: Record<UpdaterNames<S["inputs"]>, Updater<I, O>>;
  /** The order in which updaters, calls (by action) and "tags" run; unnamed ones follow in spec order. */
  updateOrder?: readonly string[];
  /** Wraps the update (e.g. stop an instance first for changes that need it stopped); `apply`
   *  runs the dispatch for the changes it is given. */
  aroundUpdate?(ctx: OpContext, u: Update<I, O>, apply: (u: Update<I, O>) => Promise<Partial<O>>): Promise<Partial<O>>;
  /** Statuses the resource waits on, registered with the shared poller. */
  poll?: Omit<PollKind, "kind">;
  /** Cross-property checks the spec cannot state. Never calls the API. */
  validate?(c: Checker, news: I, olds: I | undefined): void;
  /** Adjusts the derived diff where equality needs state the spec cannot see (a key compared by
   *  fingerprint with the one in state). */
  refineDiff?(olds: O, news: I, diff: PropertyDiff): PropertyDiff;
  /** An error to raise at preview for a change that cannot be applied as configured. */
  diffProblem?(olds: O, news: I, diff: PropertyDiff): string | undefined;
  /** Replace by deleting first; a function decides per change (e.g. only when a unique name stays). */
  deleteBeforeReplace?: boolean | ((olds: O, news: I) => boolean);
  /** Creates the resource and waits until it is ready; returns its id and its Describe record
   *  (plus outputs only the create knows, e.g. a generated private key). */
  create(ctx: OpContext, inputs: I): Promise<{ id: string; record: Bag; extra?: Bag }>;
  /** The resource's Describe record (the one its spec's wire.read paths index), or undefined when
   *  it does not exist. `prior` is the state (empty on import). */
  describe(ctx: OpContext, id: string, prior: Partial<O>): Promise<Bag | undefined>;
  delete(ctx: OpContext, id: string, props: O): Promise<void>;
  /** Adjusts a view before it becomes state (hidden markers, outputs from the prior state). */
  adjustView?(view: View, prior: Partial<O>, program: Bag): View;
  /** Inputs ECS never reports that the resource still verifies against what it does report (a
   *  public key by the fingerprint, in refineDiff): an adoption compares them instead of taking
   *  the program's value. */
  verifiedLocally?: readonly string[];
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

function hidden(from: HiddenInputs | undefined): HiddenInputs {
  const out: Record<string, unknown> = {};
  for (const k of HIDDEN_INPUTS) if (from?.[k] !== undefined) out[k] = from[k];
  return out as HiddenInputs;
}

const SHAPE_KEY = "__ecsShape";

/** A changed property's change as dispatched: a group key (updater name, action or "tags"). */
function groupOf(change: Change): string | undefined {
  switch (change.kind) {
    case "call":
      return change.action;
    case "updater":
      return change.updater;
    case "tags":
      return "tags";
    default:
      return undefined; // replace never reaches update; provider settings need no call
  }
}

export interface BaseInputs extends HiddenInputs {
  region?: string;
  timeouts?: { create?: string; update?: string; delete?: string };
  /** The `import` resource option, moved here by the sdk class (provider/adoption). */
  __ecsImport?: string;
}

export function defineResource<S extends ResourceSpec<Inputs, Outputs>, I extends BaseInputs, O extends BaseInputs>(spec: S, impl: ResourceImpl<S, I, O>): pulumi.dynamic.ResourceProvider<I, O> {
  const inputs = spec.inputs as Inputs;
  const secrets = Object.entries(inputs).filter(([, p]) => p.secret).map(([k]) => k);
  const defaults = Object.entries(inputs).filter(([, p]) => p.default !== undefined);
  const lookups = Object.entries(inputs).flatMap(([k, p]) => (p.lookup ? [[k, p.lookup] as const] : []));
  // What ECS never reports (write-only values, provider settings): an adoption takes the program's.
  const localInputs = Object.entries(inputs)
    .filter(([k, p]) => (!readable(p) || p.change.kind === "provider") && !impl.verifiedLocally?.includes(k))
    .map(([k]) => k);
  if (impl.poll) registerPollKind({ kind: spec.kind, ...impl.poll });

  async function context(op: Operation | "read", bag: BaseInputs | undefined, region?: string): Promise<OpContext> {
    const client = getClient();
    const ms = timeoutMs(op === "read" ? "update" : op, bag?.timeouts, spec.timeouts);
    return { client, region: region ?? bag?.region ?? (await client.defaultRegion()), label: labelOf(spec.kind, bag), deadline: poller().now() + ms, op };
  }

  function diffOf(olds: O, news: I): PropertyDiff {
    const d = diffInputs(inputs, olds as Bag, news as Bag);
    return impl.refineDiff ? impl.refineDiff(olds, news, d) : d;
  }

  async function guarded<T>(label: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw named(label, err);
    }
  }

  /** State from a view: outputs plus the hidden identity and the program's shape. */
  const state = (view: View, from: HiddenInputs | undefined, shape: Shape | undefined): O =>
    structSafe({ ...view.outs, ...hidden(from), ...(shape ? { [SHAPE_KEY]: shape } : {}) }) as unknown as O;

  function view(ctx: OpContext, record: Bag, program: Bag, prior: Partial<O>, shape: Shape | undefined): View {
    const v = viewOf(spec, { ...record, [REGION_FIELD]: ctx.region }, program, shape);
    return impl.adjustView ? impl.adjustView(v, prior, program) : v;
  }

  /** The resource's describe, view and diff, as an adoption needs them (provider/adoption). */
  function adoptionTarget(ctx: OpContext, shape: Shape): AdoptionTarget<I, O> {
    return {
      kind: spec.kind,
      label: ctx.label,
      async read(region, id, program) {
        const at = { ...ctx, region };
        const record = await impl.describe(at, id, {});
        if (!record) return undefined;
        const v = view(at, record, program as Bag, {}, shape);
        // As an import reports it (the cloud's spelling, every member): what messages show.
        const reported = view(at, record, {}, {}, undefined).inputs;
        return { outs: v.outs as O, inputs: reported as I };
      },
      changed: (cloud, program) => diffOf(cloud, program).changed,
      localInputs,
      secretInputs: secrets,
    };
  }

  /** check of a create that adopts: the existing resource compared with the program wherever the
   *  program's values are known (create compares the rest). */
  async function adoptionFailures(news: I, importId: string): Promise<pulumi.dynamic.CheckFailure[]> {
    const ctx = await context("create", news);
    const { id } = splitImportId(importId);
    const target = adoptionTarget(ctx, shapeOf(inputs, news as Bag));
    const compared = await compareWithExisting(target, ctx.region, id, news, unknownProperties(news));
    if (!compared) return [{ property: "", reason: `${ctx.label}: ${notFoundReason(spec.kind, ctx.region, id)}` }];
    return differenceFailures(target, ctx.region, id, compared.differences);
  }

  /** Runs the update of every changed property, grouped by the call or updater that applies it;
   *  returns what the updaters reported. */
  async function applyChanges(ctx: OpContext, u: Update<I, O>): Promise<Partial<O>> {
    let patch: Partial<O> = {};
    const groups = new Map<string, string[]>();
    for (const name of u.changed) {
      const p = inputs[name];
      if (!p) continue;
      if (p.change.kind === "replace") throw new Error(`${name} cannot change in place (it replaces the ${spec.noun}); this is a provider bug`);
      const key = groupOf(p.change);
      if (key !== undefined) groups.set(key, [...(groups.get(key) ?? []), name]);
    }
    const order = [...(impl.updateOrder ?? []).filter((k) => groups.has(k)), ...[...groups.keys()].filter((k) => !impl.updateOrder?.includes(k))];
    for (const key of order) {
      const names = groups.get(key) as string[];
      const change = inputs[names[0]].change;
      if (change.kind === "call") {
        const params: Params = { RegionId: ctx.region, [spec.idParam]: u.id };
        for (const name of names) {
          const p = inputs[name] as PropSpec & { change: { kind: "call"; param: string } };
          params[p.change.param] = encodeValue(p, (u.news as Bag)[name]) as Params[string];
        }
        await ctx.client.call(change.action, params, { deadlineMs: remainingMs(ctx) });
      } else if (change.kind === "tags") {
        if (!spec.tagResourceType) throw new Error(`${spec.kind} has tags but no tagResourceType`);
        await applyTags(ctx.client, ctx.region, spec.tagResourceType, u.id, (u.olds as Bag).tags as Tags, (u.news as Bag).tags as Tags);
      } else {
        const updater = (impl.updaters as Record<string, Updater<I, O>>)[key];
        patch = { ...patch, ...(await updater(ctx, { ...u, changed: names })) };
      }
    }
    return patch;
  }

  /** The properties ECS should now report as the program wants, still reported otherwise. */
  function unapplied(v: View, news: Bag, changed: readonly string[]): string[] {
    return changed.filter((name) => {
      const p = inputs[name];
      if (!p || !readable(p) || p.change.kind === "provider" || !known(news[name])) return false;
      if (news[name] === undefined && p.computed) return false;
      return differs(p, v.outs[name], news[name]);
    });
  }

  /** Reads the resource back after an update until ECS reports every change (Describe can lag a
   *  Modify call); a change still not reported when the attempts or the deadline run out is an
   *  error that names it, never a silent perpetual diff. */
  async function readBack(ctx: OpContext, id: string, olds: O, news: I, changed: readonly string[]): Promise<View> {
    const shape = shapeOf(inputs, news as Bag);
    for (let attempt = 0; ; attempt++) {
      const record = await impl.describe(ctx, id, olds);
      if (!record) throw new Error(`${spec.noun} ${id} no longer exists`);
      const v = view(ctx, record, news as Bag, olds, shape);
      const missing = unapplied(v, news as Bag, changed);
      if (missing.length === 0) return v;
      if (attempt >= 5 || poller().now() >= ctx.deadline) {
        const what = missing.map((n) => `${n} (wanted ${JSON.stringify((news as Bag)[n])}, ECS reports ${JSON.stringify(v.outs[n])})`).join(", ");
        throw new Error(`ECS did not apply ${what} to ${spec.noun} ${id}`);
      }
      await poller().sleep(Math.min(200 * 2 ** attempt, Math.max(0, ctx.deadline - poller().now())));
    }
  }

  return {
    configure: configureFromStack,

    async check(olds: I, news: I): Promise<pulumi.dynamic.CheckResult<I>> {
      const values = { ...news } as Bag;
      for (const [k, p] of defaults) if (values[k] === undefined || values[k] === null) values[k] = p.default;
      const c = new Checker(secrets);
      // An import id "<region>/<id>" names the region, unless the program names another one.
      const importId = importRequest(values);
      const importRegion = importId === undefined ? undefined : splitImportId(importId).region;
      if (importRegion && values.region !== undefined && values.region !== null && values.region !== importRegion && !containsUnknown(values.region)) {
        c.fail("region", `is ${String(values.region)}, but the import option ${importId} names a resource in ${importRegion}`);
      } else if (importRegion && (values.region === undefined || values.region === null)) values.region = importRegion;
      if (values.region === undefined || values.region === null) {
        try {
          values.region = await getClient().defaultRegion();
        } catch {
          c.fail("region", "is not set: pass `region` or set the stack config alicloud-ecs:region (or ALIBABA_CLOUD_REGION_ID)");
        }
      }
      const old = olds && Object.keys(olds).length > 0 ? (olds as Bag) : undefined;
      // An adopted resource has its name; anything else without one gets an auto name.
      if (importId === undefined) applyAutoNames(spec.kind, inputs, values, old);
      checkInputs(c, spec.kind, inputs, values, old);
      impl.validate?.(c, values as I, old as I | undefined);
      // Catalogue lookups only for input that passed every rule (and never for unknowns).
      if (c.ok && typeof values.region === "string") {
        const known = lookups.filter(([k]) => !containsUnknown(values[k]));
        for (const [name, reason] of await catalogProblems(getClient(), values.region, known, values)) c.fail(name, reason);
      }
      if (importId !== undefined && !old && c.ok) c.failures.push(...(await adoptionFailures(values as I, importId)));
      return { inputs: values as I, failures: c.failures };
    },

    async diff(id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult> {
      const d = diffOf(olds, news);
      const importId = importRequest(news);
      const refused = adoptionDiffProblem(id, importId === undefined ? undefined : splitImportId(importId).id, d.replaces);
      if (refused) throw new Error(`${labelOf(spec.kind, news)}: ${refused}`);
      // A replacing change makes in-place constraints moot.
      const problem = d.changed.length > 0 && d.replaces.length === 0 ? (shrinkProblem(inputs, olds as Bag, news as Bag) ?? impl.diffProblem?.(olds, news, d)) : undefined;
      if (problem) throw new Error(`${labelOf(spec.kind, news)}: ${problem}`);
      return {
        changes: d.changed.length > 0,
        replaces: d.replaces,
        deleteBeforeReplace:
          d.replaces.length > 0 && (typeof impl.deleteBeforeReplace === "function" ? impl.deleteBeforeReplace(olds, news) : impl.deleteBeforeReplace === true),
      };
    },

    async create(news: I): Promise<pulumi.dynamic.CreateResult<O>> {
      const label = labelOf(spec.kind, news);
      return guarded(label, async () => {
        const ctx = await context("create", news);
        const importId = importRequest(news);
        if (importId !== undefined) {
          // The import option: record the existing resource (reads only), or fail listing the differences.
          const { id } = splitImportId(importId);
          const shape = shapeOf(inputs, news as Bag);
          const outs = await adopt(adoptionTarget(ctx, shape), ctx.region, id, news);
          return { id, outs: structSafe({ ...outs, ...hidden(news), [SHAPE_KEY]: shape }) as O };
        }
        try {
          const { id, record, extra } = await impl.create(ctx, news);
          const shape = shapeOf(inputs, news as Bag);
          const v = view(ctx, record, news as Bag, {}, shape);
          return { id, outs: state({ ...v, outs: { ...v.outs, ...extra } }, news, shape) };
        } catch (err) {
          if (!(err instanceof ResourceInitError)) throw err;
          // The engine stores these properties as the resource's state as they are (it adds no
          // __provider on this path), and later read/update/delete need the serialized provider.
          // The program's inputs (secrets left out) make the next diff see no change, so the next
          // up updates the resource (the engine does for one with init errors) rather than replacing it;
          // the id output (instanceId …) and the region are known already.
          const provider = (news as Bag).__provider;
          const recorded = Object.fromEntries(Object.entries(news as Bag).filter(([k, v]) => v !== undefined && !k.startsWith("__") && !(inputs[k] as PropSpec | undefined)?.secret));
          const idOutput = spec.idParam.charAt(0).toLowerCase() + spec.idParam.slice(1);
          const settled = { ...recorded, region: ctx.region, [idOutput]: err.id };
          throw new ResourceInitError(err.id, structSafe({ ...settled, ...err.properties, ...hidden(news), __provider: provider }), err.cause as Error);
        }
      });
    },

    async read(rawId: string, props?: O): Promise<pulumi.dynamic.ReadResult<O>> {
      const prior = (props ?? {}) as Partial<O>;
      const label = labelOf(spec.kind, prior);
      return guarded(label, async () => {
        // `pulumi import` passes only an id: "<region>/<id>" says which region to ask.
        const { region, id } = splitImportId(rawId);
        const ctx = await context("read", prior, region);
        const record = await impl.describe(ctx, id, prior);
        if (!record) return {}; // gone: refresh drops it
        // Refresh: the cloud's values in the program's spelling and shape. Import (no state): all of them.
        const shape = (prior as Bag)[SHAPE_KEY] as Shape | undefined;
        const v = view(ctx, record, prior as Bag, prior, shape);
        return { id, props: state(v, prior, shape), inputs: structSafe({ ...v.inputs, ...hidden(prior) }) as unknown as O };
      });
    },

    async update(rawId: string, olds: O, news: I): Promise<pulumi.dynamic.UpdateResult<O>> {
      const label = labelOf(spec.kind, news);
      // The engine normally keeps read's bare id; a prefixed one is tolerated all the same.
      const { region, id } = splitImportId(rawId);
      return guarded(label, async () => {
        const d = diffOf(olds, news);
        const ctx = await context("update", news, (olds.region ?? region ?? news.region) as string | undefined);
        const u: Update<I, O> = { id, olds, news, changed: d.changed };
        const apply = (changes: Update<I, O>) => applyChanges(ctx, changes);
        const patch = await (impl.aroundUpdate ? impl.aroundUpdate(ctx, u, apply) : apply(u));
        const v = await readBack(ctx, id, { ...olds, ...patch }, news, d.changed);
        return { outs: state(v, news, shapeOf(inputs, news as Bag)) };
      });
    },

    async delete(rawId: string, props: O): Promise<void> {
      const label = labelOf(spec.kind, props);
      const { region, id } = splitImportId(rawId);
      await guarded(label, async () => impl.delete(await context("delete", props, props.region ?? region), id, props));
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

export { known, containsUnknown };
