// The page draws one button per decision from the table it is served
// (/web/vocabulary.js); each decision other than approve and reject has its
// words, in both languages, in web/words/objection.js.
import { describe, expect, it } from 'vitest';
import { PAGE_VOCABULARY_JS } from '../../api/routes/web.js';
import { DECISIONS, TASK_DECISIONS } from '../../domain/decisions.js';
// @ts-expect-error -- the page's plain JavaScript modules have no type declarations
import * as objectionWords from '../../web/words/objection.js';

const words = objectionWords as unknown as Record<'zh' | 'en', Record<string, string>>;

describe('the decisions in the page', () => {
  it('are served to the page from the one table', () => {
    expect(PAGE_VOCABULARY_JS).toContain(
      `export const TASK_DECISIONS = ${JSON.stringify(TASK_DECISIONS)};`,
    );
  });

  it('each have a button, an outcome and (where they end something) a second step, in zh and en', () => {
    const own = DECISIONS.filter((decision) => decision !== 'approve' && decision !== 'reject');
    for (const language of ['zh', 'en'] as const)
      for (const decision of own) {
        expect(words[language][`decision.${decision}`], `${language} ${decision}`).toBeTruthy();
        expect(words[language][`outcome.${decision}`], `${language} ${decision}`).toBeTruthy();
        const confirms = Object.values(TASK_DECISIONS).some((rules) => rules[decision]?.confirm);
        if (confirms) {
          expect(words[language][`decision.confirm.${decision}`]).toBeTruthy();
          expect(words[language][`decision.consequence.${decision}`]).toBeTruthy();
        }
      }
    expect(Object.keys(words.zh).sort()).toEqual(Object.keys(words.en).sort());
  });
});
