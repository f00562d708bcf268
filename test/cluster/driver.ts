// Drives terms over the HTTP API of both API processes, as clients do: signed
// bearer tokens, an Idempotency-Key per action, a retry with the same key
// after a 5xx or a broken connection until the answer is definitive. Every
// acknowledged action is kept, to check afterwards that the record holds each
// exactly once; every 5xx answer is kept, to see which were not 503s.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { signDemoToken } from '../../api/demo.js';
import { candidateAt, demoActor } from '../support/fixtures.js';

/** What the record must show once, for one acknowledged action. */
export interface Ack {
  phase: string;
  kind: 'nomination' | 'vetting_reply' | 'approve_dispatch';
  officialId: string;
  termId: string;
  /** The decided task (decisions only). */
  taskId?: string;
  actorId: string;
  /** The decision log's action for it. */
  action: 'nominated' | 'request_replied' | 'dispatch_approved';
  /** The API process (1 or 2) that gave the acknowledging answer. */
  api: number;
  attempts: number;
  /** Acknowledged by a retry that found it done ("already decided" / "already exists"). */
  foundDone: boolean;
  /** Round trip of the answered attempt, ms. */
  latencyMs: number;
}

export interface ServerError {
  phase: string;
  api: number;
  method: string;
  path: string;
  /** 0: no HTTP answer (connection refused or reset). */
  status: number;
  code: string;
}

interface OpenTask {
  id: string;
  kind: string;
  assignee: { role: string; body?: string };
}

const SCREENING_BODIES = {
  discipline: 'disc-wuming',
  petition: 'pet-wuming',
  police: 'pol-wuming',
};
const NOMINATOR = 'du-nanning';
const COUNTY_ORG = 'org-wuming';
/** A single action gives up after this (a fault lasts seconds, not minutes). */
const ACTION_DEADLINE_MS = 180_000;
/**
 * An Idempotency-Key answered "in progress" for this long is taken as stuck
 * (its request died with the database connection before it could release
 * the key) and the action goes on under a new key, as a client would.
 */
const STUCK_KEY_MS = 20_000;

