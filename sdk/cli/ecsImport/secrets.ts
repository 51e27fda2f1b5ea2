/** Values ECS never reports, that a program may still state: secrets and write-only inputs (an
 *  instance's password) and a key pair's public key (ECS
 *  reports only its fingerprint). They become stack-config placeholders (`config.getSecret("web1Password")`),
 *  listed in the emitted README; unset, the adoption goes ahead without them. A secret is never
 *  written, even if a read ever reported one. */
import { readable } from "../../../provider/spec/wire";
import { kindInfo, type Bag } from "./kinds";

/** Inputs ECS reports only as a fingerprint, which the adoption verifies a program's value against. */
const VERIFIED_BY_FINGERPRINT: Record<string, readonly string[]> = { KeyPair: ["publicKey"] };

export type PlaceholderUse = "secret" | "writeOnly" | "verified";

export interface Placeholder {
  property: string;
  /** The stack config key (the project's namespace). */
  key: string;
  secret: boolean;
  use: PlaceholderUse;
}

/** The inputs of a kind that can become placeholders, and why. */
export function placeholderInputs(kind: string): Omit<Placeholder, "key">[] {
  return Object.entries(kindInfo(kind).spec.inputs).flatMap(([property, p]): Omit<Placeholder, "key">[] => {
    if (p.change.kind === "provider") return [];
    if (p.secret) return [{ property, secret: true, use: "secret" }];
    if (p.writeOnly && !readable(p)) return [{ property, secret: false, use: "writeOnly" }];
    if (VERIFIED_BY_FINGERPRINT[kind]?.includes(property) && !readable(p)) return [{ property, secret: false, use: "verified" }];
    return [];
  });
}

/** The placeholders of one resource (its variable names the keys: "web1Password"), and its
 *  inputs without any secret. A write-only value the read did report stays a literal. */
export function placeholdersOf(kind: string, variable: string, inputs: Bag): { placeholders: Placeholder[]; inputs: Bag } {
  const kept = { ...inputs };
  const placeholders: Placeholder[] = [];
  for (const { property, secret, use } of placeholderInputs(kind)) {
    if (!secret && kept[property] !== undefined) continue;
    delete kept[property];
    placeholders.push({ property, key: `${variable}${property.charAt(0).toUpperCase()}${property.slice(1)}`, secret, use });
  }
  return { placeholders, inputs: kept };
}
