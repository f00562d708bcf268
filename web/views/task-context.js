// What the decider of a task needs, above the decision: the task's `context`
// from GET /api/tasks/:id (read by the API from the record), by kind.
import { formatDate, formatDateTime, getLang, label, place, t } from '../i18n.js';
import { html, nothing } from '../lit.js';
import { facts, reportQuote } from '../parts.js';
import { who } from '../session.js';

/** @typedef {import('../types.js').TaskContext} TaskContext */
/** @typedef {import('../types.js').TaskDetail} TaskDetail */
/** @typedef {NonNullable<Extract<TaskContext, { kind: 'attendance' }>['recorded']>} AttendanceMonth */

/** @param {boolean} value */
const yesNo = (value) => (value ? t('ctx.yes') : t('ctx.no'));
/** @param {number} n */
const daysText = (n) => t('ctx.daysN', { n });
/** @param {AttendanceMonth} m */
const attendanceText = (m) =>
  `${t('ctx.monthN', { n: m.month })}${t('ctx.sep')}${daysText(m.days)}${m.breach ? `${t('ctx.sep')}${t('ctx.breach')}` : ''}`;

/**
 * The context section of a task, or null when the API sends none.
 * @param {TaskDetail} task
 */
export function taskContextSection(task) {
  const context = task.context;
  if (!context) return null;
  // CONTEXT's entry for the context's kind takes that kind's context.
  const view = /** @type {((c: TaskContext, task: TaskDetail) => unknown) | undefined} */ (
    CONTEXT[context.kind]
  );
  const body = view?.(context, task);
  if (!body) return null;
  return html`<section class="context" id="task-context" aria-labelledby="context-h">
    <h2 id="context-h">${t(`ctx.title.${context.kind}`)}</h2>
    ${body}
  </section>`;
}

/**
 * The context in words, per kind.
 * @type {{ [K in TaskContext['kind']]: (c: Extract<TaskContext, { kind: K }>, task: TaskDetail) => unknown }}
 */
