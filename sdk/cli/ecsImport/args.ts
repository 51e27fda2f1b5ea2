/** ecs-import's command line: parsed and checked before any call (a bad one exits 2). */
import { KINDS, kindFromOption, type KindInfo } from "./kinds";

export const USAGE = `Usage: ecs-import --region <region> --out <dir> [filters] [options]

Writes a Pulumi TypeScript project declaring the existing instances, disks, security groups,
key pairs, launch templates and deployment sets of a region with the \`import\` resource option:
its first \`pulumi up\` adopts them all (reads only).

Filters (all optional; a resource must match every one its kind can carry):
  --tag <key>=<value>   carries this tag (repeatable; "<key>=" or "<key>": any value)
  --vpc <vpc-id>        in this VPC
  --name <regex>        its ECS name matches this JavaScript regular expression
  --ids <id,…>          only these ids (key pairs by name; repeatable)
  --kinds <kind,…>      only these kinds: ${KINDS.map((k) => k.option).join(", ")}
  Deployment sets have no tags, and disks, key pairs, launch templates and deployment sets are in
  no VPC: with --tag or --vpc they are adopted when an adopted resource uses them (or they use one).

Options:
  --region <region>     the region to read (repeatable); default: ALIBABA_CLOUD_REGION_ID or the profile's
  --out <dir>           the project folder to write (created; refused when not empty, unless --force)
  --project <name>      the Pulumi project name (default: the folder's name)
  --endpoint <url>      ECS endpoint (default: ALIBABA_CLOUD_ECS_ENDPOINT, else the region's)
  --profile <name>      aliyun CLI profile for credentials (default: the usual chain)
  --include-managed     also adopt resources a Pulumi stack manages (carrying its ownership tag)
  --force               write into a folder that is not empty (overwrites the files it writes)
  --dry-run             print what it would write, write nothing
  --help                this text

Credentials: the provider's chain (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET, profiles,
OIDC, RAM role). Exit codes: 0 written (or printed), 1 no resource matched, 2 bad arguments, 3 failed
(an ECS error names the action, code and RequestId).`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface ImportOptions {
  regions: string[];
  out?: string;
  project?: string;
  tags: Record<string, string>;
  vpcId?: string;
  nameRegex?: string;
  ids: string[];
  kinds: KindInfo[];
  endpoint?: string;
  profile?: string;
  includeManaged: boolean;
  force: boolean;
  dryRun: boolean;
  help: boolean;
}

const list = (v: string): string[] => v.split(",").map((s) => s.trim()).filter(Boolean);

export function parseArgs(argv: readonly string[]): ImportOptions {
  const o: ImportOptions = { regions: [], tags: {}, ids: [], kinds: [...KINDS], includeManaged: false, force: false, dryRun: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].startsWith("--") && argv[i].includes("=") ? [argv[i].slice(0, argv[i].indexOf("=")), argv[i].slice(argv[i].indexOf("=") + 1)] : [argv[i], undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--region":
        o.regions.push(value());
        break;
      case "--out":
        o.out = value();
        break;
      case "--project":
        o.project = value();
        if (!/^[A-Za-z0-9_.-]+$/.test(o.project)) throw new UsageError(`--project ${o.project}: a Pulumi project name takes letters, digits, '_', '.' and '-'`);
        break;
      case "--tag": {
        const v = value();
        const eq = v.indexOf("=");
        const k = eq < 0 ? v : v.slice(0, eq);
        if (!k) throw new UsageError(`--tag ${v}: the key is empty (write <key>=<value>)`);
        o.tags[k] = eq < 0 ? "" : v.slice(eq + 1);
        break;
      }
      case "--vpc":
        o.vpcId = value();
        if (!o.vpcId.startsWith("vpc-")) throw new UsageError(`--vpc ${o.vpcId}: a VPC id starts with "vpc-"`);
        break;
      case "--name":
        o.nameRegex = value();
        try {
          new RegExp(o.nameRegex);
        } catch (err) {
          throw new UsageError(`--name ${o.nameRegex}: not a regular expression (${(err as Error).message})`);
        }
        break;
      case "--ids":
        o.ids.push(...list(value()));
        break;
      case "--kinds": {
        const named = list(value()).map((w) => {
          const k = kindFromOption(w);
          if (!k) throw new UsageError(`--kinds: unknown kind "${w}" (known: ${KINDS.map((x) => x.option).join(", ")})`);
          return k;
        });
        o.kinds = KINDS.filter((k) => named.includes(k));
        break;
      }
      case "--endpoint":
        o.endpoint = value();
        break;
      case "--profile":
        o.profile = value();
        break;
      case "--include-managed":
        o.includeManaged = true;
        break;
      case "--force":
        o.force = true;
        break;
      case "--dry-run":
        o.dryRun = true;
        break;
      case "--help":
      case "-h":
        o.help = true;
        break;
      default:
        throw new UsageError(`unknown argument ${argv[i]}`);
    }
  }
  if (!o.help && !o.out && !o.dryRun) throw new UsageError("--out <dir> is required (or --dry-run to print what it would write)");
  return o;
}
