// The product's HTTP API as its users call it: a signed token per actor, an
// Idempotency-Key on writes, and the retries a careful client makes (a 5xx,
// or the same key still in progress, is tried again with backoff).
import { performance } from 'node:perf_hooks';
import { signDemoToken } from '../api/demo.js';
import type { Actor } from '../domain/actors.js';
import { sleep } from './lib.js';
import type { Recorder } from './recorder.js';

export interface ApiReply {
  status: number;
  // The API's JSON, read loosely: the driver only looks at a few fields.
  body: any;
  /** Round trip of the attempt that answered. */
  ms: number;
}

const MAX_RETRIES = 10;
const backoffMs = (attempt: number) => Math.min(3_000, 250 * 2 ** attempt);

export class ApiCaller {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly baseUrl: string,
    private readonly jwtSecret: string,
    private readonly recorder: Recorder,
  ) {}

  private tokenFor(actor: Actor): Promise<string> {
    let token = this.tokens.get(actor.id);
    if (!token)
      this.tokens.set(
        actor.id,
        (token = signDemoToken(actor, this.jwtSecret, { expiresIn: '3d' })),
      );
    return token;
  }

  async call(
    method: 'GET' | 'POST',
    path: string,
    as: Actor,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<ApiReply> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = {
        authorization: `Bearer ${await this.tokenFor(as)}`,
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      const sentAt = performance.now();
      try {
        const response = await fetch(this.baseUrl + path, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await response.text();
        const ms = performance.now() - sentAt;
        const parsed = text ? (JSON.parse(text) as any) : undefined;
        const transient =
          response.status >= 500 ||
          (response.status === 409 && parsed?.error?.code === 'idempotency_in_progress');
        if (transient && attempt < MAX_RETRIES) {
          this.recorder.httpRetries++;
          await sleep(backoffMs(attempt));
          continue;
        }
        return { status: response.status, body: parsed, ms };
      } catch (err) {
        if (attempt >= MAX_RETRIES) throw err;
        this.recorder.httpRetries++;
        await sleep(backoffMs(attempt));
      }
    }
  }
}
