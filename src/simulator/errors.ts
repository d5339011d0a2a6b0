/** A mistake in a control request or seed (HTTP 400 on the control API, or 404), naming what is wrong. */
export class SimError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SimError';
  }
}
