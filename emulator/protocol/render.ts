/** JSON and XML bodies in the reference's shapes: arrays are repeated elements named by their key
 *  (Instances: { Instance: [a, b] } → <Instances><Instance>a</Instance><Instance>b</Instance></Instances>). */
export type Format = "JSON" | "XML";

const xmlEscape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] as string);

function xmlValue(name: string, value: unknown, out: string[]): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) xmlValue(name, item, out);
    return;
  }
  if (typeof value === "object") {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) xmlValue(k, v, out);
    out.push(`</${name}>`);
    return;
  }
  out.push(`<${name}>${xmlEscape(String(value))}</${name}>`);
}

export function toXml(root: string, body: Record<string, unknown>): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  xmlValue(root, body, out);
  return out.join("");
}

export function render(format: Format, root: string, body: Record<string, unknown>): { contentType: string; text: string } {
  if (format === "XML") return { contentType: "text/xml;charset=utf-8", text: toXml(root, body) };
  return { contentType: "application/json;charset=utf-8", text: JSON.stringify(body) };
}
