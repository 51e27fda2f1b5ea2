/** A real S3-compatible server for the state backend of the GitOps tests: s3rver (npm, a
 *  devDependency), in this process on a free loopback port, with its objects in a temp folder. It
 *  verifies AWS signatures, so the CLI must present its account's keys, as it would OSS's. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import S3rver from "s3rver";
import { DUMMY_ACCOUNT } from "s3rver/lib/models/account";

export interface RunningS3Server {
  /** "http://127.0.0.1:PORT" */
  endpoint: string;
  bucket: string;
  /** The variables the CLI's S3 backend (AWS SDK v2) reads its keys from. */
  credentials: { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string };
  /** Where the server keeps the objects, to look at what the backend wrote. */
  directory: string;
  /** Lets these keys sign requests too, as OSS accepts a RAM role's temporary keys when the role
   *  may use the bucket (the server ignores the session token). */
  grant(accessKeyId: string, secretAccessKey: string): void;
  close(): Promise<void>;
}

/** s3rver's built-in account. */
const S3RVER_KEY = "S3RVER";

export async function startS3Server(bucket: string): Promise<RunningS3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), "e2e-s3-"));
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const granted: string[] = [];
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    credentials: { AWS_ACCESS_KEY_ID: S3RVER_KEY, AWS_SECRET_ACCESS_KEY: S3RVER_KEY },
    directory,
    grant: (accessKeyId, secretAccessKey) => {
      DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
      granted.push(accessKeyId);
    },
    close: async () => {
      for (const key of granted) DUMMY_ACCOUNT.revokeAccessKey(key);
      try {
        await server.close();
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}

/** The project's backend URL (Pulumi.yaml backend.url, an s3:// URL) pointed at another endpoint,
 *  keeping every other parameter: the same URL form the pipeline uses, on this server. */
export function backendUrlFor(projectBackendUrl: string, server: RunningS3Server): string {
  const url = new URL(projectBackendUrl);
  if (url.protocol !== "s3:") throw new Error(`expected an s3:// backend URL, got ${projectBackendUrl}`);
  url.hostname = server.bucket;
  url.searchParams.set("endpoint", server.endpoint);
  return url.toString();
}
