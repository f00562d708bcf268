// Officials: the list of those in the actor's jurisdiction, and one
// official's record (profile, this year's obligations, the timeline).
import { filterForm } from '../actions.js';
import { isOneOf } from '../values.js';
import { formatDate, formatDateTime, getLang, label, paren, place, t } from '../i18n.js';
import { html, nothing } from '../lit.js';
import { badge, facts, field, link, overdueBadge, select, stageBadge, stateful } from '../parts.js';
import { load } from '../router.js';
import { remember, who } from '../session.js';
import { taskName } from '../views/inbox.js';
import { chainCheck, decidedTasks } from './official-record.js';
import { officialActions } from './official-actions.js';
import { officialFacts } from './official-facts.js';
import { assigneeText } from '../views/task.js';
import { ROLES, STAGES } from '../vocabulary.js';

/** @typedef {import('../types.js').OfficialDetail} OfficialDetail */
/** @typedef {import('../types.js').LogEntry} LogEntry */
/** An entry's params: the values of its action's sentence. */
/** @typedef {NonNullable<LogEntry['params']>} Params */
/** @typedef {import('../types.js').YearObligations} YearObligations */
/**
 * The API's schema leaves `snapshot` open ("the OfficialSnapshot of the
 * term"): the page reads it as the domain's, each field perhaps absent.
 * @typedef {Partial<import('../types.js').OfficialSnapshot>} Snapshot
 */

/**
 * The names the record gives for the ids it names (the directory's: one name per person).
 * @param {OfficialDetail} o
 */
export function rememberNames(o) {
  remember(o.official.officialId, o.official.name);
  for (const c of o.cases ?? []) remember(c.officialId, c.officialName);
  for (const [id, name] of Object.entries(o.names ?? {})) remember(id, name);
}

/**
 * The official's profile: their facts, the rules they failed at screening,
 * and (compact, on a task) their name and a link to their record. A list of
 * templates, for the view to place.
 * @param {OfficialDetail} o
 */
export function profile(o, { compact = false } = {}) {
  const s = /** @type {Snapshot} */ (o.snapshot ?? {});
  const href = `/officials/${encodeURIComponent(o.official.officialId)}`;
  const failures = Array.isArray(s.screeningFailures) ? s.screeningFailures : [];
  return [
    compact
      ? html`<p class="profile-name">
          ${link(href, o.official.name)} ${stageBadge(o.official.stage)}
        </p>`
      : null,
    facts([
      [t('official.id'), o.official.officialId],
      [t('official.post'), label('post', s.post)],
      [t('official.stage'), compact ? null : stageBadge(o.official.stage)],
      [t('official.village'), place(o.official.village)],
      [t('official.unit'), o.official.dispatchingUnit],
      [t('official.nominatedBy'), who(o.official.nominatedBy)],
      [t('official.nominatedAt'), s.nominatedAt ? formatDate(s.nominatedAt) : null],
      [t('official.dispatchedAt'), s.dispatchedAt ? formatDate(s.dispatchedAt) : null],
      [t('official.termEndsAt'), s.termEndsAt ? formatDate(s.termEndsAt) : null],
      [t('official.successor'), s.successorTermId ? who(officialOfTerm(s.successorTermId)) : null],
      [t('official.promotion'), s.promotionPriority ? t('official.yes') : null],
      [t('official.policy'), compact ? null : s.policyVersion],
    ]),
    failures.length
      ? html`<div class="note">
          <p>${t('official.screening')}</p>
          <ul>
            ${failures.map(
              // The reason is the rule's English evidence; other languages name the rule.
              (f) =>
                html`<li>
                  ${getLang() === 'en' ? `${f.ruleId}: ${f.reason}` : label('rule', f.ruleId)}
                </li>`,
            )}
          </ul>
        </div>`
      : null,
    compact ? html`<p>${link(href, t('task.viewOfficial'))}</p>` : null,
  ].filter((part) => part !== null);
}

