// Corrections with a new value, without a server: the wrong fact voided and the
// right one recorded in one step, the log naming both, and what it changes
// computed once from the end state.
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dateKeyOf } from '../../domain/calendar.js';
import {
  annotateCheck,
  factRowsOf,
  keepAbsence,
  voidFact,
} from '../../workflows/term/corrections.js';
import {
  recordAbsence,
  recordCountyTraining,
  recordHealthCheck,
  startYear,
} from '../../workflows/term/duty-year.js';
import type { Term } from '../../workflows/term/ledger.js';
import { replaceFact, requireReplaceable } from '../../workflows/term/replacements.js';
import { DAY, ORG, TOWNSHIP, UNIT } from './support/term-fixtures.js';
import { DISPATCHED_AT, onDuty, refusalOf } from './support/terms.js';

const NOW = DISPATCHED_AT + 10 * DAY;
/** The facts recorded on duty (the pre-dispatch training, `y0-t1`, comes first). */
const dutyFacts = (term: Term) => factRowsOf(term.data).filter((fact) => fact.year > 0);

function check(term: Term, fit: boolean, at = NOW, by = UNIT) {
  recordHealthCheck(term, at, by, fit, fit ? '' : 'unfit');
  annotateCheck(
    term.data,
    fit ? '' : 'unfit',
    fit ? undefined : term.data.cases.find((c) => c.status !== 'closed')?.caseId,
  );
}
function absence(term: Term, at: number) {
  recordAbsence(term, at, TOWNSHIP, 'not in the village');
  keepAbsence(term.data, at, TOWNSHIP, 'not in the village');
}

