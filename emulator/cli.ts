#!/usr/bin/env node
/** ecs-emulator: run the ECS API emulator from the command line. */
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_HOST, DEFAULT_PORT } from "./defaults";
import { startEmulator, type EmulatorOptions } from "./index";
import type { Credential } from "./protocol/auth";

const USAGE = `Usage: ecs-emulator [options]
  --host H                 listen address (default ${DEFAULT_HOST}; loopback only unless told otherwise)
  --port N                 port (default ${DEFAULT_PORT}; 0 = pick a free one)
  --state-file F           persist state to F (atomic writes) and reload it on start
  --access-key-id ID       an accepted AccessKey id (repeatable; pair each with --access-key-secret)
  --access-key-secret S    its secret (default credentials: ${DEFAULT_ACCESS_KEY_ID} / ${DEFAULT_ACCESS_KEY_SECRET})
  --security-token T       require this STS token for the preceding access key
  --delay-scale X          multiply every status-transition delay (0 = instant; default 1)
  --clock real|manual      manual: time only moves through the admin API (default real)
  --rate-limit N           requests/s per action and account (Throttling.User beyond)
  --sts-config F           STS roles, OIDC providers (issuer, client ids, JWKS) and trust, as JSON (emulator/README.md)
  --log                    one log line per call (action, status, code, duration)
  --help                   this text`;

export function parseArgs(rawArgv: readonly string[]): EmulatorOptions {
  // "--flag=value" is the same as "--flag value".
  const argv = rawArgv.flatMap((a) => (a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a]));
  const opts: EmulatorOptions = { port: DEFAULT_PORT };
  const creds: Partial<Credential>[] = [];
  let i = 0;
  const value = (flag: string): string => {
    const v = argv[++i];
    if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
    return v;
  };
  const number = (flag: string): number => {
    const n = Number(value(flag));
    if (!Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number ≥ 0`);
    return n;
  };
  const lastCredential = (flag: string): Partial<Credential> => {
    const last = creds[creds.length - 1];
    if (!last) throw new Error(`${flag} must follow its --access-key-id`);
    return last;
  };
  for (; i < argv.length; i++) {
    const flag = argv[i];
    switch (flag) {
      case "--host":
        opts.host = value(flag);
        break;
      case "--port":
        opts.port = number(flag);
        break;
      case "--state-file":
        opts.stateFile = value(flag);
        break;
      case "--access-key-id":
        creds.push({ accessKeyId: value(flag) });
        break;
      case "--access-key-secret":
        lastCredential(flag).accessKeySecret = value(flag);
        break;
      case "--security-token":
        lastCredential(flag).securityToken = value(flag);
        break;
      case "--delay-scale":
        opts.delayScale = number(flag);
        break;
      case "--clock": {
        const c = value(flag);
        if (c !== "real" && c !== "manual") throw new Error("--clock is real or manual");
        opts.clock = c;
        break;
      }
      case "--rate-limit":
        opts.rateLimit = number(flag);
        break;
      case "--log":
        opts.log = true;
        break;
      case "--sts-config":
        opts.stsConfigFile = value(flag);
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  for (const c of creds) if (!c.accessKeySecret) throw new Error(`--access-key-id ${c.accessKeyId} needs an --access-key-secret`);
  if (creds.length) opts.credentials = creds as Credential[];
  if (!Number.isInteger(opts.port) || (opts.port ?? 0) > 65535) throw new Error("--port must be an integer 0..65535");
  return opts;
}

async function main(): Promise<void> {
  if (process.argv.includes("--help") || process.argv.includes("-h")) {
    process.stdout.write(USAGE + "\n");
    return;
  }
  let opts: EmulatorOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`ecs-emulator: ${(err as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const emu = await startEmulator(opts);
  process.stdout.write(`ecs-emulator listening on ${emu.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emu.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`ecs-emulator: failed to flush state: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`ecs-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
