// What `npm start` and `npm run cluster` share about the app on its embedded
// defaults: the API's signing secret kept in the data directory, and the store
// of the mail catcher that the API's /mail page reads.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { CaughtMail } from '../dev/mail-catcher.js';
import type { Reporter } from './supervisor.js';

// ---------------------------------------------------------------- secrets ---

/** The API's HS256 secret, made once so that issued tokens survive a restart. */
export function jwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) return secret;
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

// ------------------------------------------------------------ mail catcher ---

/** Stores caught mail in the app database, where the API's /mail page reads it. */
export function storeCaughtMail(databaseUrl: string, report: Reporter) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', (error) => report.warn(`mail store: ${error.message}`));
  const onMail = async (mail: CaughtMail) => {
    // All recipients, so the page finds a message by any of them (Cc and Bcc too).
    const recipients = [...new Set([...mail.to, ...mail.cc, ...mail.envelopeTo])];
    // Until the API or worker has run the migrations the table is missing: the
    // insert fails, the catcher answers 451 and the sender retries later.
    await pool.query(
      `INSERT INTO caught_mail (message_id, from_addr, to_addrs, subject, text_body, html_body, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (message_id) DO NOTHING`,
      [mail.messageId, mail.from, recipients, mail.subject, mail.text, mail.html, mail.receivedAt],
    );
    report.say(`mail to ${recipients.join(', ')}: ${mail.subject}`);
  };
  return { onMail, close: () => pool.end() };
}
