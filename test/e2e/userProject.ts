/** The package as a user installs it: `npm pack` of this repository (what `npm publish` uploads),
 *  and a fresh Pulumi project outside the repository, so that nothing resolves through the
 *  repository's node_modules, which installs the tarball next to its own @pulumi/pulumi. */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../bench/lib/emulatorProcess";
import { exampleDir } from "../../bench/lib/pulumiStack";

export interface PackageJson {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

export const repoPackage = (): PackageJson => readJson<PackageJson>(path.join(REPO_ROOT, "package.json"));

/** The oldest @pulumi/pulumi the package admits: the floor of its caret range. */
export function oldestPulumiSdk(): string {
  const range = repoPackage().dependencies["@pulumi/pulumi"];
  const floor = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (!floor) throw new Error(`package.json declares @pulumi/pulumi as "${range}"; the tarball test expects a caret range ^x.y.z`);
  return floor[1];
}

export interface PackedPackage {
  tarball: string;
  /** Paths inside the package, as `npm pack --json` lists them. */
  files: string[];
  dispose(): void;
}

/** `npm pack` of the built repository into a temp folder. */
export function packPackage(): PackedPackage {
  if (!existsSync(path.join(REPO_ROOT, "dist", "sdk", "index.js"))) {
    throw new Error("dist/sdk/index.js is missing: the tarball packs the built package; run 'make build' first");
  }
  const dir = mkdtempSync(path.join(tmpdir(), "e2e-pack-"));
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir, "--loglevel=error"], { cwd: REPO_ROOT, encoding: "utf8" });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface UserProject {
  dir: string;
  dispose(): void;
}

/** A fresh project with examples/<example>'s program. Its package.json is what `pulumi new
 *  typescript` writes plus the tarball: @pulumi/pulumi at `pulumiVersion`, typescript and
 *  @types/node as dev dependencies (at this repository's versions). Installed with npm install. */
export function installUserProject(example: string, tarball: string, pulumiVersion: string): UserProject {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), `e2e-user-${example}-`)));
  const source = exampleDir(example);
  for (const file of readdirSync(source)) {
    // The program and its settings; not the stack files other runs leave there.
    if (file === "Pulumi.yaml" || file === "tsconfig.json" || file.endsWith(".ts")) cpSync(path.join(source, file), path.join(dir, file));
  }
  const dev = repoPackage().devDependencies;
  const manifest = {
    name: `user-${example}`,
    private: true,
    main: "index.ts",
    dependencies: { "@pulumi/pulumi": pulumiVersion, "pulumi-alicloud-ecs": `file:${tarball}` },
    devDependencies: { typescript: dev.typescript, "@types/node": dev["@types/node"] },
  };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  try {
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: "pipe" });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every @pulumi/pulumi in a project's node_modules tree, nested copies included. */
export function pulumiSdkInstalls(projectDir: string): { dir: string; version: string }[] {
  const found: { dir: string; version: string }[] = [];
  const walk = (nodeModules: string): void => {
    if (!existsSync(nodeModules)) return;
    for (const entry of readdirSync(nodeModules)) {
      if (entry.startsWith(".")) continue;
      const scoped = entry.startsWith("@") ? readdirSync(path.join(nodeModules, entry)).map((n) => path.join(entry, n)) : [entry];
      for (const name of scoped) {
        const dir = path.join(nodeModules, name);
        if (lstatSync(dir).isSymbolicLink()) continue;
        if (name === path.join("@pulumi", "pulumi")) found.push({ dir, version: readJson<{ version: string }>(path.join(dir, "package.json")).version });
        walk(path.join(dir, "node_modules"));
      }
    }
  };
  walk(path.join(projectDir, "node_modules"));
  return found;
}
