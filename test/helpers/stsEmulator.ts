/** An emulator whose STS knows one fake OIDC issuer ("github") and two roles: "deploy", assumable
 *  with that issuer's tokens, and "ops", assumable by the account's keys (with external id
 *  "ops-ext" when one is sent). Shared by the credentials tests and the end-to-end test. */
import { writeFileSync } from "node:fs";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { oidcRole, STS_AUDIENCE, TestIssuer, type TokenClaims } from "./oidcIssuer";

export interface StsFixture {
  emu: RunningEmulator;
  issuer: TestIssuer;
  providerArn: string;
  deployArn: string;
  opsArn: string;
  /** Writes a fresh token (valid an hour from the emulator's now) into `path`, with no line break
   *  after it (as Kubernetes projects it); returns it. */
  writeToken(path: string, claims?: TokenClaims): string;
}

export async function startStsEmulator(opts: EmulatorOptions = {}): Promise<StsFixture> {
  const emu = await startEmulator({ port: 0, clock: "manual", delayScale: 0, ...opts });
  const issuer = new TestIssuer();
  const providerArn = emu.sts.putOidcProvider({ name: "github", issuerUrl: issuer.issuer, clientIds: [STS_AUDIENCE], jwks: issuer.jwks() }).arn;
  const deployArn = emu.sts.putRole(oidcRole("deploy", providerArn)).arn;
  const uid = emu.sts.accountId();
  const opsArn = emu.sts.putRole({
    name: "ops",
    maxSessionDuration: 7200,
    trustPolicy: {
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Principal: { RAM: [`acs:ram::${uid}:root`] } },
        // An external id, when sent, must be the agreed one.
        { Effect: "Deny", Action: "sts:AssumeRole", Principal: { RAM: ["*"] }, Condition: { StringLike: { "sts:ExternalId": "*" }, StringNotEquals: { "sts:ExternalId": "ops-ext" } } },
      ],
    },
  }).arn;
  return {
    emu,
    issuer,
    providerArn,
    deployArn,
    opsArn,
    writeToken(path, claims = {}) {
      const token = issuer.token(emu.admin.now(), claims);
      writeFileSync(path, token);
      return token;
    },
  };
}