/**
 * The term year that contains now, or the latest one.
 * @param {YearObligations[] | undefined} years
 */
function currentYear(years, now = Date.now()) {
  if (!Array.isArray(years) || !years.length) return undefined;
  return years.find((y) => y.startsAt <= now && now < y.endsAt) ?? years[years.length - 1];
}

/**
 * When a year's training and health check fall due: the workflow's `dueAt`
 * (31 December for a calendar-year term, from domain/calendar.ts), else the
 * year's end, as obligationsDueAt in domain/duty.ts.
 * @param {YearObligations} y
 */
const dueAtOf = (y) => y.dueAt ?? y.endsAt;

/** @param {boolean} done @param {YearObligations} y */
function obligationStatus(done, y, now = Date.now()) {
  if (done) return badge(t('status.done'), 'ok');
  // Overdue once the due day is over: a year's end.
  return now > y.endsAt
    ? badge(t('status.overdue', { at: formatDate(dueAtOf(y)) }), 'overdue')
    : badge(t('status.pending', { at: formatDate(dueAtOf(y)) }), 'pending');
}

/** @param {string} text */
const detail = (text) => html`<span class="detail">${text}</span>`;

/** @param {OfficialDetail['snapshot'] | undefined} snapshot */
function obligations(snapshot) {
  const y = currentYear(/** @type {Snapshot | undefined} */ (snapshot)?.years);
  return html`<section aria-labelledby="obligations-h">
    <h2 id="obligations-h">${t('official.obligations')}</h2>
    ${y ? obligationsOf(y) : html`<p class="empty">${t('official.noYears')}</p>`}
  </section>`;
}

/** @param {YearObligations} y */
function obligationsOf(y) {
  // A voided fact stays on record (see the recorded facts) but no longer counts.
  const trainings = y.trainings.filter((tr) => !tr.voided);
  const lastCheck = y.healthChecks.filter((c) => !c.voided).at(-1);
  /** @type {[string, unknown[]][]} */
  const rows = [
    [
      t('official.training'),
      [
        obligationStatus(trainings.length > 0, y),
        trainings.map((tr) => detail(`${formatDate(tr.at)} ${tr.title}`)),
      ],
    ],
    [
      t('official.health'),
      [
        lastCheck
          ? badge(
              lastCheck.fit ? t('status.fit') : t('status.unfit'),
              lastCheck.fit ? 'ok' : 'overdue',
            )
          : obligationStatus(false, y),
        lastCheck ? detail(formatDate(lastCheck.at)) : null,
      ],
    ],
    [
      t('official.attendance'),
      [
        y.attendance.length
          ? html`<ul class="months">
              ${y.attendance.map(
                (a) =>
                  html`<li class=${a.breach ? 'breach' : ''}>
                    ${t('official.monthDays', { month: a.month, days: a.days })}${a.breach
                      ? html` ${badge(t('official.breach'), 'overdue')}`
                      : nothing}
                  </li>`,
              )}
            </ul>`
          : detail(t('official.noMonths')),
      ],
    ],
    [
      t('official.rating'),
      [
        y.rating
          ? badge(
              label('rating', y.rating),
              y.rating === 'incompetent' || y.rating === 'basically_competent' ? 'overdue' : 'ok',
            )
          : y.selfReport
            ? badge(t('official.selfReported'), 'pending')
            : obligationStatus(false, y),
      ],
    ],
    [t('official.absences'), [t('official.timesN', { n: y.spotCheckAbsences })]],
    [t('official.leave'), [t('official.daysN', { n: y.leaveDays })]],
  ];
  return html`<p class="hint">
      ${t('official.yearN', {
        year: y.year,
        from: formatDate(y.startsAt),
        to: formatDate(dueAtOf(y)),
      })}
    </p>
    ${facts(rows, 'facts obligations')}`;
}

/**
 * "vetting → awaiting_dispatch_approval" in words; other details as the record has them.
 * @param {LogEntry} e
 */
