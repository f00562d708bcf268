// The browser the page tests drive: Debian's Chromium, headless, through
// playwright-core, one fresh profile per page, closed after each test; the
// sign-in of a demo actor; screenshots; and the checks any page must pass.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';

// The functions given to page.evaluate run in the browser; the project
// compiles for Node (no DOM lib), so the browser globals they use are declared.
declare const document: any;
declare const getComputedStyle: (el: any) => any;
declare const NodeFilter: { SHOW_TEXT: number };
type El = any;

/** For what waits on a decision's round trip (an Update and its record write): up to 15 s on a loaded machine. */
export const SLOW = { timeout: 15_000, interval: 100 };
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** test-results/screenshots/; with UPDATE_SCREENSHOTS=1 the ones README.md shows. */
export const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? join(import.meta.dirname, '..', '..', 'docs', 'screenshots')
    : join(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

/** A page whose own script failures are kept: a failure there fails the test. */
export type WatchedPage = Page & { scriptErrors: string[] };

/**
 * For one test file: `browse()` opens a page on a fresh Chromium profile at
 * the app's address; every page opened in a test is closed after it.
 */
export function useBrowser(baseUrl: () => string) {
  const open: { context: BrowserContext; dir: string }[] = [];
  mkdirSync(SCREENSHOTS, { recursive: true });
  afterEach(async () => {
    for (const { context, dir } of open.splice(0)) {
      await context.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return async function browse(viewport = { width: 1280, height: 900 }): Promise<WatchedPage> {
    const dir = mkdtempSync(join(tmpdir(), 'zhucun-chromium-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      locale: 'zh-CN',
      // The browser's own words (a file field's button) in Chinese, as a
      // Chinese user's browser shows them: Chromium on Linux takes its UI
      // language from LANGUAGE (its locale files: Debian's chromium-l10n).
      env: { ...process.env, LANGUAGE: 'zh_CN:zh' },
      timezoneId: 'Asia/Shanghai',
      baseURL: baseUrl(),
    });
    context.setDefaultTimeout(15_000);
    open.push({ context, dir });
    const page = (context.pages()[0] ?? (await context.newPage())) as WatchedPage;
    page.scriptErrors = [];
    page.on('pageerror', (e) => page.scriptErrors.push(e.message));
    return page;
  };
}

export const scriptErrors = (page: Page) => (page as WatchedPage).scriptErrors;

/** Signs in as a demo actor from the sign-in page and waits for the landing page's heading. */
export async function signInAs(page: Page, actorId: string, landing = '待办任务') {
  await page.goto('/');
  await expect.poll(() => page.locator('h1').textContent()).toBe('登录');
  await page.locator(`button[data-actor="${actorId}"]`).click();
  await page.getByRole('heading', { level: 1, name: landing }).waitFor();
}

export async function shoot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Every form control has a label; every text has at least 4.5:1 contrast (3:1 when large). */
export async function checkAccessibility(page: Page) {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll('input, select, textarea') as El[]) {
      if (el.type === 'hidden') continue;
      if (
        !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))
      )
        out.push(`no label: ${el.outerHTML.slice(0, 80)}`);
    }
    const rgba = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: El | null): number[] => {
      const layers: number[][] = [];
      for (let e = el; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        const a = c[3] ?? 1;
        if (a > 0) layers.push([c[0]!, c[1]!, c[2]!, a]);
        if (a >= 1) break;
      }
      let color = [255, 255, 255];
      for (const [r, g, b, a] of layers.reverse())
        color = [
          r! * a! + color[0]! * (1 - a!),
          g! * a! + color[1]! * (1 - a!),
          b! * a! + color[2]! * (1 - a!),
        ];
      return color;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<El>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !n.textContent?.trim()) continue;
      seen.add(el);
      if (
        !el.getClientRects().length ||
        el.closest('[hidden], .visually-hidden, noscript, .skip, button:disabled')
      )
        continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden') continue;
      const fg = rgba(style.color);
      const [l1, l2] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
      const ratio = (l1! + 0.05) / (l2! + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        out.push(`contrast ${ratio.toFixed(2)} for "${n.textContent.trim().slice(0, 30)}"`);
    }
    return out;
  });
  expect(problems).toEqual([]);
}
