// The test infrastructure itself: if one of these fails, every other suite
// would fail for a reason that has nothing to do with the code under test.
import { Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes.js';
import { startMailCatcher, type MailCatcher } from '../dev/mail-catcher.js';
import { createTestDatabase, devServerAddress, timeSkippingEnv } from './support/servers.js';

describe('shared Temporal dev server', () => {
  it('answers and has the search attributes registered', async () => {
    const connection = await Connection.connect({ address: devServerAddress() });
    try {
      const info = await connection.workflowService.getSystemInfo({});
      expect(info.serverVersion).toMatch(/^\d+\.\d+\.\d+/);

      const { customAttributes } = await connection.operatorService.listSearchAttributes({
        namespace: 'default',
      });
      for (const attribute of Object.values(SEARCH_ATTRIBUTES)) {
        expect(Object.keys(customAttributes ?? {})).toContain(attribute.name);
      }
    } finally {
      await connection.close();
    }
  });
});

describe('test databases', () => {
  it('are created fresh and isolated from each other', async () => {
    const [firstUrl, secondUrl] = await Promise.all([
      createTestDatabase('infra'),
      createTestDatabase('infra'),
    ]);
    expect(firstUrl).not.toBe(secondUrl);

    const first = new pg.Client({ connectionString: firstUrl });
    const second = new pg.Client({ connectionString: secondUrl });
    await Promise.all([first.connect(), second.connect()]);
    try {
      await first.query('CREATE TABLE note (body text NOT NULL)');
      await first.query('INSERT INTO note (body) VALUES ($1)', ['驻村']);
      const { rows } = await first.query<{ body: string }>('SELECT body FROM note');
      expect(rows).toEqual([{ body: '驻村' }]);

      const { rows: tables } = await second.query(
        "SELECT 1 FROM information_schema.tables WHERE table_name = 'note'",
      );
      expect(tables).toHaveLength(0);
    } finally {
      await Promise.all([first.end(), second.end()]);
    }
  });
});

describe('time-skipping test server', () => {
  it('skips 30 days in seconds', async () => {
    const env = await timeSkippingEnv();
    try {
      const before = await env.currentTimeMs();
      const wallStart = Date.now();
      await env.sleep('30 days');
      const after = await env.currentTimeMs();
      expect(after - before).toBeGreaterThanOrEqual(30 * 24 * 3600 * 1000);
      expect(Date.now() - wallStart).toBeLessThan(10_000);
    } finally {
      await env.teardown();
    }
  });
});

describe('mail catcher', () => {
  let catcher: MailCatcher;
  let failNext = false;

  beforeAll(async () => {
    catcher = await startMailCatcher({
      port: 0,
      onMail: () => {
        if (failNext) {
          failNext = false;
          throw new Error('database down');
        }
      },
    });
  });
  afterAll(async () => {
    await catcher.stop();
  });

  const send = (subject: string) =>
    nodemailer
      .createTransport({ host: catcher.host, port: catcher.port, secure: false, ignoreTLS: true })
      .sendMail({
        from: 'county-org@example.test',
        to: 'first-secretary@example.test',
        cc: 'township@example.test',
        subject,
        text: 'Your request has a reply.',
        html: '<p>Your request has a reply.</p>',
      });

  it('receives a message sent over SMTP on loopback', async () => {
    const sent = await send('Reply to request 42');
    const mail = await catcher.waitFor((m) => m.subject === 'Reply to request 42', 5000);
    expect(mail.messageId).toBe(sent.messageId);
    expect(mail.from).toBe('county-org@example.test');
    expect(mail.to).toEqual(['first-secretary@example.test']);
    expect(mail.cc).toEqual(['township@example.test']);
    expect(mail.text.trim()).toBe('Your request has a reply.');
    expect(mail.html).toContain('<p>Your request has a reply.</p>');
    expect(mail.headers['subject']).toBe('Reply to request 42');
  });

  it('answers 451 when onMail fails, so the sender can retry', async () => {
    failNext = true;
    await expect(send('Will be refused')).rejects.toMatchObject({ responseCode: 451 });
    expect(catcher.messages().map((m) => m.subject)).not.toContain('Will be refused');
  });

  it('can be stopped and started again on the same port', async () => {
    const port = catcher.port;
    await catcher.stop();
    await expect(send('While down')).rejects.toMatchObject({ code: 'ESOCKET' });
    await catcher.start();
    expect(catcher.port).toBe(port);
    await send('After restart');
    await catcher.waitFor((m) => m.subject === 'After restart', 5000);
    expect(catcher.messages().map((m) => m.subject)).toEqual([
      'Reply to request 42',
      'After restart',
    ]);
  });
});
