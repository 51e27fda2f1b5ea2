/** Jest global teardown: after every worker has finished, checks the run's wire-contract log against
 *  the official SDK's models (check.ts), prints the coverage table and fails the run on any finding
 *  that FINDINGS.md does not list. Runs in jest's parent process, so it sees every process's lines
 *  however the test files were spread over workers. */
import { rmSync } from "node:fs";
import { CONTRACT_LOG_ENV } from "../../provider/client/contractLog";
import { contractReport } from "./report";

export default function globalTeardown(): void {
  const dir = process.env[CONTRACT_LOG_ENV];
  if (!dir || process.env.ECS_CONTRACT_CHECK === "0") return;
  const report = contractReport(dir);
  if (process.env.ECS_CONTRACT_LOG_OWNED === "1" && process.env.ECS_CONTRACT_KEEP !== "1") rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`\n${report.text}\n`);
  if (report.unexpected.length) throw new Error(`wire contract: ${report.unexpected.length} finding(s) not listed in test/contract/FINDINGS.md (see above)`);
}
