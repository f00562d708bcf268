// Reassignment cases: the list operators track, and one case with its
// successor and hand-over.
import { DAY, isOneOf } from '../values.js';
import { actionForm, filterForm } from '../actions.js';
import { formatDate, formatDateTime, getLang, label, paren, place, t } from '../i18n.js';
import { html, nothing } from '../lit.js';
import { badge, facts, field, link, overdueBadge, select } from '../parts.js';
import { load, navigate } from '../router.js';
import { api, remember, session, who } from '../session.js';
import { CASE_STATUSES, HANDOVER_ITEMS } from '../vocabulary.js';

/** @param {import('../types.js').Case} c */
const ageDays = (c, now = Date.now()) =>
  Math.max(
    0,
    Math.floor(((c.closedAt ? Date.parse(c.closedAt) : now) - Date.parse(c.openedAt)) / DAY),
  );

/** @param {unknown} text */
const detail = (text) => html`<span class="detail">${text}</span>`;

/** Column headers from their words' keys. @param {string[]} keys */
const headers = (keys) => keys.map((k) => html`<th scope="col">${t(k)}</th>`);

export async function casesView() {
  const q = new URLSearchParams(location.search);
  const asked = q.get('status');
  const status = asked === 'all' ? 'all' : isOneOf(CASE_STATUSES, asked) ? asked : 'open';
  /** @type {[import('../types.js').CasesPage, import('../types.js').CaseStats]} */
  const [page, stats] = await Promise.all([
    load(
      `/api/cases?${new URLSearchParams({ limit: '100', ...(status === 'all' ? {} : { status }) })}`,
    ),
    load('/api/cases/stats'),
  ]);
  const form = filterForm({
    path: '/cases',
    fields: [
      {
        param: 'status',
        omit: 'open',
        field: field(
          { id: 'cases-status', label: t('cases.status') },
          select({
            id: 'cases-status',
            name: 'status',
            options: [
              ['open', t('cases.open')],
              ['all', t('cases.all')],
              ...CASE_STATUSES.map((s) => [s, label('caseStatus', s)]),
            ],
            value: status,
          }),
        ),
      },
    ],
    submitLabel: t('cases.apply'),
    ariaLabel: t('cases.filters'),
  });
  const list = page.items.length
    ? html`<table class="list" id="cases">
        <caption class="visually-hidden">
          ${t('cases.caption')}
        </caption>
        <thead>
          <tr>
            ${headers([
              'col.case',
              'col.official',
              'col.grounds',
              'col.status',
              'col.age',
              'col.due',
            ])}
          </tr>
        </thead>
        <tbody>
          ${page.items.map(
            (c) =>
              html`<tr class=${c.overdue ? 'overdue' : ''} data-case-id=${c.caseId}>
                <td data-label=${t('col.case')}>
                  ${link(`/cases/${encodeURIComponent(c.caseId)}`, c.caseId)}
                </td>
                <td data-label=${t('col.official')}>
                  ${link(`/officials/${encodeURIComponent(c.officialId)}`, c.officialName)}${detail(
                    place(c.village),
                  )}
                </td>
                <td data-label=${t('col.grounds')}>
                  ${c.grounds.map((g) => label('ground', g)).join('、')}
                </td>
                <td data-label=${t('col.status')}>${label('caseStatus', c.status)}</td>
                <td data-label=${t('col.age')}>${t('cases.ageDays', { n: ageDays(c) })}</td>
                <td data-label=${t('col.due')}>
                  ${c.dueAt ? formatDate(c.dueAt) : '—'}${c.overdue
                    ? html` ${overdueBadge()}`
                    : nothing}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`
    : html`<p class="empty">${t('cases.empty')}</p>`;
  return html`<h1>${t('cases.title')}</h1>
    ${caseStats(stats)} ${form} ${list}`;
}

/**
 * The jurisdiction's cases in figures: open, overdue, closed, the median days
 * a case took to close, and each ground's open and closed cases.
 * @param {import('../types.js').CaseStats} stats
 */
function caseStats(stats) {
  return html`<section aria-labelledby="case-stats-h" id="case-stats">
    <h2 id="case-stats-h">${t('cases.stats')}</h2>
    ${facts([
      [t('cases.statsOpen'), String(stats.open)],
      [t('cases.statsOverdue'), String(stats.overdue)],
      [t('cases.statsClosed'), String(stats.closed)],
      [
        t('cases.statsMedian'),
        stats.medianDaysToClose === null ? '—' : t('cases.ageDays', { n: stats.medianDaysToClose }),
      ],
    ])}
    ${stats.byGround.length
      ? html`<table class="list compact">
          <caption>
            ${t('cases.byGround')}
          </caption>
          <thead>
            <tr>
              ${headers(['col.grounds', 'cases.statsOpen', 'cases.statsClosed'])}
            </tr>
          </thead>
          <tbody>
            ${stats.byGround.map(
              (g) =>
                html`<tr>
                  <th scope="row">${label('ground', g.ground)}</th>
                  <td data-label=${t('cases.statsOpen')}>${String(g.open)}</td>
                  <td data-label=${t('cases.statsClosed')}>${String(g.closed)}</td>
                </tr>`,
            )}
          </tbody>
        </table>`
      : nothing}
  </section>`;
}

/**
 * Why a case ended: the system's English for a recall by hand-over and a term
 * that ended first is worded by the page; an exception's or a rejected
 * recall's reasons are a person's own words.
 * @param {Partial<import('../types.js').CaseRecord>} r
 */
function outcomeReason(r) {
  if (getLang() === 'en') return r.outcomeReason;
  if (r.outcome === 'recalled' && r.handover?.incomingOfficialId)
    return t('because.replaced', { successor: who(r.handover.incomingOfficialId) });
  if (r.outcome === 'term_ended') return t('because.term_ended_first');
  if (r.outcome === 'handed_over' && r.handover?.incomingOfficialId)
    return t('because.handed_over', { successor: who(r.handover.incomingOfficialId) });
  if (r.outcome === 'no_successor') return t('because.no_successor_by_term_end');
  return r.outcomeReason;
}

/**
 * The checklist's column headers, each side with its official's name (no
 * space between them, as the header reads "离任干部陆文博").
 * @param {import('../types.js').HandoverState} ho
 */
const handoverHeaders = (ho) => [
  html`<th scope="col">${t('col.item')}</th>`,
  html`<th scope="col">${t('col.outgoing')}${detail(who(ho.outgoingOfficialId))}</th>`,
  html`<th scope="col">${t('col.incoming')}${detail(who(ho.incomingOfficialId))}</th>`,
];

/** @param {string} caseId */
export async function caseView(caseId) {
  /** @type {import('../types.js').Case} */
  const c = await load(`/api/cases/${encodeURIComponent(caseId)}`);
  remember(c.officialId, c.officialName);
  // The API's schema leaves `record` open ("the full CaseRecord"): read it as the domain's.
  const r = /** @type {Partial<import('../types.js').CaseRecord>} */ (c.record ?? {});
  const successors = Array.isArray(r.successorOfficialIds) ? r.successorOfficialIds : [];
  // Successors are named by id in the case: their names come from their own records.
  await Promise.all(
    successors.map((id) =>
      api(`/api/officials/${encodeURIComponent(id)}`).then(
        (o) => remember(id, o.official.name),
        () => undefined,
      ),
    ),
  );
  const ho = r.handover;
  const handover = html`<section aria-labelledby="handover-h">
    <h2 id="handover-h">${t('case.handover')}</h2>
    ${!ho
      ? html`<p class="empty">${t('case.noHandover')}</p>`
      : html`<p class="hint">
            ${t('case.handoverPeriod', {
              from: formatDate(ho.startedAt),
              to: formatDate(ho.dueAt),
            })}
          </p>
          <table class="list checklist">
            <caption class="visually-hidden">
              ${t('case.handover')}
            </caption>
            <thead>
              <tr>
                ${handoverHeaders(ho)}
              </tr>
            </thead>
            <tbody>
              ${HANDOVER_ITEMS.map(
                (item) =>
                  html`<tr>
                    <th scope="row" data-label=${t('col.item')}>${label('handover', item)}</th>
                    <td data-label=${t('col.outgoing')}>
                      ${signature(c, ho, item, 'outgoing', ho.outgoingOfficialId)}
                    </td>
                    <td data-label=${t('col.incoming')}>
                      ${signature(c, ho, item, 'incoming', ho.incomingOfficialId)}
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`}
  </section>`;
  const nominateSuccessor =
    c.status === 'awaiting_successor' && (c.actions ?? []).includes('nominateCandidate')
      ? html`<section aria-labelledby="successor-h">
          <h2 id="successor-h">${t('case.nominateSuccessor')}</h2>
          <p>
            ${link(
              `/nominate?${new URLSearchParams({ replaces: c.officialId, village: c.village })}`,
              t('case.nominateSuccessorLink'),
            )}
          </p>
        </section>`
      : nothing;
  return html`<p class="crumbs">${link('/cases', `← ${t('case.back')}`)}</p>
    <h1>${t('case.title', { id: c.caseId })}${c.overdue ? html` ${overdueBadge()}` : nothing}</h1>
    ${facts([
      [
        t('case.official'),
        html`${link(`/officials/${encodeURIComponent(c.officialId)}`, c.officialName)} ·
        ${place(c.village)}`,
      ],
      [t('case.grounds'), c.grounds.map((g) => label('ground', g)).join('、')],
      [t('case.status'), label('caseStatus', c.status)],
      [
        t('case.opened'),
        `${formatDateTime(c.openedAt)}${paren(t('cases.ageDays', { n: ageDays(c) }))}`,
      ],
      [t('case.due'), c.dueAt ? formatDate(c.dueAt) : null],
      [t('case.closed'), c.closedAt ? formatDateTime(c.closedAt) : null],
      [t('case.outcome'), c.outcome ? label('outcome', c.outcome) : null],
      [t('case.outcomeReason'), outcomeReason(r)],
      [t('case.recallRequest'), r.recallRequestNo],
      [
        t('case.successors'),
        successors.length
          ? successors.map(
              (id, i) =>
                html`${i ? '、' : ''}${link(`/officials/${encodeURIComponent(id)}`, who(id))}`,
            )
          : t('case.none'),
      ],
    ])}
    ${handover} ${nominateSuccessor}`;
}

/**
 * One side's signature of a hand-over item: when, or a button for the
 * official whose side it is (the API names them in the case's `actions`).
 * @param {import('../types.js').Case} c
 * @param {import('../types.js').HandoverState} ho  the case record's hand-over
 * @param {import('../types.js').HandoverItem} item
 * @param {'outgoing' | 'incoming'} side
 * @param {string} officialId  the official who signs this side
 */
function signature(c, ho, item, side, officialId) {
  const at = ho.signatures?.[item]?.[side];
  if (at) return badge(t('case.signed', { at: formatDate(at) }), 'ok');
  const mine = officialId === session.actor?.id && (c.actions ?? []).includes('signHandoverItem');
  if (!mine) return badge(t('case.unsigned'), 'pending');
  return actionForm({
    id: `sign-${item}`,
    controls: nothing,
    submitLabel: t('case.sign'),
    consequence: () => t('case.signConsequence', { item: label('handover', item) }),
    send: (idempotencyKey) =>
      load(`/api/cases/${encodeURIComponent(c.caseId)}/handover/${item}/sign`, {
        method: 'POST',
        body: {},
        headers: { 'idempotency-key': idempotencyKey },
      }),
    done: () =>
      navigate(location.pathname, {
        replace: true,
        flash: t('case.signedFlash', { item: label('handover', item) }),
      }),
  });
}
