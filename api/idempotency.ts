// The Idempotency-Key header: a retried POST with the same key and body gets
// the first response again instead of acting twice.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../domain/record-chain.js';
import type { Pool } from '../platform/db.js';
import { HttpError, badRequest, conflict, toHttpError, unprocessable } from './errors.js';
import { IDEMPOTENCY_KEY_PATTERN } from './schemas.js';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const STALE_CLAIM_SECONDS = 60;

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(canonicalJson({ method, path, body: body ?? null }))
    .digest('hex');
}

export async function runIdempotent(
  pool: Pool,
  actorId: string,
  key: string,
  hash: string,
  exec: () => Promise<Reply>,
): Promise<Reply> {
  if (!IDEMPOTENCY_KEY_PATTERN.test(key))
    throw badRequest('headers.idempotency-key must be 1-200 visible ASCII characters', {
      issues: [
        { path: 'headers.idempotency-key', message: 'must be 1-200 visible ASCII characters' },
      ],
    });
  const claimed = await pool.query(
    'INSERT INTO idempotency_keys (actor_id, key, request_hash) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [actorId, key, hash],
  );
  // A claim left by an API process that died mid-request would block its key for
  // ever: after STALE_CLAIM_SECONDS (well past the Update deadline) a retry takes
  // it over and sends again (the Update id makes that attach, not repeat).
  const takenOver =
    claimed.rowCount === 0
      ? await pool.query(
          `UPDATE idempotency_keys SET created_at = now()
            WHERE actor_id = $1 AND key = $2 AND request_hash = $3 AND status IS NULL
              AND created_at < now() - make_interval(secs => $4)`,
          [actorId, key, hash, STALE_CLAIM_SECONDS],
        )
      : undefined;
  if (claimed.rowCount === 0 && takenOver?.rowCount === 0) {
    const { rows } = await pool.query<{
      request_hash: string;
      status: number | null;
      response: unknown;
    }>(
      'SELECT request_hash, status, response FROM idempotency_keys WHERE actor_id = $1 AND key = $2',
      [actorId, key],
    );
    const prior = rows[0];
    if (!prior)
      throw conflict(
        'idempotency_in_progress',
        'a request with this Idempotency-Key is being processed; retry shortly',
      );
    if (prior.request_hash !== hash) {
      throw unprocessable(
        'idempotency_key_reused',
        'this Idempotency-Key was already used with a different request',
      );
    }
    if (prior.status === null)
      throw conflict(
        'idempotency_in_progress',
        'a request with this Idempotency-Key is being processed; retry shortly',
      );
    return {
      status: prior.status,
      body: prior.response,
      headers: { 'Idempotent-Replayed': 'true' },
    };
  }

  const store = (status: number, body: unknown) =>
    pool.query(
      'UPDATE idempotency_keys SET status = $3, response = $4 WHERE actor_id = $1 AND key = $2',
      [actorId, key, status, JSON.stringify(body)],
    );
  try {
    const reply = await exec();
    await store(reply.status, reply.body);
    return reply;
  } catch (err) {
    const e = toHttpError(err);
    if (e.status >= 500) {
      // Nothing is known to have happened: free the key so that a retry runs again.
      await pool
        .query('DELETE FROM idempotency_keys WHERE actor_id = $1 AND key = $2', [actorId, key])
        .catch(() => undefined);
      throw err;
    }
    await store(e.status, {
      error: {
        code: e.code,
        message: e.message,
        ...(e.details !== undefined ? { details: e.details } : {}),
      },
    });
    throw err instanceof HttpError ? err : e;
  }
}