describe('correcting a fact with a new value', () => {
  it('unfit to fit: the replacement is recorded, the case closes as opened in error, the log names both', () => {
    const term = onDuty();
    check(term, false);
    const answer = replaceFact(term, NOW + DAY, ORG, 'y1-h1', '体检结论录错', { fit: true });
    expect(answer).toMatchObject({ replacementId: 'y1-h2', caseId: 'term-off-1.c1' });
    expect(answer.message).toContain('y1-h1 corrected by y1-h2');
    const [original, replacement] = dutyFacts(term);
    expect(original).toMatchObject({ id: 'y1-h1', fit: false, voided: { replacedBy: 'y1-h2' } });
    expect(replacement).toMatchObject({ id: 'y1-h2', fit: true, replaces: 'y1-h1', by: ORG.id });
    expect(replacement!.caseId).toBeUndefined();
    expect(term.data.cases[0]).toMatchObject({ status: 'closed', outcome: 'opened_in_error' });
    const entry = term.data.timeline.find((e) => e.action === 'fact_corrected')!;
    expect(entry).toMatchObject({
      reason: '体检结论录错',
      params: {
        factId: 'y1-h1',
        replacementId: 'y1-h2',
        effect: 'case_closed',
        fit: 'yes',
        caseId: 'term-off-1.c1',
      },
    });
    // Once: one correction entry, one case closed, nothing opened again.
    expect(term.data.timeline.filter((e) => e.action === 'case_opened')).toHaveLength(1);
    expect(term.data.timeline.filter((e) => e.action === 'case_closed')).toHaveLength(1);
  });

  it('fit to unfit opens the case as recording it would; unfit to unfit on another day keeps it', () => {
    const term = onDuty();
    check(term, true);
    const opened = replaceFact(term, NOW + DAY, ORG, 'y1-h1', '结论录反了', {
      fit: false,
      note: '血压过高',
    });
    expect(opened.caseId).toBe('term-off-1.c1');
    expect(dutyFacts(term)[1]).toMatchObject({
      id: 'y1-h2',
      fit: false,
      caseId: opened.caseId,
    });
    expect(term.data.cases[0]).toMatchObject({ grounds: ['health'], status: 'recall_requested' });
    expect(term.data.openTasks.some((t) => t.kind === 'recall_reply')).toBe(true);
    const moved = replaceFact(term, NOW + 2 * DAY, ORG, 'y1-h2', '日期录错', {
      date: dateKeyOf(NOW - DAY),
    });
    expect(moved.message).toBe('y1-h2 corrected by y1-h3');
    expect(dutyFacts(term)[2]).toMatchObject({ id: 'y1-h3', caseId: opened.caseId });
    expect(term.data.cases).toHaveLength(1);
    expect(term.data.cases[0]!.status).toBe('recall_requested');
  });

  it('moves an absence to the year it happened in: both years’ caps recomputed', () => {
    const term = onDuty();
    const year1 = term.data.years[0]!;
    startYear(term, 2, year1.endsAt);
    const inYear2 = year1.endsAt + 3 * DAY;
    absence(term, inYear2);
    expect(term.data.years[1]!.spotCheckAbsences).toBe(1);
    const answer = replaceFact(term, inYear2 + DAY, TOWNSHIP, 'y2-a1', '抽查日期录错', {
      date: dateKeyOf(year1.endsAt - DAY),
    });
    expect(answer.replacementId).toBe('y1-a1');
    expect([year1.spotCheckAbsences, term.data.years[1]!.spotCheckAbsences]).toEqual([1, 0]);
    expect(term.data.timeline.at(-1)!.params).toMatchObject({
      effect: 'absence_moved',
      cap: 'outstanding',
      toYear: 1,
      toCap: 'competent',
    });
  });

  it('a training moved out of its year makes that year due again', () => {
    const term = onDuty();
    const year1 = term.data.years[0]!;
    startYear(term, 2, year1.endsAt);
    recordCountyTraining(term, year1.endsAt - 5 * DAY, TOWNSHIP, '政策培训');
    dutyFacts(term);
    const answer = replaceFact(term, year1.endsAt + 5 * DAY, ORG, 'y1-t1', '培训在次年', {
      date: dateKeyOf(year1.endsAt + 2 * DAY),
    });
    expect(answer.replacementId).toBe('y2-t1');
    expect(term.data.timeline.at(-1)!.params).toMatchObject({ effect: 'training_due', year: 1 });
    expect(term.data.years[1]!.trainings[0]).toMatchObject({
      title: '政策培训',
      replaces: 'y1-t1',
    });
  });

  it('refuses a value the fact has not, a day off duty, a correction that changes nothing', () => {
    const term = onDuty();
    check(term, true);
    absence(term, NOW);
    const refused = (factId: string, replacement: object, by = ORG) =>
      refusalOf(() =>
        requireReplaceable(term.data, by, factId, '录入错误', replacement, NOW + DAY),
      );
    expect(refused('y1-a1', { fit: true }).code).toBe('rule_refused');
    expect(refused('y1-h1', { title: 'x' }).code).toBe('rule_refused');
    expect(refused('y1-h1', { date: dateKeyOf(DISPATCHED_AT - DAY) }).code).toBe('rule_refused');
    expect(refused('y1-h1', { date: dateKeyOf(NOW + 3 * DAY) }).code).toBe('rule_refused');
    expect(refused('y1-h1', { date: '2026-02-30' }).code).toBe('rule_refused');
    expect(refused('y1-h1', { fit: true }).code).toBe('rule_refused');
    expect(refused('y1-h1', {}).code).toBe('rule_refused');
    expect(refused('y1-h1', { fit: false }, TOWNSHIP).code).toBe('wrong_actor');
    // Corrected to not fit, it opens a case: only while the official is on post.
    term.data.stage = 'closed';
    expect(refused('y1-h1', { fit: false }).code).toBe('wrong_stage');
    term.data.stage = 'on_duty';
    // The day of dispatch counts whole.
    expect(
      requireReplaceable(
        term.data,
        ORG,
        'y1-h1',
        '录入错误',
        { date: dateKeyOf(DISPATCHED_AT) },
        NOW,
      ).fact.at,
    ).toBeGreaterThanOrEqual(DISPATCHED_AT);
  });
});

describe('the pre-dispatch training', () => {
  it('is a fact (y0-t1): voided, the dispatch it led to stands and the county gets the task', () => {
    const term = onDuty();
    expect(factRowsOf(term.data)[0]).toMatchObject({
      id: 'y0-t1',
      year: 0,
      kind: 'training',
      title: 'course',
      by: ORG.id,
      consequence: { effect: 'not_unwound', because: 'dispatched' },
    });
    const answer = voidFact(term, NOW, ORG, 'y0-t1', '培训签到表是别人的');
    expect(answer.taskId).toBeTruthy();
    expect(term.data.stage).toBe('on_duty');
    expect(term.data.preDispatchTrainings![0]!.voided).toMatchObject({ by: ORG.id });
    expect(term.data.timeline.find((e) => e.action === 'fact_voided')).toMatchObject({
      params: { fact: 'pre_dispatch_training', effect: 'not_unwound', blocked: 'dispatched' },
    });
    expect(term.data.openTasks.find((t) => t.id === answer.taskId)).toMatchObject({
      kind: 'resolve_correction',
      data: { factId: 'y0-t1', fact: 'pre_dispatch_training', year: 0 },
    });
  });

  it('has its title corrected, not its date; a term dispatched before it was kept finds it in its log', () => {
    const term = onDuty();
    expect(
      refusalOf(() =>
        requireReplaceable(term.data, ORG, 'y0-t1', '录入错误', { date: dateKeyOf(NOW) }, NOW),
      ).code,
    ).toBe('rule_refused');
    const answer = replaceFact(term, NOW, ORG, 'y0-t1', '培训名称录错', { title: '岗前培训班' });
    expect(answer).toMatchObject({ replacementId: 'y0-t2' });
    expect(factRowsOf(term.data).slice(0, 2)).toMatchObject([
      { id: 'y0-t1', voided: { replacedBy: 'y0-t2' } },
      { id: 'y0-t2', title: '岗前培训班', replaces: 'y0-t1' },
    ]);
    expect(term.data.openTasks.some((t) => t.kind === 'resolve_correction')).toBe(false);

    const old = onDuty('off-2');
    delete old.data.preDispatchTrainings;
    expect(factRowsOf(old.data)[0]).toMatchObject({ id: 'y0-t1', title: 'course' });
    expect(old.data.preDispatchTrainings).toBeUndefined();
    voidFact(old, NOW, ORG, 'y0-t1', '培训签到表是别人的');
    expect(old.data.preDispatchTrainings![0]!.voided).toMatchObject({ by: ORG.id });
  });
});

