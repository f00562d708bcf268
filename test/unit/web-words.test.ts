// The page's words have one home each: per area in web/words/ (none over the
// size that asks for a split), and those the API shares (task titles, stages,
// ratings, grounds, the overview's column words) in the vocabulary the API
// serves as /web/vocabulary.js, whose types web/vocabulary.d.ts declares.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PAGE_VOCABULARY } from '../../api/routes/web.js';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
const wordFiles = readdirSync(join(web, 'words')).filter((file) => file.endsWith('.js'));

type Words = Record<'zh' | 'en', Record<string, string>>;
const loadWords = async (file: string) =>
  (await import(pathToFileURL(join(web, 'words', file)).href)) as Words;

/** Every .js file of the page, with its path under web/. */
function pageFiles(dir = web, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? pageFiles(join(dir, entry.name), `${prefix}${entry.name}/`)
      : entry.name.endsWith('.js')
        ? [`${prefix}${entry.name}`]
        : [],
  );
}

describe("the page's words", () => {
  it('are said once: no key in two files of web/words/, none of those the vocabulary serves', async () => {
    const served = [
      ...Object.keys(PAGE_VOCABULARY.TASK_KIND_TITLES).map((k) => `kind.${k}`),
      ...Object.keys(PAGE_VOCABULARY.STAGE_LABELS).map((k) => `stage.${k}`),
      ...Object.keys(PAGE_VOCABULARY.RATING_LABELS).map((k) => `rating.${k}`),
      ...Object.keys(PAGE_VOCABULARY.CASE_GROUND_LABELS).map((k) => `ground.${k}`),
      ...Object.keys(PAGE_VOCABULARY.OVERVIEW_WORDS).map((k) => `overview.${k}`),
    ];
    const home = new Map<string, string>(served.map((key) => [key, 'vocabulary.js']));
    const twice: string[] = [];
    for (const file of wordFiles) {
      const words = await loadWords(file);
      for (const key of new Set([...Object.keys(words.zh), ...Object.keys(words.en)])) {
        const other = home.get(key);
        if (other) twice.push(`${key}: ${other} and ${file}`);
        home.set(key, file);
      }
    }
    expect(twice).toEqual([]);
  });

  it('come in files of at most 600 lines', () => {
    const long = pageFiles()
      .map((file) => ({ file, lines: readFileSync(join(web, file), 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 600);
    expect(long).toEqual([]);
  });
});

describe('web/vocabulary.d.ts', () => {
  it('declares exactly the names /web/vocabulary.js exports', () => {
    const declared = [
      ...readFileSync(join(web, 'vocabulary.d.ts'), 'utf8').matchAll(
        /^export declare const (\w+): Vocabulary\['(\w+)'\];$/gm,
      ),
    ];
    for (const [, name, key] of declared) expect(key).toBe(name);
    expect(declared.map(([, name]) => name).sort()).toEqual(Object.keys(PAGE_VOCABULARY).sort());
  });
});
