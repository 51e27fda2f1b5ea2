/** Which resources of a region to adopt. Each kind is listed with the filters ECS applies to it
 *  (ids, tags, VPC; the name regex on what ECS returns), then read through the provider
 *  (./declare.ts). The rules:
 *   - a resource is selected when it matches every filter its kind can carry;
 *   - a --tag or --vpc filter its kind cannot carry (deployment sets have no tags; disks, key
 *     pairs, launch templates and deployment sets are in no VPC) selects it through references:
 *     when it refers to a selected resource or one refers to it (an instance's key pair and
 *     deployment set, the disks attached to it, a template using a selected group);
 *   - a resource carrying a Pulumi stack's ownership tag is skipped (that stack manages it)
 *     unless includeManaged;
 *   - a data disk that goes with its instance (one of the instance's dataDisks, as the provider
 *     reads it) is declared inside the instance, never as a Disk of its own. */
import type { EcsClient } from "../../../provider/client";
import { tagsFromResponse } from "../../../provider/resources/common/ecs";
import { isOwnerTag, OWNER_TAG_PREFIX } from "../../../provider/spec/ownership";
import { MAX_IDS_PER_CALL } from "../../../provider/spec/limits";
import { LOOKUP_FIELDS } from "../../data/spec";
import { declare, type Declared } from "./declare";
import { compareText, KINDS, kindInfo, kindOfId, keyOf, ecsNameOf, type KindInfo, type ListFilters } from "./kinds";
import { isRelated, REFERENCES, targetsOf, type Node } from "./references";

export interface Filters {
  kinds: readonly KindInfo[];
  /** Ids (key pair names) to adopt: only these. */
  ids: readonly string[];
  /** Tags every resource must carry (an empty value: any value). */
  tags: Readonly<Record<string, string>>;
  vpcId?: string;
  /** A JavaScript regular expression the ECS name must match. */
  nameRegex?: string;
  /** Also adopt resources a Pulumi stack of this provider already manages (its ownership tag). */
  includeManaged?: boolean;
}

export interface Skipped {
  kind: string;
  region: string;
  id: string;
  name?: string;
  reason: string;
}

/** A data disk declared inside its instance (one of its dataDisks), not as a Disk. */
export interface WithInstance {
  region: string;
  id: string;
  instanceId: string;
}

export interface Discovery {
  resources: Declared[];
  skipped: Skipped[];
  withInstances: WithInstance[];
  /** Ids of --ids found in no region asked. */
  notFound: string[];
}

/** What a listing found: its lookup item as inputs (the resource's property names), and the
 *  stacks whose ownership tag it carries. */
interface Candidate extends Node {
  owners: string[];
}

const READ_CONCURRENCY = 8;

