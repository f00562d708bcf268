// Corrections without a server: which effects of a voided fact unwind, which
// cannot (and open the county's task), who may void, and the page's words for
// every outcome.
import { pathToFileURL } from 'node:url';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileRecallRequest } from '../../workflows/term/cases.js';
import {
  annotateCheck,
  factRowsOf,
  keepAbsence,
  requireVoidable,
  voidFact,
} from '../../workflows/term/corrections.js';
import { recordAbsence, recordHealthCheck } from '../../workflows/term/duty-year.js';
import type { Term } from '../../workflows/term/ledger.js';
import { DAY, ORG, OTHER_ORG, TOWNSHIP, UNIT } from './support/term-fixtures.js';
import { DISPATCHED_AT, decideKind, onDuty, refusalOf } from './support/terms.js';

const NOW = DISPATCHED_AT + 10 * DAY;
/** The facts recorded on duty (the pre-dispatch training, `y0-t1`, comes first). */
const dutyFacts = (term: Term) => factRowsOf(term.data).filter((fact) => fact.year > 0);

function failCheck(term: Term, at = NOW) {
  recordHealthCheck(term, at, UNIT, false, 'unfit');
  annotateCheck(term.data, 'unfit', term.data.cases.find((c) => c.status !== 'closed')?.caseId);
}

describe('voiding a fact', () => {
  it('closes the case an unfit check opened as opened in error, with its recall task', () => {
    const term = onDuty();
    failCheck(term);
    expect(dutyFacts(term)[0]!.consequence).toEqual({
      effect: 'case_closed',
      caseId: 'term-off-1.c1',
    });
    voidFact(term, NOW + DAY, ORG, 'y1-h1', 'wrong official');
    expect(term.data.cases[0]).toMatchObject({ status: 'closed', outcome: 'opened_in_error' });
    expect(term.data.openTasks.filter((t) => t.kind === 'recall_reply')).toEqual([]);
    expect(dutyFacts(term)[0]).toMatchObject({ voided: { by: ORG.id } });
    expect(dutyFacts(term)[0]!.consequence).toBeUndefined();
  });

  it('takes only the health ground off a case the unit had opened by its own request', () => {
    const term = onDuty();
    fileRecallRequest(term, NOW, UNIT, 'needed at home');
    failCheck(term, NOW + DAY);
    voidFact(term, NOW + 2 * DAY, ORG, 'y1-h1', 'wrong official');
    expect(term.data.cases[0]).toMatchObject({ status: 'recall_requested', grounds: ['request'] });
  });

  it('cannot unwind a case already closed, and gives the county a task', () => {
    const term = onDuty();
    failCheck(term);
    decideKind(term, NOW + DAY, 'recall_reply', ORG, {
      decision: 'reject',
      comment: 'stays on post',
    });
    const answer = voidFact(term, NOW + 2 * DAY, UNIT, 'y1-h1', 'wrong official');
    expect(term.data.timeline.at(-1)!.params).toMatchObject({
      effect: 'not_unwound',
      blocked: 'case_closed',
    });
    expect(term.data.openTasks.find((t) => t.id === answer.taskId)).toMatchObject({
      kind: 'resolve_correction',
      assignee: { role: 'county_org' },
    });
  });

  it('lifts the rating cap of a year not yet rated; refuses a second voiding and strangers', () => {
    const term = onDuty();
    for (const at of [NOW, NOW + DAY]) {
      recordAbsence(term, at, TOWNSHIP, 'away');
      keepAbsence(term.data, at, TOWNSHIP, 'away');
    }
    expect(dutyFacts(term).map((f) => f.id)).toEqual(['y1-a1', 'y1-a2']);
    expect(dutyFacts(term)[1]!.consequence).toEqual({
      effect: 'cap_lifted',
      cap: 'competent',
    });
    expect(refusalOf(() => requireVoidable(term.data, OTHER_ORG, 'y1-a1', 'wrong')).code).toBe(
      'wrong_actor',
    );
    expect(refusalOf(() => requireVoidable(term.data, UNIT, 'y1-a1', 'wrong')).code).toBe(
      'wrong_actor',
    );
    expect(refusalOf(() => requireVoidable(term.data, ORG, 'y2-a1', 'wrong')).code).toBe(
      'unknown_fact',
    );
    voidFact(term, NOW + 2 * DAY, TOWNSHIP, 'y1-a2', 'was at a meeting');
    expect(term.data.years[0]!.spotCheckAbsences).toBe(1);
    expect(refusalOf(() => requireVoidable(term.data, ORG, 'y1-a2', 'again')).code).toBe(
      'already_voided',
    );
  });
});

describe('the words of a correction', () => {
  it('exist in Chinese and English for every outcome', async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const words = (await import(
      pathToFileURL(resolve(here, '..', '..', 'web', 'words', 'corrections.js')).href
    )) as { zh: Record<string, string>; en: Record<string, string> };
    const keys = [
      ...['case_closed', 'ground_removed', 'cap_lifted', 'training_due', 'not_unwound'].map(
        (effect) => `timeline.fact_voided.${effect}`,
      ),
      ...['none', 'case_closed', 'ground_removed', 'cap_lifted', 'training_due'].map(
        (effect) => `facts.consequence.${effect}`,
      ),
      ...['successor_nominated', 'case_closed', 'rating_given'].flatMap((why) => [
        `blocked.${why}`,
        `facts.consequence.not_unwound.${why}`,
      ]),
      ...['training', 'health_check', 'absence'].map((kind) => `fact.${kind}`),
      'timeline.fact_voided',
      'timeline.correction_resolved',
      'because.fact_voided',
      'because.case_opened_in_error',
      'outcome.opened_in_error',
      'refusal.already_voided',
      'refusal.unknown_fact',
    ];
    for (const language of ['zh', 'en'] as const)
      expect(keys.filter((key) => !(key in words[language]))).toEqual([]);
  });
});