function oldEntryDetail(e) {
  const m = e.action === 'stage' ? /^(\w+) → (\w+)$/.exec(e.detail) : null;
  return m ? `${label('stage', m[1])} → ${label('stage', m[2])}` : e.detail;
}

/** @type {Set<string>} */
const ROLE_NAMES = new Set(ROLES);
/** An official's id from their term's id (term-<officialId>). */
/** @param {string} termId */
const officialOfTerm = (termId) => String(termId).replace(/^term-/, '');
/** Who a request goes to: a screening body by its kind, else the role. */
/** @param {Params} p */
const addressee = (p) => (p.body ? t(`screener.${p.body}`) : label('role', p.role));
/** A reminder's recipients: actor ids by name, roles ("role" or "role:body") in words. */
/** @param {string} list  comma-separated */
const recipients = (list) =>
  String(list ?? '')
    .split(',')
    .filter(Boolean)
    .map((r) => {
      const [role, body] = r.split(':');
      if (body) return t(`screener.${body}`);
      return ROLE_NAMES.has(role) ? label('role', role) : who(r);
    })
    .join('、');
/** What a reminder is about: a task by its kind, a year's training or health check, the hand-over. */
/** @param {Params} p */
const reminderSubject = (p) =>
  p.obligation === 'task'
    ? `${label('kind', p.taskKind)}${p.requestNo ? ` ${p.requestNo}` : ''}`
    : t(`obligation.${p.obligation}`, p);

/**
 * The params of an entry with their enum values in the page's words.
 * @param {string} action
 * @param {Params} p
 */
function paramWords(action, p) {
  /** @type {Record<string, string | number>} */
  const out = { ...p };
  /** @type {Record<string, (v: string) => string>} */
  const words = {
    from: (v) => label('stage', v),
    to: (v) => label('stage', v),
    status: (v) => label('stage', v),
    caseStatus: (v) => label('caseStatus', v),
    kind: (v) => t(`requestKind.${v}`),
    taskKind: (v) => label('kind', v),
    decision: (v) => label('outcome', v),
    rule: (v) => label('rule', v),
    ground: (v) => label('ground', v),
    outcome: (v) => label('outcome', v),
    rating: (v) => label('rating', v),
    cap: (v) => label('rating', v),
    toCap: (v) => label('rating', v),
    post: (v) => label('post', v),
    village: (v) => place(v),
    item: (v) => label('handover', v),
    side: (v) => t(`side.${v}`),
    health: (v) => t(`health.${v}`),
    rung: (v) => label('rung', v),
    recipients,
    rules: (v) =>
      String(v)
        .split(',')
        .map((r) => label('rule', r))
        .join('、'),
    successor: (v) => who(v),
    fact: (v) => t(`fact.${v}`),
    blocked: (v) => t(`blocked.${v}`),
    predecessor: (v) => who(officialOfTerm(v)),
  };
  if (p.ruleId !== undefined) out.rule = p.ruleId;
  if (p.ruleIds !== undefined) out.rules = p.ruleIds;
  if (p.successorOfficialId !== undefined) out.successor = p.successorOfficialId;
  if (p.predecessorTermId !== undefined) out.predecessor = p.predecessorTermId;
  for (const [name, word] of Object.entries(words))
    if (out[name] !== undefined && out[name] !== '') out[name] = word(String(out[name]));
  // Computed after the enum words: a request's "to" is its addressee, a stage's the stage.
  if (action !== 'stage' && (p.role !== undefined || p.body !== undefined)) out.to = addressee(p);
  if (p.body !== undefined) out.screener = t(`screener.${p.body}`);
  if (p.obligation !== undefined) out.what = reminderSubject(p);
  // A cancelled request is named by the kind of request its reply task answers.
  const taskKind = String(p.taskKind ?? '');
  if (p.kind === undefined && /_reply$/.test(taskKind))
    out.kind = t(`requestKind.${taskKind.replace(/_reply$/, '')}`);
  return out;
}

