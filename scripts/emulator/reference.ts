/** Extracts, from the ECS API reference (the 2019 edition, PDF text: ../shared/seeds/003_*.txt), each
 *  action's section line and its error-code table (code, HTTP status, line) into
 *  test/emulator/fidelity/reference.json, which the fidelity tests check the emulator against.
 *
 *  The PDF text breaks codes across lines ("InvalidPri" / "vateIpAddress." / "Duplicated"), runs a
 *  code into its message ("MissingParameter The input"), splits descriptions with page footers, and
 *  repeats table headers on every page. The heuristics below read most tables right; CORRECTIONS
 *  fixes, by line, the entries they read wrong (each checked by hand against the text).
 *
 *  node scripts/run-ts.js scripts/emulator/reference.ts [--check]   (--check: fail if the JSON is stale) */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");
export const SEEDS = resolve(ROOT, "../../shared/seeds");
export const OUT = join(ROOT, "test/emulator/fidelity/reference.json");

export interface ReferenceError {
  code: string;
  status: number;
  /** 1-based line of the code in the seed. */
  line: number;
}
export interface ReferenceAction {
  line: number;
  errors: ReferenceError[];
}

/** line → the right code (or null: not an error entry), where the heuristics misread the table. */
const CORRECTIONS: Readonly<Record<number, string | null>> = {
  7133: null, // StopInstance: "ForceStop is invalid …" continues the previous entry's description
};

const SECTION = /^\s*(\d+)\.(\d+)\s+([A-Z][A-Za-z]+)\s*$/;
/** Table headers, page footers and the "see the API error center" boilerplate. */
const NOISE = /^(Error code Error message.*|status code|Description|Meaning|Note|NOTE|HTTP status code|HTTP|Error codes.*|The following error codes.*|API error center.*|Error code.*|.*[Cc]enter\.|\d+ Issue: \d{8}|Issue: \d{8})$/;
const CODE_LINE = /^[A-Za-z0-9.\-_]+$/;
/** A code's first word: CamelCase ("MissingParameter", the fragment "InvalidPri") or dotted ("Account.Arrearage"). */
const CODE_START = /^[A-Z][a-z0-9]*[A-Z.]|^[A-Z][A-Za-z0-9]*\.$/;
const STATUS = /^(400|403|404|500|503)(\s|$)/;
const INLINE_STATUS = /^(.*\S)\s+((?:400|403|404|500|503)\s+(?:The|You|Your|An|A|To|For|Internal|No|Abnormal)\b.*)$/;

/** The code a paragraph starts with, or ends with after a stray piece of the previous description. */
function codeIn(text: readonly string[]): string | undefined {
  // "MissingParameter The input …": a code, then its message on the same line.
  const [first, second] = text[0]!.split(" ");
  if (CODE_START.test(first!) && second && /^[A-Z"“]/.test(second)) return first;
  // A code broken over lines ("InvalidPri" / "vateIpAddress." / "Duplicated"), maybe after a stray piece of text.
  for (let k = 0; k < text.length; k++) {
    const run = text.slice(k);
    if (/^[A-Z]/.test(text[k]!) && run.every((x) => CODE_LINE.test(x)) && (run.length > 1 || CODE_START.test(run[0]!))) return run.join("");
  }
  return CODE_START.test(first!) ? first : undefined;
}

export function seedFile(): string | undefined {
  if (!existsSync(SEEDS)) return undefined;
  const f = readdirSync(SEEDS).find((n) => n.startsWith("003_") && n.endsWith(".txt"));
  return f && join(SEEDS, f);
}

export function extract(text: string): Record<string, ReferenceAction> {
  const lines = text.split("\n");
  const sections: Array<[string, number]> = [];
  lines.forEach((l, i) => {
    const m = SECTION.exec(l);
    if (m && Number(m[1]) >= 6 && Number(m[1]) <= 21) sections.push([m[3]!, i]);
  });
  const out: Record<string, ReferenceAction> = {};
  sections.forEach(([name, start], k) => {
    const end = sections[k + 1]?.[1] ?? lines.length;
    const errors: ReferenceError[] = [];
    const from = lines.slice(start, end).findIndex((l) => l.trim() === "Error codes");
    if (from >= 0) {
      // Paragraphs (split at blank and noise lines), each with the line of its first text.
      const paras: Array<{ line: number; text: string[] }> = [];
      let cur: { line: number; text: string[] } | undefined;
      for (let j = start + from + 1; j < end; j++) {
        let l = lines[j]!.trim();
        // A status inside a line ("The key pair quota exceeds. 403 The number of …"): the line's end starts the description.
        const inline = INLINE_STATUS.exec(l);
        if (inline && !STATUS.test(l)) {
          cur ??= { line: j + 1, text: [] };
          cur.text.push(inline[1]!);
          paras.push(cur);
          cur = undefined;
          l = inline[2]!;
        }
        if (l === "" || NOISE.test(l) || STATUS.test(l)) {
          if (cur) paras.push(cur);
          cur = undefined;
          if (!STATUS.test(l)) continue;
        }
        cur ??= { line: j + 1, text: [] };
        cur.text.push(l);
      }
      if (cur) paras.push(cur);
      let pending: typeof paras = [];
      for (const p of paras) {
        const m = STATUS.exec(p.text[0]!);
        if (!m) {
          pending.push(p);
          continue;
        }
        // The code starts the first paragraph (after the previous description's stray pieces) whose
        // first word looks like a code: all of it when it is only code fragments, else that word.
        const found = pending.map((c) => ({ c, code: codeIn(c.text) })).find((x) => x.code);
        const chosen = found?.c;
        if (found && chosen) {
          const code = found.code!;
          const fixed = Object.hasOwn(CORRECTIONS, chosen.line) ? CORRECTIONS[chosen.line] : code;
          if (fixed) errors.push({ code: fixed, status: Number(m[1]), line: chosen.line });
        }
        pending = [];
      }
    }
    out[name] = { line: start + 1, errors };
  });
  return out;
}

/** reference.json as this script writes it from the seed's text. */
export const renderReference = (seedText: string): string => `${JSON.stringify(extract(seedText), null, 1)}\n`;

if (process.argv[1] === __filename) {
  const seed = seedFile();
  if (!seed) {
    console.error(`reference: no seed 003_*.txt under ${SEEDS}`);
    process.exit(2);
  }
  const text = renderReference(readFileSync(seed, "utf8"));
  const before = existsSync(OUT) ? readFileSync(OUT, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (before !== text) {
      console.error(`${OUT} is stale: run node scripts/run-ts.js scripts/emulator/reference.ts`);
      process.exit(1);
    }
  } else if (before !== text) {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT}`);
  }
}
