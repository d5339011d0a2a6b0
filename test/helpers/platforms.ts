// The service's ad-platform settings for tests: pointed at a simulator (helpers/simulator.ts) as
// `budget start` would read them from its settings, and a BUDGET_SECRET_KEY of the tests' own.
import { readSettings } from '../../src/config.ts';
import { secretKeyOf } from '../../src/platforms/secrets.ts';
import { platformSettings } from '../../src/platforms/settings.ts';
import type { PlatformSettings } from '../../src/platforms/types.ts';
import type { Simulator } from '../../src/simulator/server.ts';

/** BUDGET_SECRET_KEY as a test process sets it (a spawned service: its environment). */
export const SECRET_KEY_SETTING = 'test-budget-secret-key-0123456789-abcdefghij';
/** Its AES key, as the service derives it. */
export const SECRET_KEY = secretKeyOf(SECRET_KEY_SETTING);

/** GOOGLE_ADS_*, META_* and OUTBOUND_ALLOW_HOSTS pointing at the simulator, read as settings. */
export function platformTestSettings(sim: Simulator): { platforms: PlatformSettings } {
  return { platforms: platformSettings(readSettings(sim.settings())) };
}
