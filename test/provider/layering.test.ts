/** The provider and the sdk ship without the emulator: nothing under provider/ or sdk/ may import
 *  from emulator/ (the emulator may import the provider's shared code, not the other way round). */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const EMULATOR = join(ROOT, "emulator");

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Module specifiers of import/export-from statements and require/import() calls. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*|^\s*import\s+)["']([^"']+)["']/gm)) found.push(m[1]!);
  return found;
}

test("no module under provider/ or sdk/ imports the emulator", () => {
  const files = [...tsFiles(join(ROOT, "provider")), ...tsFiles(join(ROOT, "sdk"))];
  expect(files.length).toBeGreaterThan(20);
  const offending = files.flatMap((file) =>
    specifiers(readFileSync(file, "utf8"))
      .filter((s) => s.startsWith("."))
      .filter((s) => {
        const target = resolve(file, "..", s);
        return target === EMULATOR || target.startsWith(EMULATOR + "/");
      })
      .map((s) => `${relative(ROOT, file)} imports ${s}`),
  );
  expect(offending).toEqual([]);
});

test("the OpenSSH key parser has one home, provider/ssh, which the emulator imports", () => {
  const emulatorSources = tsFiles(EMULATOR).map((f) => readFileSync(f, "utf8"));
  expect(emulatorSources.some((s) => s.includes("function parseOpenSshPublicKey"))).toBe(false);
  expect(emulatorSources.some((s) => specifiers(s).some((x) => x.endsWith("provider/ssh/publicKey")))).toBe(true);
});

/** Relative imports of a file that load code (type-only imports are erased), resolved to files
 *  (".ts" or "/index.ts"). */
function localImports(file: string): string[] {
  return specifiers(readFileSync(file, "utf8").replace(/^import type [^;]+;$/gm, ""))
    .filter((s) => s.startsWith("."))
    .map((s) => resolve(file, "..", s))
    .map((target) => [`${target}.ts`, join(target, "index.ts"), target].find((f) => tsFiles(resolve(f, "..")).includes(f)) ?? target);
}

test("layers point one way: nothing under provider/ imports sdk/", () => {
  const SDK = join(ROOT, "sdk");
  const offending = tsFiles(join(ROOT, "provider")).flatMap((file) =>
    localImports(file)
      .filter((target) => target === SDK || target.startsWith(SDK + "/"))
      .map((target) => `${relative(ROOT, file)} imports ${relative(ROOT, target)}`),
  );
  expect(offending).toEqual([]);
});

test("the specs are pure data: their import closure holds no client, poller or provider runtime", () => {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const f of localImports(file)) if (f.endsWith(".ts")) visit(f);
  };
  visit(join(ROOT, "provider", "resources", "specs.ts"));
  visit(join(ROOT, "sdk", "data", "spec.ts"));
  const closure = [...seen].map((f) => relative(ROOT, f));
  expect(closure).toEqual(expect.arrayContaining(["provider/resources/instance/spec.ts", "provider/spec/limits.ts"]));
  expect(closure.filter((f) => /^provider\/(client|wait)\/|\/index\.ts$|define\.ts$/.test(f))).toEqual([]);
});