/** Runs fn over the items, at most `limit` at a time (the client's rate limiter paces each action). */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const chunks = <T>(xs: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

/** Whether the lookup's items carry every input by which the kind refers to others (else the
 *  resource is read to know whether it refers to a selected one). */
const itemsShowReferences = (k: KindInfo): boolean =>
  REFERENCES.filter((r) => r.from === k.kind).every((r) => (LOOKUP_FIELDS[k.kind as keyof typeof LOOKUP_FIELDS] as readonly string[]).includes(r.property));

/** One kind's listing with the filters it can carry; undefined when --ids names none of its kind. */
async function listKind(client: EcsClient, region: string, k: KindInfo, f: Filters): Promise<Candidate[] | undefined> {
  const ids = f.ids.filter((id) => kindOfId(id).kind === k.kind);
  if (f.ids.length > 0 && ids.length === 0) return undefined;
  const base: ListFilters = { nameRegex: f.nameRegex, ...(k.tags && Object.keys(f.tags).length > 0 ? { tags: { ...f.tags } } : {}), ...(k.vpc && f.vpcId ? { vpcId: f.vpcId } : {}) };
  const list = async (filters: ListFilters) => {
    try {
      return await k.list(client, region, filters);
    } catch (err) {
      throw new Error(`listing the ${k.spec.noun}s of ${region}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  };
  const lists = ids.length > 0 ? await Promise.all(chunks(ids, MAX_IDS_PER_CALL).map((part) => list({ ...base, ids: part }))) : [await list(base)];
  const seen = new Set<string>();
  return lists.flat().flatMap(({ info, record }) => {
    const id = String(info[k.idProperty] ?? "");
    if (!id || seen.has(id)) return [];
    seen.add(id);
    // Only kinds that take tags can carry an ownership tag (deployment sets cannot).
    return [{ kind: k.kind, region, id, inputs: info, owners: k.tags ? Object.keys(tagsFromResponse(record)).filter(isOwnerTag) : [] }];
  });
}

/** Selects and reads the resources of one region. */
async function discoverRegion(client: EcsClient, region: string, f: Filters, progress: (line: string) => void): Promise<Omit<Discovery, "notFound">> {
  const skipped: Skipped[] = [];
  const direct: Candidate[] = [];
  const throughReferences: Candidate[] = [];
  const listed = await Promise.all(f.kinds.map(async (k) => [k, await listKind(client, region, k, f)] as const));
  for (const [k, found] of listed) {
    if (!found) continue;
    progress(`${region}: ${found.length} ${k.option}(s) listed`);
    const needsReference = (Object.keys(f.tags).length > 0 && !k.tags) || (f.vpcId !== undefined && !k.vpc);
    for (const c of found) {
      if (c.owners.length > 0 && !f.includeManaged) {
        const stacks = c.owners.map((o) => o.slice(OWNER_TAG_PREFIX.length)).join(", ");
        skipped.push({ kind: c.kind, region, id: c.id, name: ecsNameOf(c.kind, c.inputs), reason: `managed by the Pulumi stack ${stacks} (its ownership tag)` });
      } else (needsReference ? throughReferences : direct).push(c);
    }
  }

  const reads = new Map<string, Promise<Declared | undefined>>();
  const read = (kind: string, id: string): Promise<Declared | undefined> => {
    const key = keyOf(kind, region, id);
    if (!reads.has(key)) reads.set(key, declare(kind, region, id));
    return reads.get(key)!;
  };
  // A disk that goes with its instance is one of the instance's dataDisks (as the provider reads the
  // instance), not a Disk of its own: known from the instance, so the disk itself is never read.
  const withInstances: WithInstance[] = [];
  const readCandidate = async (c: Candidate): Promise<Declared | undefined> => {
    const instanceId = c.kind === "Disk" ? c.inputs.instanceId : undefined;
    const instance = typeof instanceId === "string" && instanceId !== "" ? await read("Instance", instanceId) : undefined;
    if (instance && ((instance.outputs.dataDiskIds as string[] | undefined) ?? []).includes(c.id)) {
      withInstances.push({ region, id: c.id, instanceId: instance.id });
      return undefined;
    }
    return read(c.kind, c.id);
  };
  const readAll = async (cs: readonly Candidate[]): Promise<Declared[]> => (await mapLimited(cs, READ_CONCURRENCY, readCandidate)).filter((d): d is Declared => d !== undefined);

  progress(`${region}: reading ${direct.length} resource(s)`);
  // Instances first: the disks attached to them are known from their reads.
  const selected = [...(await readAll(direct.filter((c) => c.kind !== "Disk"))), ...(await readAll(direct.filter((c) => c.kind === "Disk")))];
  // Through references, until nothing more is related (a template using a key pair an instance uses …).
  let pending = throughReferences;
  for (let grew = true; grew && pending.length > 0; ) {
    grew = false;
    const still: Candidate[] = [];
    const toRead: Candidate[] = [];
    for (const c of pending) {
      const referencedBySelected = selected.some((s) => targetsOf(s).some((t) => t.key === keyOf(c.kind, region, c.id)));
      if (referencedBySelected || (itemsShowReferences(kindInfo(c.kind)) ? isRelated(c, selected) : true)) toRead.push(c);
      else still.push(c);
    }
    for (const d of await readAll(toRead)) {
      if (isRelated(d, selected)) {
        selected.push(d);
        grew = true;
      } else still.push(toRead.find((c) => c.id === d.id)!);
    }
    pending = still;
  }
  const resources = selected;
  return { resources, skipped, withInstances };
}

/** Selects and reads the resources of every region asked. */
export async function discover(client: EcsClient, regions: readonly string[], f: Filters, progress: (line: string) => void = () => undefined): Promise<Discovery> {
  const resources: Declared[] = [];
  const skipped: Skipped[] = [];
  const withInstances: WithInstance[] = [];
  for (const region of regions) {
    const found = await discoverRegion(client, region, f, progress);
    resources.push(...found.resources);
    skipped.push(...found.skipped);
    withInstances.push(...found.withInstances);
  }
  const seen = new Set([...resources, ...skipped, ...withInstances].map((r) => r.id));
  const wanted = f.ids.filter((id) => f.kinds.some((k) => k.kind === kindOfId(id).kind));
  const rank = (kind: string): number => KINDS.findIndex((k) => k.kind === kind);
  resources.sort((a, b) => rank(a.kind) - rank(b.kind) || compareText(a.region, b.region) || compareText(a.id, b.id));
  return { resources, skipped, withInstances, notFound: wanted.filter((id) => !seen.has(id)) };
}
