// The simulated world's clock: real time × speed from a starting instant, plus explicit jumps.
// Speed 0 freezes it (a test then moves it only by `advance`); speed 60 plays an hour a minute.
// It never goes back: spend already reported must stay reported.
//
// Only the world (spend, dates, change history) runs on it. What happens on the wire (access
// tokens' expiry, faults' durations, retry delays, rate-limit windows) runs on real time, since
// the client waiting on it does.

export class SimClock {
  private base: number;
  private realBase: number;
  private rate: number;

  constructor(start: number = Date.now(), speed = 1) {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a number ≥ 0');
    this.base = start;
    this.realBase = performance.now();
    this.rate = speed;
  }

  /** The simulated instant (ms since the epoch). */
  now(): number {
    return Math.floor(this.base + (performance.now() - this.realBase) * this.rate);
  }

  get speed(): number {
    return this.rate;
  }

  setSpeed(speed: number): void {
    if (!(speed >= 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a number ≥ 0');
    this.base = this.now();
    this.realBase = performance.now();
    this.rate = speed;
  }

  /** Moves the clock forward by ms (≥ 0). */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError('the clock only moves forward');
    this.base = this.now() + ms;
    this.realBase = performance.now();
  }

  /** Moves the clock to an instant at or after now. */
  set(at: number): void {
    const now = this.now();
    if (!(at >= now)) throw new RangeError(`the clock only moves forward (it is ${new Date(now).toISOString()})`);
    this.advance(at - now);
  }
}