const CONTEXT = {
  dispatch: (c) => {
    const f = c.candidate.facts;
    const rulesFacts = f
      ? html`<h3>${t('ctx.rulesFacts')}</h3>
          ${facts([
            [t('nominate.birthDate'), f.birthDate],
            [t('nominate.party'), t(`nominate.party.${f.partyMember}`)],
            [t('nominate.investigated'), yesNo(f.underInvestigation)],
            [t('nominate.sanctioned'), yesNo(f.sanctioned)],
            [
              t('ctx.lastRatings'),
              f.lastRatings.length
                ? f.lastRatings.map((r) => label('rating', r)).join(t('ctx.listSep'))
                : t('nominate.noRating'),
            ],
            [
              t('nominate.healthDate'),
              f.lastHealthCheck
                ? `${f.lastHealthCheck.date}${t('ctx.sep')}${f.lastHealthCheck.fit ? t('ctx.fit') : t('ctx.unfit')}`
                : t('ctx.none'),
            ],
            [t('nominate.workYears'), String(f.workYears)],
            [t('nominate.formalPost'), yesNo(f.formalPost)],
            [t('nominate.willingness'), yesNo(f.willingnessSigned)],
          ])}`
      : html`<p class="note">${t('ctx.noFacts')}</p>`;
    const failures = c.candidate.screeningFailures.map(
      (x) => html`<li>${`${x.ruleId}${t('ctx.sep')}${x.reason}`}</li>`,
    );
    return html`${facts([
      [t('ctx.name'), c.candidate.name],
      [t('ctx.post'), label('post', c.candidate.post)],
      [t('ctx.unit'), c.candidate.dispatchingUnit],
      [t('ctx.village'), place(c.candidate.village)],
    ])}
    ${rulesFacts}
    ${failures.length
      ? html`<ul class="plain">
          ${failures}
        </ul>`
      : nothing}
    ${c.replies.length
      ? html`<h3>${t('ctx.replies')}</h3>
          <ul class="replies" id="context-replies">
            ${c.replies.map(replyItem)}
          </ul>`
      : nothing}`;
  },
  leave: (c) =>
    facts([
      [t('ctx.leaveDays'), c.days !== undefined ? daysText(c.days) : null],
      [t('ctx.leaveReason'), c.reason],
      [t('ctx.requestedAt'), c.requestedAt ? formatDateTime(c.requestedAt) : null],
      [
        t('ctx.leaveUsed'),
        t('ctx.usedOfCap', {
          used: c.usedThisYear,
          cap: c.yearlyCap,
          after: c.usedThisYear + (c.days ?? 0),
        }),
      ],
      [t('ctx.townshipMax'), daysText(c.townshipMaxDays)],
    ]),
  attendance: (c) => [
    facts([
      [t('ctx.period'), `${formatDate(c.periodStart)} – ${formatDate(c.periodEnd)}`],
      [t('ctx.minimum'), t('ctx.minimumOf', { min: c.minimum, of: c.monthDays })],
      [t('ctx.recorded'), c.recorded ? attendanceText(c.recorded) : t('ctx.notRecorded')],
      [
        t('ctx.reported'),
        c.reported
          ? t('ctx.reportedAt', { days: c.reported.days, at: formatDateTime(c.reported.at) })
          : c.recorded?.reported !== undefined
            ? daysText(c.recorded.reported)
            : t('ctx.notReported'),
      ],
      [t('ctx.reportedNote'), c.reported?.note],
      [
        t('ctx.earlier'),
        c.earlierMonths.length
          ? c.earlierMonths.slice(0, 3).map(attendanceText).join(t('ctx.listSep'))
          : t('ctx.none'),
      ],
      [t('ctx.leaveThisYear'), daysText(c.leaveDaysThisYear)],
      [t('ctx.absences'), String(c.spotCheckAbsencesThisYear)],
    ]),
    c.recorded ? null : html`<p class="note">${t('ctx.enterDays', { min: c.minimum })}</p>`,
  ],
  evaluation: (c, task) => [
    facts([
      [t('ctx.year'), c.year !== undefined ? String(c.year) : null],
      [
        t('ctx.ratingsThisTerm'),
        c.ratingsThisTerm.length
          ? c.ratingsThisTerm
              .map((r) => `${t('ctx.yearN', { n: r.year })} ${label('rating', r.rating)}`)
              .join(t('ctx.listSep'))
          : t('ctx.none'),
      ],
      [
        t('ctx.ratingsBefore'),
        c.ratingsBeforeTerm.length
          ? c.ratingsBeforeTerm.map((r) => label('rating', r)).join(t('ctx.listSep'))
          : t('ctx.none'),
      ],
      [t('ctx.absences'), String(c.spotCheckAbsences)],
    ]),
    // The rating task shows the self-report on its own already.
    c.selfReport && typeof task.data?.selfReport !== 'string' ? reportQuote(c.selfReport) : null,
  ],
  request: (c) =>
    facts([
      [t('ctx.filedBy'), c.filedBy ? who(c.filedBy) : null],
      [t('ctx.filedAt'), c.filedAt ? formatDateTime(c.filedAt) : null],
      // The system's own reason is worded from its code; a person's as written.
      [
        t('ctx.reasons'),
        c.reasonCode && getLang() !== 'en'
          ? t(`because.${c.reasonCode}`, { reasons: c.reasons ?? '' })
          : c.reasons,
      ],
    ]),
};

/**
 * A screening body's reply to a candidate's vetting: its decision, when and by
 * whom, or by when it is due; its reasons as written.
 * @param {Extract<TaskContext, { kind: 'dispatch' }>['replies'][number]} reply
 */
function replyItem(reply) {
  const decision = reply.decision ? label('outcome', reply.decision) : t('ctx.awaiting');
  const when = reply.repliedAt
    ? `${t('ctx.sep')}${formatDateTime(reply.repliedAt)}${reply.repliedBy ? `${t('ctx.sep')}${who(reply.repliedBy)}` : ''}`
    : `${t('ctx.sep')}${t('ctx.dueBy', { at: formatDateTime(reply.dueAt) })}`;
  const reasons = reply.reasons ? html`<p class="reason">${reply.reasons}</p>` : nothing;
  const text = `${t('ctx.sep')}${decision}${when}`;
  // One line: the body's name, then its reply's words, with no space between.
  // prettier-ignore
  return html`<li data-body=${reply.body}><strong>${label('body', reply.body)}</strong>${text}${reasons}</li>`;
}
