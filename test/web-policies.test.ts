// Policy versions in the page: the regional administrator publishes one (a
// confirmation naming the consequence first) and sees it in force; other
// actors read the versions and have no form. Debian's Chromium, headless, on
// the real API app, worker and PostgreSQL, as test/web.test.ts sets up.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateKeyOf } from '../domain/calendar.js';
import { startApi, type ApiHarness } from './support/api.js';

const SLOW = { timeout: 15_000, interval: 100 };
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(import.meta.dirname, '..', 'docs', 'screenshots')
    : join(import.meta.dirname, '..', 'test-results', 'screenshots');

let api: ApiHarness;
const open: { context: BrowserContext; dir: string }[] = [];
beforeAll(async () => {
  api = await startApi();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  for (const { context, dir } of open) {
    await context.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
  await api?.stop();
});

async function browse(): Promise<Page> {
  const dir = mkdtempSync(join(tmpdir(), 'zhucun-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: api.baseUrl,
  });
  context.setDefaultTimeout(15_000);
  open.push({ context, dir });
  return context.pages()[0] ?? (await context.newPage());
}

async function signInAs(page: Page, actorId: string) {
  await page.goto('/');
  await expect.poll(() => page.locator('h1').textContent()).toBe('登录');
  await page.locator(`button[data-actor="${actorId}"]`).click();
  await page.locator('#nav').waitFor();
  await page.getByRole('link', { name: '政策版本' }).click();
  await page.getByRole('heading', { level: 1, name: '政策版本' }).waitFor();
}

const rows = (page: Page) =>
  page
    .locator('#policy-versions tbody tr')
    .evaluateAll((trs: any[]) => trs.map((tr) => [...tr.children].map((c: any) => c.textContent)));

describe('policy versions in the page', () => {
  it('lets the regional administrator publish a version, confirmed first, which is then in force', async () => {
    const page = await browse();
    await signInAs(page, 'admin-gx');
    expect(await rows(page)).toHaveLength(1);
    const today = dateKeyOf(Date.now());
    await page.getByLabel('版本号').fill('gx-2026.2');
    await page.getByLabel('生效日期').fill(today);
    await page.getByLabel('发布理由').fill('每月在村天数由20天提高到22天');
    await page.getByLabel('每月最少在村天数').fill('22');
    await page.getByRole('button', { name: '发布', exact: true }).click();
    // Nothing is sent before the consequence is confirmed.
    await page.getByText('发布后不能修改或撤回').waitFor();
    expect(await rows(page)).toHaveLength(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'policies-confirm.png'), fullPage: true });
    await page.getByRole('button', { name: '确认' }).click();
    await page.getByText('已发布政策版本 gx-2026.2。').waitFor(SLOW);
    await expect.poll(() => rows(page), SLOW).toHaveLength(2);
    const [, published] = await rows(page);
    expect(published![0]).toContain('gx-2026.2');
    expect(published![0]).toContain('现行');
    expect(published![1]).toBe(today);
    expect(published).toContain('22');
    expect(published!.at(-1)).toBe('每月在村天数由20天提高到22天');
    await page.screenshot({ path: join(SCREENSHOTS, 'policies.png'), fullPage: true });

    // The same version again with other rules: refused, in words.
    await page.getByLabel('版本号').fill('gx-2026.2');
    await page.getByLabel('生效日期').fill(today);
    await page.getByLabel('发布理由').fill('重复');
    await page.getByLabel('每月最少在村天数').fill('21');
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByRole('button', { name: '确认' }).click();
    await page
      .locator('#publish-policy .error, #publish-policy [role="alert"]')
      .first()
      .waitFor(SLOW);
    expect(await rows(page)).toHaveLength(2);
  });

  it('shows the versions to a county, with no form to publish', async () => {
    const page = await browse();
    await signInAs(page, 'org-wuming');
    await expect.poll(() => rows(page), SLOW).toHaveLength(2);
    expect(await page.locator('#publish-policy').count()).toBe(0);
  });
});
