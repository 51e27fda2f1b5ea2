/** Jest global setup: points every process of the run (jest workers, emulator CLIs, Pulumi's provider
 *  processes) at one wire-contract log directory; globalTeardown.ts checks it after the run. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONTRACT_LOG_ENV } from "../../provider/client/contractLog";

export default function globalSetup(): void {
  if (process.env[CONTRACT_LOG_ENV] || process.env.ECS_CONTRACT_CHECK === "0") return;
  process.env[CONTRACT_LOG_ENV] = mkdtempSync(join(tmpdir(), "ecs-contract-"));
  process.env.ECS_CONTRACT_LOG_OWNED = "1";
}