export class ApiDriver {
  readonly acks: Ack[] = [];
  readonly serverErrors: ServerError[] = [];
  /** Idempotency-Keys left "in progress" for good, with the request they were for. */
  readonly stuckKeys: { phase: string; path: string }[] = [];
  phase = 'start';
  /** Terms with a decision request waiting for its answer right now. */
  readonly inFlight = new Map<string, number>();
  private turn = 0;
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    private readonly baseUrls: string[],
    private readonly secret: string,
  ) {}

  private token(actorId: string): Promise<string> {
    let token = this.tokens.get(actorId);
    if (!token) {
      token = signDemoToken(demoActor(actorId), this.secret);
      this.tokens.set(actorId, token);
    }
    return token;
  }

  /** Requests alternate between the API processes. */
  private nextApi(): number {
    return this.turn++ % this.baseUrls.length;
  }

  private async send(
    api: number,
    method: string,
    path: string,
    actorId: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await this.token(actorId)}`,
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let status = 0;
    let parsed: any;
    try {
      const response = await fetch(this.baseUrls[api] + path, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(90_000),
      });
      status = response.status;
      const text = await response.text();
      parsed = (response.headers.get('content-type') ?? '').includes('json')
        ? JSON.parse(text)
        : text;
    } catch (error) {
      parsed = { error: { code: (error as Error).name } };
    }
    if (status === 0 || status >= 500) {
      this.serverErrors.push({
        phase: this.phase,
        api: api + 1,
        method,
        path,
        status,
        code: String(parsed?.error?.code ?? ''),
      });
    }
    return { status, body: parsed };
  }

  /**
   * Sends one action until it is acknowledged: 2xx, or, after an attempt that
   * may have landed, the answer that it already has. Anything else fails.
   */
  private async act(
    ack: Omit<Ack, 'api' | 'attempts' | 'foundDone' | 'latencyMs' | 'phase'>,
    path: string,
    body: unknown,
    foundDone: (status: number, code: string) => boolean,
  ): Promise<Ack> {
    let key = randomUUID();
    let inProgressSince: number | undefined;
    const deadline = Date.now() + ACTION_DEADLINE_MS;
    let landedMaybe = false;
    for (let attempt = 1; ; attempt++) {
      const api = this.nextApi();
      const started = Date.now();
      this.inFlight.set(ack.termId, (this.inFlight.get(ack.termId) ?? 0) + 1);
      const reply = await this.send(api, 'POST', path, ack.actorId, body, key).finally(() => {
        const left = (this.inFlight.get(ack.termId) ?? 1) - 1;
        if (left) this.inFlight.set(ack.termId, left);
        else this.inFlight.delete(ack.termId);
      });
      const latencyMs = Date.now() - started;
      const code = String(reply.body?.error?.code ?? '');
      const done = reply.status >= 200 && reply.status < 300;
      if (done || (landedMaybe && foundDone(reply.status, code))) {
        const acked: Ack = {
          ...ack,
          phase: this.phase,
          api: api + 1,
          attempts: attempt,
          foundDone: !done,
          latencyMs,
        };
        this.acks.push(acked);
        return acked;
      }
      const retry =
        reply.status === 0 ||
        reply.status >= 500 ||
        (reply.status === 409 && code === 'idempotency_in_progress');
      if (!retry || Date.now() > deadline) {
        throw new Error(
          `${ack.kind} by ${ack.actorId} (${path}): ${reply.status} ${JSON.stringify(reply.body)} after ${attempt} attempt(s)`,
        );
      }
      landedMaybe = true;
      if (reply.status === 409) {
        inProgressSince ??= Date.now();
        if (Date.now() - inProgressSince > STUCK_KEY_MS) {
          this.stuckKeys.push({ phase: this.phase, path });
          key = randomUUID();
          inProgressSince = undefined;
        }
      } else inProgressSince = undefined;
      await sleep(Math.min(250 * attempt, 2000));
    }
  }

  async nominate(): Promise<{ officialId: string; termId: string }> {
    const profile = candidateAt(Date.now());
    const termId = `term-${profile.officialId}`;
    await this.act(
      {
        kind: 'nomination',
        officialId: profile.officialId,
        termId,
        actorId: NOMINATOR,
        action: 'nominated',
      },
      '/api/nominations',
      profile,
      (status, code) => status === 409 && code === 'already_exists',
    );
    return { officialId: profile.officialId, termId };
  }

  /** The official's open tasks from the record (read by the county), once it shows `ready`. */
  async openTasks(officialId: string, ready: (tasks: OpenTask[]) => boolean): Promise<OpenTask[]> {
    const deadline = Date.now() + ACTION_DEADLINE_MS;
    for (;;) {
      const reply = await this.send(
        this.nextApi(),
        'GET',
        `/api/officials/${officialId}`,
        COUNTY_ORG,
      );
      if (reply.status === 200 && ready(reply.body.openTasks)) return reply.body.openTasks;
      if (Date.now() > deadline)
        throw new Error(
          `open tasks of ${officialId}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 500)}`,
        );
      await sleep(200);
    }
  }

  private decide(
    term: { officialId: string; termId: string },
    task: OpenTask,
    actorId: string,
    action: Ack['action'],
  ): Promise<Ack> {
    return this.act(
      {
        kind: task.kind as Ack['kind'],
        officialId: term.officialId,
        termId: term.termId,
        taskId: task.id,
        actorId,
        action,
      },
      `/api/tasks/${encodeURIComponent(task.id)}/decision`,
      { decision: 'approve', comment: 'nothing on file' },
      (status, code) => status === 409 && code === 'already_decided',
    );
  }

  /**
   * One term from nomination to dispatch approval: the three screening bodies
   * reply to their vetting requests, then the county approves. Stops between
   * steps once `stop()` holds.
   */
  async runTerm(stop: () => boolean): Promise<void> {
    const term = await this.nominate();
    for (const [body, actorId] of Object.entries(SCREENING_BODIES)) {
      if (stop()) return;
      const tasks = await this.openTasks(term.officialId, (open) =>
        open.some((t) => t.kind === 'vetting_reply' && t.assignee.body === body),
      );
      const task = tasks.find((t) => t.kind === 'vetting_reply' && t.assignee.body === body)!;
      await this.decide(term, task, actorId, 'request_replied');
    }
    if (stop()) return;
    const tasks = await this.openTasks(term.officialId, (open) =>
      open.some((t) => t.kind === 'approve_dispatch'),
    );
    const approval = tasks.find((t) => t.kind === 'approve_dispatch')!;
    await this.decide(term, approval, COUNTY_ORG, 'dispatch_approved');
  }
}

/** p-th percentile (0-100) of the values, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}
