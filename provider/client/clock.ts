/** Where the client reads the time and waits: its retries and its rate limiter. Real by default;
 *  tests that drive time by events (test/provider/manualClock.ts, test/client/helpers/virtualClock.ts)
 *  install theirs with EcsClient.useClock, so every wait follows one virtual time. */
export interface ClientClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClientClock: ClientClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
