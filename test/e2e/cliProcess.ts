/** A `pulumi` command run as a process of its own, killed the way a crash would kill it (the CLI
 *  and every plugin, SIGKILL) once a condition holds: what an interrupted CI job leaves behind. */
import { spawn } from "node:child_process";
import { PULUMI_BIN, type E2eStack } from "./harness";
import { killTree, survivors } from "./processTree";

export interface KilledRun {
  /** The pids killed: the CLI and its plugins. */
  killed: number[];
  /** What the CLI printed before it died. */
  output: string;
}

/** Runs `pulumi <args> --stack <stack>` in `cwd` and kills it as soon as `when()` resolves true
 *  (polled every 20 ms). Fails if the command ends first. */
export async function killDuring(e2e: E2eStack, cwd: string, args: readonly string[], when: () => boolean | Promise<boolean>): Promise<KilledRun> {
  const cli = spawn(`${PULUMI_BIN}/pulumi`, [...args, "--yes", "--skip-preview", "--non-interactive", "--stack", e2e.stackName], {
    cwd,
    env: { ...process.env, ...e2e.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  cli.stdout.on("data", (d: Buffer) => (output += d.toString()));
  cli.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => cli.once("exit", () => resolve()));
  const killed = await new Promise<number[]>((resolve, reject) => {
    let checking = false;
    const poll = setInterval(() => {
      if (checking) return;
      if (cli.exitCode !== null) {
        clearInterval(poll);
        reject(new Error(`pulumi ${args.join(" ")} ended before it could be killed:\n${output}`));
        return;
      }
      checking = true;
      Promise.resolve(when())
        .then((now) => {
          if (!now || cli.exitCode !== null) return;
          clearInterval(poll);
          resolve(killTree(cli.pid as number));
        }, reject)
        .finally(() => (checking = false));
    }, 20);
  });
  await exited;
  const alive = await survivors(killed);
  if (alive.length) throw new Error(`processes survived SIGKILL: ${alive.join(", ")}`);
  return { killed, output };
}
