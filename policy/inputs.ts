/** The boundary between @pulumi/policy and the rules: resource inputs as plain values, with every
 *  value the preview cannot know yet replaced by UNKNOWN. The policy SDK hands inputs over behind
 *  a proxy that throws UnknownValueError on such a value; reading them all up front lets a rule
 *  report what it can decide (an SSH rule open to the world) even when another part of the same
 *  resource (a security group id of another rule) is still unknown. */
import { UnknownValueError } from "@pulumi/policy";

/** A value the preview cannot know yet. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

export type Inputs = Record<string, unknown>;

export interface ReadInputs {
  inputs: Inputs;
  /** The first unknown value met, as the SDK reports it; undefined when every value is known. */
  unknown?: UnknownValueError;
}

/** Copies the SDK's proxied inputs into plain objects and arrays (the serialized provider,
 *  `__provider`, is left out: it is no input of the resource). */
export function readInputs(props: Record<string, unknown>): ReadInputs {
  let unknown: UnknownValueError | undefined;
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return Array.from({ length: value.length }, (_, i) => read(value as unknown[], i));
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.keys(value).map((k) => [k, read(value as Record<string, unknown>, k)]));
    }
    return value;
  };
  const read = (holder: Record<string, unknown> | unknown[], key: string | number): unknown => {
    try {
      return copy((holder as Record<string | number, unknown>)[key]);
    } catch (e) {
      if (!(e instanceof UnknownValueError)) throw e;
      unknown ??= e;
      return UNKNOWN;
    }
  };
  const inputs: Inputs = {};
  for (const key of Object.keys(props)) {
    if (key !== "__provider") inputs[key] = read(props, key);
  }
  return { inputs, unknown };
}