/**
 * The sentence's variant, where it depends on a value.
 * @param {LogEntry} e  an entry with params
 */
function variantOf(e) {
  /** @type {Params} */
  const p = e.params ?? {};
  if (e.action === 'trained') return p.training;
  if (e.action === 'attendance_closed' && p.breach === 'yes') return 'breach';
  if (e.action === 'attendance_reported' && p.was !== undefined) return 'was';
  if (e.action === 'health_checked' && p.fit === 'no') return 'unfit';
  if (e.action === 'term_completed' && p.successorOfficialId !== undefined)
    return p.promotionPriority === 'yes' ? 'promotion_successor' : 'successor';
  if (e.action === 'term_completed' && p.promotionPriority === 'yes') return 'promotion';
  if (e.action === 'objection_referred' && p.maintained === 'yes') return 'maintained';
  if (e.action === 'fact_voided' || e.action === 'fact_corrected') return p.effect;
  return undefined;
}

/**
 * One entry in the page's words: what happened, from its action code and
 * params, and why (the system's reason from its `because` code; a person's
 * own words as written). An entry from before params has its action in words
 * and its English detail as recorded.
 * @param {LogEntry} e
 */
export function entryWords(e) {
  if (!e.params || typeof e.params !== 'object')
    return { what: oldEntryDetail(e), why: e.reason, old: true };
  const words = paramWords(e.action, e.params);
  const variant = variantOf(e);
  const key = `timeline.${e.action}`;
  const template =
    variant && t(`${key}.${variant}`) !== `${key}.${variant}` ? `${key}.${variant}` : key;
  const what = t(template, words);
  const because = e.params.because;
  // English readers get the reason as recorded (the system's English, or the person's words).
  const why =
    because === undefined || getLang() === 'en'
      ? e.reason
      : t(`because.${because}`, words) || undefined;
  return { what: what === key ? oldEntryDetail(e) : what, why };
}

/**
 * The record's entries, newest first: the latest `show` of them, and a
 * button that shows them all.
 * @param {LogEntry[]} entries
 */
export function timeline(entries, { show = 12 } = {}) {
  const newestFirst = [...entries].reverse();
  const content = stateful({ all: entries.length <= show }, ({ all }, update, host) => {
    const showAll = () => {
      update({ all: true });
      // Keyboard users land on the first entry they had not seen.
      const first = host.querySelectorAll('#timeline > li')[show];
      if (first instanceof HTMLElement) first.focus();
    };
    return html`<h2 id="timeline-h">${t('official.timeline')}</h2>
      <p class="hint">${t('official.timelineHint')}</p>
      <ol class="timeline" reversed id="timeline">
        ${newestFirst.map((e, i) =>
          entry(e, { hidden: !all && i >= show, first: all && i === show }),
        )}
      </ol>
      ${all
        ? nothing
        : html`<button
            type="button"
            aria-controls="timeline"
            aria-expanded="false"
            @click=${showAll}
          >
            ${t('official.showAll', { n: entries.length })}
          </button>`}`;
  });
  return html`<section aria-labelledby="timeline-h" ${content}></section>`;
}

/**
 * One entry of the timeline.
 * @param {LogEntry} e
 * @param {{ hidden: boolean, first: boolean }} shown  first: the first of those the button showed (it takes focus)
 */
function entry(e, { hidden, first }) {
  const words = entryWords(e);
  return html`<li ?hidden=${hidden} tabindex=${first ? '-1' : nothing}>
    <p class="when">
      <time datetime=${e.at}>${formatDateTime(e.at)}</time> ·
      ${who(e.actorId)}${e.role && e.role !== 'system' ? paren(label('role', e.role)) : ''}
    </p>
    <p class="what"><strong>${label('action', e.action)}</strong> ${words.what}</p>
    ${words.why ? html`<p class="reason">${words.why}</p>` : nothing}
    <p class="meta">
      ${`${t('official.policy')} ${e.policyVersion}${e.requestNo ? ` · ${e.requestNo}` : ''}`}
    </p>
  </li>`;
}

