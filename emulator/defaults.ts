/** Defaults that let a new user run the emulator with no flags at all. */
export const DEFAULT_ACCESS_KEY_ID = "ecs-emulator";
export const DEFAULT_ACCESS_KEY_SECRET = "ecs-emulator-secret";
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8833;
export const ECS_API_VERSION = "2014-05-26";
/** The VPC API (2016-04-28): the emulator serves its DescribeVpcs and DescribeVSwitches too. */
export const VPC_API_VERSION = "2016-04-28";
export const VPC_ACTIONS: ReadonlySet<string> = new Set(["DescribeVpcs", "DescribeVSwitches"]);

/** How long each status transition takes (ms of emulated time) before delayScale applies.
 *  Real ECS takes tens of seconds; these keep a real-clock demo lively but still observable. */
export interface DelayProfile {
  instancePending: number; // Pending → Starting (after RunInstances)
  instanceStarting: number; // Starting → Running
  instanceStopping: number; // Stopping → Stopped
  instanceReleasing: number; // DeleteInstance → gone
  diskCreating: number; // Creating → Available
  diskAttaching: number; // Attaching → In_use
  diskDetaching: number; // Detaching → Available
  diskResizing: number; // in-place resize (status stays, size changes immediately)
  diskReIniting: number; // ReInitDisk: ReIniting → In_use
}

export const DEFAULT_DELAYS: DelayProfile = {
  instancePending: 2000,
  instanceStarting: 3000,
  instanceStopping: 3000,
  instanceReleasing: 2000,
  diskCreating: 1500,
  diskAttaching: 1500,
  diskDetaching: 1500,
  diskResizing: 0,
  diskReIniting: 1500,
};

/** Replay window for Timestamp / x-acs-date, measured on the real wall clock. */
export const TIMESTAMP_SKEW_MS = 15 * 60 * 1000;