describe('absences counted before they were kept one by one', () => {
  it('are found in the log, keep every id already given, and can be voided and corrected', () => {
    const term = onDuty();
    // Counted only (as before fact-corrections): found in the log; reading changes nothing.
    recordAbsence(term, NOW, TOWNSHIP, 'not there at 9');
    recordAbsence(term, NOW + DAY, ORG, 'not there at 10');
    expect(dutyFacts(term).map((f) => [f.id, f.by, f.note, f.consequence?.effect])).toEqual([
      ['y1-a1', TOWNSHIP.id, 'not there at 9', 'cap_lifted'],
      ['y1-a2', ORG.id, 'not there at 10', 'cap_lifted'],
    ]);
    expect(term.data.years[0]!.absences).toBeUndefined();
    // One kept as today: the ids already shown stay.
    absence(term, NOW + 2 * DAY);
    expect(dutyFacts(term).map((f) => [f.id, f.note])).toEqual([
      ['y1-a1', 'not there at 9'],
      ['y1-a2', 'not there at 10'],
      ['y1-a3', 'not in the village'],
    ]);
    // Voiding one of those found in the log.
    voidFact(term, NOW + 3 * DAY, ORG, 'y1-a2', '那天在乡里开会');
    const year = term.data.years[0]!;
    expect(year.absences!.map((a) => [a.id, Boolean(a.voided)])).toEqual([
      ['y1-a1', false],
      ['y1-a2', true],
      ['y1-a3', false],
    ]);
    expect(year.spotCheckAbsences).toBe(2);
    const fixed = replaceFact(term, NOW + 3 * DAY, TOWNSHIP, 'y1-a1', '备注有误', {
      note: '电话不通',
    });
    expect(fixed.replacementId).toBe('y1-a4');
    expect(year.absences![0]!.voided).toMatchObject({ replacedBy: 'y1-a4' });
    expect(year.absences![3]).toMatchObject({ note: '电话不通', replaces: 'y1-a1' });
    expect(year.absences![3]).not.toHaveProperty('fromLog');
    expect(year.spotCheckAbsences).toBe(2);
    absence(term, NOW + 4 * DAY);
    expect(dutyFacts(term).map((f) => f.id)).toEqual(['y1-a1', 'y1-a2', 'y1-a3', 'y1-a4', 'y1-a5']);
  });
});

describe('the words of a correction with a new value', () => {
  it('exist in Chinese and English for every outcome, the page and the log alike', async () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const words = (await import(
      pathToFileURL(resolve(here, '..', '..', 'web', 'words', 'corrections.js')).href
    )) as { zh: Record<string, string>; en: Record<string, string> };
    const keys = [
      'timeline.fact_corrected',
      ...[
        'case_closed',
        'ground_removed',
        'case_opened',
        'training_due',
        'absence_moved',
        'not_unwound',
      ].map((effect) => `timeline.fact_corrected.${effect}`),
      'action.fact_corrected',
      'because.fact_corrected',
      ...['correct', 'correctOf', 'newDate', 'newFit', 'newTitle', 'newNote'].map(
        (key) => `facts.${key}`,
      ),
      ...['correctReason', 'correctConsequence', 'replaces', 'replacedBy'].map(
        (key) => `facts.${key}`,
      ),
    ];
    for (const language of ['zh', 'en'] as const)
      expect(keys.filter((key) => !(key in words[language]))).toEqual([]);
  });
});