/** @param {string} officialId */
export async function officialView(officialId) {
  /** @type {import('../types.js').OfficialDetail} */
  const o = await load(`/api/officials/${encodeURIComponent(officialId)}`);
  rememberNames(o);
  return html`<h1>${o.official.name} ${stageBadge(o.official.stage)}</h1>
    ${profile(o)} ${obligations(o.snapshot)} ${officialFacts(o)} ${officialActions(o)}
    <section aria-labelledby="open-h">
      <h2 id="open-h">${t('official.openTasks')}</h2>
      ${o.openTasks.length
        ? html`<ul class="plain">
            ${o.openTasks.map(
              (task) =>
                html`<li>
                  ${link(`/tasks/${encodeURIComponent(task.id)}`, taskName(task))}
                  ${` · ${assigneeText(task)} · ${formatDateTime(task.dueAt)}`}${task.overdue
                    ? html` ${overdueBadge()}`
                    : nothing}
                </li>`,
            )}
          </ul>`
        : html`<p class="empty">${t('official.noOpenTasks')}</p>`}
    </section>
    ${o.cases.length
      ? html`<section aria-labelledby="cases-h">
          <h2 id="cases-h">${t('official.cases')}</h2>
          <ul class="plain">
            ${o.cases.map(
              (c) =>
                html`<li>
                  ${link(`/cases/${encodeURIComponent(c.caseId)}`, c.caseId)}
                  ${` · ${c.grounds.map((g) => label('ground', g)).join('、')} · ${label('caseStatus', c.status)}`}
                </li>`,
            )}
          </ul>
        </section>`
      : nothing}
    ${decidedTasks(o.official.officialId)} ${timeline(o.timeline)}
    ${chainCheck(o.official.officialId)}`;
}

export async function officialsView() {
  const q = new URLSearchParams(location.search);
  const search = (q.get('q') ?? '').slice(0, 80);
  const asked = q.get('stage');
  const stage = isOneOf(STAGES, asked) ? asked : '';
  /** @type {import('../types.js').OfficialsPage} */
  const page = await load(
    `/api/officials?${new URLSearchParams({ limit: '100', ...(search ? { q: search } : {}), ...(stage ? { stage } : {}) })}`,
  );
  const form = filterForm({
    path: '/officials',
    fields: [
      {
        param: 'q',
        field: field(
          { id: 'officials-q', label: t('official.search') },
          html`<input
            type="search"
            id="officials-q"
            name="q"
            .value=${search}
            maxlength="80"
            autocomplete="off"
          />`,
        ),
      },
      {
        param: 'stage',
        field: field(
          { id: 'officials-stage', label: t('official.stageFilter') },
          select({
            id: 'officials-stage',
            name: 'stage',
            options: [['', t('official.allStages')], ...STAGES.map((s) => [s, label('stage', s)])],
            value: stage,
          }),
        ),
      },
    ],
    submitLabel: t('official.searchButton'),
    ariaLabel: t('official.searchForm'),
  });
  const list = page.items.length
    ? html`<table class="list">
        <caption class="visually-hidden">
          ${t('official.list')}
        </caption>
        <thead>
          <tr>
            ${['col.official', 'col.stage', 'col.village', 'col.unit'].map(
              (k) => html`<th scope="col">${t(k)}</th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${page.items.map(
            (o) =>
              html`<tr>
                <td data-label=${t('col.official')}>
                  ${link(`/officials/${encodeURIComponent(o.officialId)}`, o.name)}
                </td>
                <td data-label=${t('col.stage')}>${stageBadge(o.stage)}</td>
                <td data-label=${t('col.village')}>${place(o.village)}</td>
                <td data-label=${t('col.unit')}>${o.dispatchingUnit}</td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : html`<p class="empty">${t('official.none')}</p>`;
  return html`<h1>${t('official.list')}</h1>
    ${form}
    <p class="summary">${t('official.total', { total: page.total })}</p>
    ${list}`;
}
