// Tests wait on conditions, not on time: waitFor polls what the test waits for and fails naming
// it, so a busy machine makes a test slower, never wrong. sleep is for the few tests where time
// itself is the condition (a rate-limit bucket refilling, a database down for ten seconds, a
// load's pace); each call says why.

export interface WaitOptions {
  /** give up after this many ms (default 10 s) */
  timeout?: number;
  /** poll every this many ms (default 20) */
  interval?: number;
  /** what is waited for, named when it does not come (a function: as it stands then) */
  what?: string | (() => string);
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * The first truthy value of `condition`, polled every `interval` ms. A condition that throws (an
 * `expect`, a request to a server that is not up yet) counts as not yet. After `timeout` ms it
 * rejects, naming `what` and the condition's last error.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { timeout = 10_000, interval = 20, what = 'a condition' }: WaitOptions = {},
): Promise<Truthy<T>> {
  const deadline = performance.now() + timeout;
  for (;;) {
    let failure: unknown = null;
    try {
      const value = await condition();
      if (value) return value as Truthy<T>;
    } catch (error) {
      failure = error;
    }
    if (performance.now() >= deadline) {
      const why = failure instanceof Error ? `: ${failure.message}` : '';
      throw new Error(`waited ${timeout} ms for ${typeof what === 'function' ? what() : what}${why}`, { cause: failure });
    }
    await sleep(interval); // the poll's interval, not a wait for anything
  }
}

/** A fixed pause: only where time itself is the condition, said at each call. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
