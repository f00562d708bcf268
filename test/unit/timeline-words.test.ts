// Every action the workflows log, and every reason code they give, has its
// sentence in both languages of the page (web/words/timeline.js). The actions
// and codes are read from the golden traces of test/unit/term-state-trace.test.ts,
// which drive the terms down every path.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const golden = resolve(here, '__golden__');
// The timeline's words, and the objection's (each area keeps its words in web/words/).
const wordsUrls = ['timeline.js', 'objection.js', 'corrections.js'].map(
  (file) => pathToFileURL(resolve(here, '..', '..', 'web', 'words', file)).href,
);

interface Entry {
  action: string;
  params?: Record<string, string | number>;
}

/** Every timeline entry with params in the golden traces. */
function loggedEntries(): Entry[] {
  const found: Entry[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const v = value as Record<string, unknown>;
    if (typeof v.action === 'string' && typeof v.detail === 'string')
      found.push(v as unknown as Entry);
    Object.values(v).forEach(visit);
  };
  for (const file of readdirSync(golden))
    visit(JSON.parse(readFileSync(resolve(golden, file), 'utf8')));
  return found;
}

describe('the page words every timeline entry', () => {
  it('has a sentence for each action and reason code in Chinese and English', async () => {
    const words: { zh: Record<string, string>; en: Record<string, string> } = { zh: {}, en: {} };
    for (const url of wordsUrls) {
      const area = (await import(url)) as typeof words;
      Object.assign(words.zh, area.zh);
      Object.assign(words.en, area.en);
    }
    const entries = loggedEntries();
    expect(entries.length).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const entry of entries) {
      expect(entry.params, `${entry.action} has params`).toBeDefined();
      const params = entry.params!;
      const keys = [`timeline.${entry.action}`];
      if (entry.action === 'trained') keys[0] = `timeline.trained.${params.training}`;
      if (params.because !== undefined) keys.push(`because.${params.because}`);
      if (params.rung !== undefined) keys.push(`rung.${params.rung}`);
      if (params.ruleId !== undefined) keys.push(`rule.${params.ruleId}`);
      if (params.kind !== undefined) keys.push(`requestKind.${params.kind}`);
      if (params.body !== undefined) keys.push(`screener.${params.body}`);
      for (const key of keys)
        for (const [lang, dictionary] of Object.entries(words))
          if (!(key in dictionary)) missing.push(`${lang} ${key}`);
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
