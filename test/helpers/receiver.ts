// A webhook receiver for tests: node:http on RECEIVER_HOST, answering each request with the next
// status of `answers` (the last one repeats), at once, after `delayMs`, or never (a destination
// that hangs). Every receiver of the tests listens on RECEIVER_HOST: the one place to change
// should outgoing calls to it need allowing.
import type { IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export const RECEIVER_HOST = '127.0.0.1';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** performance.now() when the request arrived */
  at: number;
}

export class Receiver {
  readonly received: Received[] = [];
  answers: number[] = [200];
  /** sent with every answer that is not a 2xx */
  retryAfter: string | null = null;
  /** ms before answering; null: never answers (the request waits until the sender gives up) */
  delayMs: number | null = 0;
  /** requests waiting for their answer */
  waiting = 0;
  url = '';
  private server: Server;
  private pending = new Set<ServerResponse>();

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (body += c));
      req.on('end', () => {
        const status = this.answers.length > 1 ? this.answers.shift()! : this.answers[0]!;
        this.received.push({ headers: req.headers, body, at: performance.now() });
        this.waiting++;
        this.pending.add(res);
        res.on('close', () => {
          if (this.pending.delete(res)) this.waiting--;
        });
        const answer = () => res.writeHead(status, status >= 300 && this.retryAfter ? { 'retry-after': this.retryAfter } : {}).end();
        if (this.delayMs === 0) answer();
        else if (this.delayMs !== null) setTimeout(answer, this.delayMs);
      });
    });
  }

  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, RECEIVER_HOST, resolve));
    this.url = `http://${RECEIVER_HOST}:${(this.server.address() as AddressInfo).port}/hook`;
    return this;
  }

  /** Stops listening and cuts the requests still waiting for an answer. */
  close() {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    return closed;
  }
}
