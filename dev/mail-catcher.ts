// A loopback SMTP server that accepts every message, for `npm start` and tests:
// the app sends real SMTP and nothing leaves the machine. Stop and start again
// on the same port to simulate the mail server being down.
import { randomUUID } from 'node:crypto';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  messageId: string;
  /** Address in the From header (envelope sender when the header has none). */
  from: string;
  /** Addresses in the To header (envelope recipients when the header has none). */
  to: string[];
  cc: string[];
  /** Every address the sender gave at RCPT TO, including Bcc. */
  envelopeTo: string[];
  subject: string;
  text: string;
  html: string | null;
  /** Header lines by lower-case name; repeated headers are joined with '\n'. */
  headers: Record<string, string>;
  receivedAt: Date;
}

export interface MailCatcherOptions {
  host?: string;
  /** 0 picks a free port once; restarts keep it. */
  port: number;
  /** Awaited before the message is accepted; throwing answers 451 so the sender retries. */
  onMail?: (mail: CaughtMail) => Promise<void> | void;
}

export interface MailCatcher {
  readonly host: string;
  readonly port: number;
  /** Messages accepted so far (across restarts), oldest first. */
  messages(): CaughtMail[];
  /** Resolves with the first caught message (already caught or still to come) matching the predicate. */
  waitFor(predicate: (mail: CaughtMail) => boolean, timeoutMs?: number): Promise<CaughtMail>;
  clear(): void;
  /** Listens again on the same port after stop(). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  const result: string[] = [];
  const walk = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.address) result.push(entry.address);
      if (entry.group) walk(entry.group);
    }
  };
  for (const object of objects) walk(object.value);
  return result;
}

function headerRecord(lines: ReadonlyArray<{ key: string; line: string }>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of lines) {
    const value = line.slice(line.indexOf(':') + 1).trim();
    const name = key.toLowerCase();
    headers[name] = name in headers ? `${headers[name]}\n${value}` : value;
  }
  return headers;
}

interface Waiter {
  predicate: (mail: CaughtMail) => boolean;
  resolve: (mail: CaughtMail) => void;
}

export async function startMailCatcher(options: MailCatcherOptions): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  let port = options.port;
  const caught: CaughtMail[] = [];
  const waiters = new Set<Waiter>();
  let server: SMTPServer | undefined;

  const accept = async (mail: CaughtMail) => {
    await options.onMail?.(mail);
    caught.push(mail);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(mail)) {
        waiters.delete(waiter);
        waiter.resolve(mail);
      }
    }
  };

  const createServer = () =>
    new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      size: 25 * 1024 * 1024,
      // Tests stop the catcher mid-run; don't hold the port for the default 30 s.
      closeTimeout: 1000,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then(async (parsed) => {
            const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
            const headerTo = addresses(parsed.to);
            await accept({
              messageId: parsed.messageId ?? `<${randomUUID()}@mail-catcher.invalid>`,
              from: addresses(parsed.from)[0] ?? envelopeFrom,
              to: headerTo.length > 0 ? headerTo : envelopeTo,
              cc: addresses(parsed.cc),
              envelopeTo,
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: parsed.html === false ? null : parsed.html,
              headers: headerRecord(parsed.headerLines),
              receivedAt: new Date(),
            });
            callback();
          })
          .catch((error: unknown) => {
            const reason = error instanceof Error ? error.message : String(error);
            const failure = Object.assign(new Error(`Temporary failure: ${reason}`), {
              responseCode: 451,
            });
            callback(failure);
          });
      },
    });

  const catcher: MailCatcher = {
    host,
    get port() {
      return port;
    },
    messages: () => [...caught],
    clear: () => {
      caught.length = 0;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const found = caught.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<CaughtMail>((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (mail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `No matching mail within ${timeoutMs} ms; caught: ${JSON.stringify(caught.map((m) => ({ to: m.to, subject: m.subject })))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async start() {
      if (server) return;
      const next = createServer();
      await new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen(port, host, () => {
          next.off('error', reject);
          resolve();
        });
      });
      // Errors after start (a client resetting its socket) must not crash the process.
      next.on('error', () => {});
      const address = next.server.address();
      if (address && typeof address === 'object') port = address.port;
      server = next;
    },
    async stop() {
      const current = server;
      server = undefined;
      if (!current) return;
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
  };

  await catcher.start();
  return catcher;
}
