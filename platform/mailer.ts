import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

export interface MailerConfig {
  host: string;
  port: number;
  /** TLS from the first byte (port 465). Otherwise STARTTLS is used when offered. */
  secure: boolean;
  user?: string;
  pass?: string;
  /** Default sender, e.g. `"驻村管理 Zhucun" <noreply@zhucun.example>`. */
  from: string;
}

export type Mailer = nodemailer.Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

// An SMTP outage must fail the activity within seconds so that Temporal's
// retry policy (with backoff) takes over; nodemailer's defaults wait minutes.
const CONNECTION_TIMEOUT_MS = 5_000;
const GREETING_TIMEOUT_MS = 5_000;
const SOCKET_TIMEOUT_MS = 15_000;

/**
 * One SMTP transport, not pooled (plain SMTPTransport, no `pool: true`): each
 * message opens its own connection, so a relay that went away never leaves a
 * stale pooled socket behind a retried activity.
 */
export function createMailer(config: MailerConfig): Mailer {
  const options: SMTPTransport.Options = {
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.user ? { user: config.user, pass: config.pass ?? '' } : undefined,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: SOCKET_TIMEOUT_MS,
    dnsTimeout: CONNECTION_TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  return nodemailer.createTransport(options, { from: config.from });
}
