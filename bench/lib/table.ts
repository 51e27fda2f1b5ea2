/** The result shape every measure returns, and its rendering as a Markdown table. */
import { round } from "./stats";

export interface Row {
  metric: string;
  ours: number | string;
  baseline?: number | string;
  /** ours / baseline (or as the row says). */
  ratio?: number;
  target?: string;
  /** Whether `ours` (or the ratio) meets the target; undefined when the row has no target. */
  met?: boolean;
}

export interface MeasureResult {
  id: number;
  title: string;
  /** What ran, against what, with which settings. */
  setup: string;
  /** What the baseline column is. */
  baseline: string;
  rows: Row[];
  /** Raw figures for results.json. */
  details: Record<string, unknown>;
  /** Why a target was missed, or a caveat worth reading next to the numbers. */
  notes: string[];
  wallMs: number;
}

const cell = (v: number | string | undefined): string => (v === undefined ? "–" : typeof v === "number" ? String(round(v)) : v);

export function renderTable(m: MeasureResult): string {
  const lines = [
    `### ${m.id}. ${m.title}`,
    "",
    m.setup,
    "",
    `Baseline: ${m.baseline}`,
    "",
    "| metric | ours | baseline | ratio | target | met |",
    "| --- | ---: | ---: | ---: | --- | :---: |",
    ...m.rows.map((r) => `| ${r.metric} | ${cell(r.ours)} | ${cell(r.baseline)} | ${r.ratio === undefined ? "–" : `${round(r.ratio, 2)}×`} | ${r.target ?? "–"} | ${r.met === undefined ? "–" : r.met ? "yes" : "**no**"} |`),
  ];
  if (m.notes.length) lines.push("", ...m.notes.map((n) => `- ${n}`));
  lines.push("", `(measure took ${round(m.wallMs / 1000, 1)} s)`);
  return lines.join("\n");
}

/** ours / baseline, undefined when either is missing or the baseline is 0. */
export function ratio(ours: number | undefined, baseline: number | undefined): number | undefined {
  if (ours === undefined || baseline === undefined || !Number.isFinite(ours) || !Number.isFinite(baseline) || baseline === 0) return undefined;
  return ours / baseline;
}
