/** The contract report of one run: coverage table, findings, and which of them FINDINGS.md already lists. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { coverage, coverageTable, findings, readLogs, type Finding } from "./check";

export const FINDINGS_FILE = join(__dirname, "FINDINGS.md");

/** Keys of the findings FINDINGS.md lists: the backquoted first column of its table rows. */
export function knownFindingKeys(file = FINDINGS_FILE): Set<string> {
  if (!existsSync(file)) return new Set();
  const keys = [...readFileSync(file, "utf8").matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1]!);
  return new Set(keys);
}

export interface ContractReport {
  text: string;
  all: Finding[];
  unexpected: Finding[];
}

export function contractReport(dir: string): ContractReport {
  const obs = readLogs(dir);
  const all = findings(obs);
  const known = knownFindingKeys();
  const unexpected = all.filter((f) => !known.has(f.key));
  const listed = all.filter((f) => known.has(f.key));
  const lines = ["wire contract (official SDK models @alicloud/ecs20140526):", coverageTable(coverage(obs), obs)];
  if (listed.length) lines.push(`known provider findings still seen (test/contract/FINDINGS.md): ${listed.length}`, ...listed.map((f) => `  ${f.key}: ${f.problem}`));
  const seen = new Set(all.map((f) => f.key));
  const gone = [...known].filter((k) => !seen.has(k));
  if (gone.length) lines.push(`${gone.length} finding(s) listed in FINDINGS.md not seen in this run (fixed, or not exercised by the tests that ran)${gone.length <= 3 ? ": " + gone.join("; ") : ""}`);
  if (unexpected.length) lines.push(`NEW findings: ${unexpected.length}`, ...unexpected.map((f) => `  ${f.key}: ${f.problem}`));
  else lines.push("no new findings");
  return { text: lines.join("\n"), all, unexpected };
}
