/** Adoption: what the `import` resource option does for these dynamic resources.
 *
 *  The engine cannot import a dynamic resource: its import step calls Read with neither inputs
 *  nor state (pulumi/pulumi pkg/resource/deploy/step.go, ImportStep.Apply), and the Node.js
 *  dynamic-provider host only finds the serialized provider there (pulumi/pulumi#16175). So the
 *  sdk classes take `import` out of the resource options and pass it as the hidden input
 *  `__ecsImport`; the engine plans a create, which the provider turns into an adoption:
 *   - check (preview and up) reads the existing resource and fails with one failure per property
 *     whose program value differs from the cloud's, so the preview already shows the mismatch;
 *   - create reads it again and compares again (it may have changed since the preview), then
 *     records it: an adoption makes read calls only, never a write;
 *   - diff refuses a replacement while the option is in the program, and an import id other than
 *     the resource the stack already holds (the engine refuses the same for its own imports).
 *  This module is the resource-independent part; provider/resources/common/define.ts wires it
 *  into check, diff and create, with the resource's own describe, view and diff. */
import { containsUnknown } from "../spec/unknown";

/** The hidden input the sdk classes put the `import` option's id in. */
export const IMPORT_INPUT = "__ecsImport";

export interface AdoptionTarget<I, O> {
  kind: string;
  /** Names the resource in messages ("SecurityGroup "web-sg""). */
  label: string;
  /** The resource as the cloud reports it, or undefined when it does not exist: `outs` the state
   *  it would have (in the program's spelling where the cloud agrees), `inputs` every input as
   *  the cloud spells it (what messages show). */
  read(region: string, id: string, program: I): Promise<{ outs: O; inputs: I } | undefined>;
  /** The top-level input properties whose program value differs from the cloud's view: the
   *  resource's own diff, so that equivalent spellings (rule sets, port ranges …) agree. */
  changed(cloud: O, program: I): string[];
  /** Inputs that exist only in the program and its state (timeouts, write-only values): taken
   *  from the program, never compared. */
  localInputs: readonly string[];
  /** Never shown in a message. */
  secretInputs: readonly string[];
}

export interface Difference {
  property: string;
  program: unknown;
  existing: unknown;
}

type Bag = Record<string, unknown>;

/** The id in the import option when it is known (it may still be an unknown output at preview). */
export function importRequest(inputs: object): string | undefined {
  const v = (inputs as Bag)[IMPORT_INPUT];
  return typeof v === "string" && v !== "" && !containsUnknown(v) ? v : undefined;
}

/** The cloud's outputs with the program's local inputs laid over them: what the state holds
 *  once the resource is adopted, and what the comparison compares the program with. */
function adoptedState<I, O>(t: AdoptionTarget<I, O>, outs: O, program: I): O {
  const local: Bag = {};
  for (const k of t.localInputs) if ((program as Bag)[k] !== undefined) local[k] = (program as Bag)[k];
  return { ...outs, ...local } as O;
}

/** Reads the resource the import option names and lists where the program differs from it.
 *  Properties in `skip` (unknown at preview) are not compared. Undefined when it does not exist. */
export async function compareWithExisting<I, O>(
  t: AdoptionTarget<I, O>,
  region: string,
  id: string,
  program: I,
  skip: readonly string[] = [],
): Promise<{ state: O; differences: Difference[] } | undefined> {
  const found = await t.read(region, id, program);
  if (!found) return undefined;
  const state = adoptedState(t, found.outs, program);
  const differences = t
    .changed(state, program)
    .filter((p) => !skip.includes(p) && !t.localInputs.includes(p))
    .map((property) => ({ property, program: (program as Bag)[property], existing: (found.inputs as Bag)[property] ?? (found.outs as Bag)[property] }));
  return { state, differences };
}

/** Properties whose program value is (or contains) an unknown: compared only once known, in create. */
export const unknownProperties = (program: object): string[] => Object.entries(program).filter(([k, v]) => !k.startsWith("__") && containsUnknown(v)).map(([k]) => k);

const MAX_VALUE_CHARS = 300;

function show(t: { secretInputs: readonly string[] }, property: string, v: unknown): string {
  if (t.secretInputs.includes(property)) return "[secret]";
  if (v === undefined || v === null) return "(not set)";
  const text = JSON.stringify(v);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

const where = (kind: string, region: string, id: string): string => `${kind} ${id} in ${region}`;

/** check failures for a mismatch: one per property, with the existing value (never a secret's).
 *  The engine prints the program's value next to a failure's property. */
export function differenceFailures<I, O>(t: AdoptionTarget<I, O>, region: string, id: string, differences: readonly Difference[]) {
  return differences.map((d) => {
    const reason = `differs from the existing ${where(t.kind, region, id)} (the import option), which has ${show(t, d.property, d.existing)}`;
    // A secret's property stays unnamed in the failure, or the engine would print its value next to it.
    return t.secretInputs.includes(d.property) ? { property: "", reason: `${d.property}: ${reason}` } : { property: d.property, reason };
  });
}

export const notFoundReason = (kind: string, region: string, id: string): string =>
  `the import option names ${where(kind, region, id)}, which does not exist (an id of another region is written <region>/<id>)`;

/** The inputs differ from the resource to adopt: nothing was changed or recorded. */
export class ImportMismatchError extends Error {
  constructor(
    label: string,
    readonly kind: string,
    readonly region: string,
    readonly id: string,
    readonly differences: readonly Difference[],
    secretInputs: readonly string[],
  ) {
    const t = { secretInputs };
    const list = differences.map((d) => `${d.property}: program ${show(t, d.property, d.program)}, existing ${show(t, d.property, d.existing)}`).join("; ");
    super(
      `${label}: the program's inputs do not match the existing ${where(kind, region, id)}, so it was not imported and nothing was changed. ` +
        `Differences: ${list}. Declare what exists (then change it in a later update), or remove the import option to create a new one.`,
    );
    this.name = "ImportMismatchError";
  }
}

/** create's adoption: reads and compares again (the resource may have changed since the
 *  preview), then returns the state to record. Throws when it is gone or differs. */
export async function adopt<I, O>(t: AdoptionTarget<I, O>, region: string, id: string, program: I): Promise<O> {
  const compared = await compareWithExisting(t, region, id, program);
  if (!compared) throw new Error(`${t.label}: ${notFoundReason(t.kind, region, id)}`);
  if (compared.differences.length > 0) throw new ImportMismatchError(t.label, t.kind, region, id, compared.differences, t.secretInputs);
  return compared.state;
}

/** diff's refusals while the import option stays in the program, or undefined. `id` is the
 *  resource the stack holds, `importId` the option's bare id. */
export function adoptionDiffProblem(id: string, importId: string | undefined, replaces: readonly string[]): string | undefined {
  if (importId === undefined) return undefined;
  if (importId !== id) {
    return (
      `the stack already holds ${id}, but the import option names ${importId}. Remove the import option; to adopt ${importId} ` +
      `instead, first remove this resource from the stack (pulumi state delete <urn>, which leaves ${id} in the cloud)`
    );
  }
  if (replaces.length > 0) {
    return (
      `a change of ${replaces.join(", ")} replaces the resource, which the import option forbids: the replacement would delete ` +
      `the imported ${id}. Remove the import option from the program first (it is only needed until the first successful update)`
    );
  }
  return undefined;
}
