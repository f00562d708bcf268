// Reassignment cases: the list operators track, and one case with its
// successor and hand-over.
import { badge, DAY, facts, h, isOneOf, link, overdueBadge, paren, select } from '../dom.js';
import { formatDate, formatDateTime, getLang, label, place, t } from '../i18n.js';
import { load, navigate } from '../router.js';
import { actionForm, filterForm } from '../forms.js';
import { api, remember, session, who } from '../session.js';
import { CASE_STATUSES, HANDOVER_ITEMS } from '../vocabulary.js';

/** @param {import('../types.js').Case} c */
const ageDays = (c, now = Date.now()) =>
  Math.max(
    0,
    Math.floor(((c.closedAt ? Date.parse(c.closedAt) : now) - Date.parse(c.openedAt)) / DAY),
  );

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
  const statusSelect = select(
    'status',
    [
      ['open', t('cases.open')],
      ['all', t('cases.all')],
      ...CASE_STATUSES.map((s) => [s, label('caseStatus', s)]),
    ],
    status,
  );
  const form = filterForm({
    path: '/cases',
    fields: [
      {
        id: 'cases-status',
        label: t('cases.status'),
        control: statusSelect,
        param: 'status',
        omit: 'open',
      },
    ],
    submitLabel: t('cases.apply'),
    ariaLabel: t('cases.filters'),
  });
  /** @type {import('../types.js').Child[]} */
  const out = [h('h1', {}, t('cases.title')), caseStats(stats), form];
  if (!page.items.length) return [...out, h('p', { class: 'empty' }, t('cases.empty'))];
  out.push(
    h(
      'table',
      { class: 'list', id: 'cases' },
      h('caption', { class: 'visually-hidden' }, t('cases.caption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['col.case', 'col.official', 'col.grounds', 'col.status', 'col.age', 'col.due'].map((k) =>
            h('th', { scope: 'col' }, t(k)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        page.items.map((c) =>
          h(
            'tr',
            { class: c.overdue ? 'overdue' : '', 'data-case-id': c.caseId },
            h(
              'td',
              { 'data-label': t('col.case') },
              link(`/cases/${encodeURIComponent(c.caseId)}`, c.caseId),
            ),
            h(
              'td',
              { 'data-label': t('col.official') },
              link(`/officials/${encodeURIComponent(c.officialId)}`, c.officialName),
              h('span', { class: 'detail' }, place(c.village)),
            ),
            h(
              'td',
              { 'data-label': t('col.grounds') },
              c.grounds.map((g) => label('ground', g)).join('、'),
            ),
            h('td', { 'data-label': t('col.status') }, label('caseStatus', c.status)),
            h('td', { 'data-label': t('col.age') }, t('cases.ageDays', { n: ageDays(c) })),
            h(
              'td',
              { 'data-label': t('col.due') },
              c.dueAt ? formatDate(c.dueAt) : '—',
              c.overdue ? [' ', overdueBadge()] : null,
            ),
          ),
        ),
      ),
    ),
  );
  return out;
}

/**
 * The jurisdiction's cases in figures: open, overdue, closed, the median days
 * a case took to close, and each ground's open and closed cases.
 * @param {import('../types.js').CaseStats} stats
 */
function caseStats(stats) {
  return h(
    'section',
    { 'aria-labelledby': 'case-stats-h', id: 'case-stats' },
    h('h2', { id: 'case-stats-h' }, t('cases.stats')),
    facts([
      [t('cases.statsOpen'), String(stats.open)],
      [t('cases.statsOverdue'), String(stats.overdue)],
      [t('cases.statsClosed'), String(stats.closed)],
      [
        t('cases.statsMedian'),
        stats.medianDaysToClose === null ? '—' : t('cases.ageDays', { n: stats.medianDaysToClose }),
      ],
    ]),
    stats.byGround.length
      ? h(
          'table',
          { class: 'list compact' },
          h('caption', {}, t('cases.byGround')),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['col.grounds', 'cases.statsOpen', 'cases.statsClosed'].map((k) =>
                h('th', { scope: 'col' }, t(k)),
              ),
            ),
          ),
          h(
            'tbody',
            {},
            stats.byGround.map((g) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, label('ground', g.ground)),
                h('td', { 'data-label': t('cases.statsOpen') }, String(g.open)),
                h('td', { 'data-label': t('cases.statsClosed') }, String(g.closed)),
              ),
            ),
          ),
        )
      : null,
  );
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
  /** @type {import('../types.js').Child[]} */
  const out = [
    h('p', { class: 'crumbs' }, link('/cases', `← ${t('case.back')}`)),
    h('h1', {}, t('case.title', { id: c.caseId }), c.overdue ? [' ', overdueBadge()] : null),
    facts([
      [
        t('case.official'),
        [
          link(`/officials/${encodeURIComponent(c.officialId)}`, c.officialName),
          ` · ${place(c.village)}`,
        ],
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
          ? successors.map((id, i) => [
              i ? '、' : '',
              link(`/officials/${encodeURIComponent(id)}`, who(id)),
            ])
          : t('case.none'),
      ],
    ]),
  ];
  const ho = r.handover;
  const section = h(
    'section',
    { 'aria-labelledby': 'handover-h' },
    h('h2', { id: 'handover-h' }, t('case.handover')),
  );
  if (!ho) section.append(h('p', { class: 'empty' }, t('case.noHandover')));
  else {
    section.append(
      h(
        'p',
        { class: 'hint' },
        t('case.handoverPeriod', { from: formatDate(ho.startedAt), to: formatDate(ho.dueAt) }),
      ),
      h(
        'table',
        { class: 'list checklist' },
        h('caption', { class: 'visually-hidden' }, t('case.handover')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, t('col.item')),
            h(
              'th',
              { scope: 'col' },
              t('col.outgoing'),
              h('span', { class: 'detail' }, who(ho.outgoingOfficialId)),
            ),
            h(
              'th',
              { scope: 'col' },
              t('col.incoming'),
              h('span', { class: 'detail' }, who(ho.incomingOfficialId)),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          HANDOVER_ITEMS.map((item) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row', 'data-label': t('col.item') }, label('handover', item)),
              h(
                'td',
                { 'data-label': t('col.outgoing') },
                signature(c, ho, item, 'outgoing', ho.outgoingOfficialId),
              ),
              h(
                'td',
                { 'data-label': t('col.incoming') },
                signature(c, ho, item, 'incoming', ho.incomingOfficialId),
              ),
            ),
          ),
        ),
      ),
    );
  }
  out.push(section);
  if (c.status === 'awaiting_successor' && (c.actions ?? []).includes('nominateCandidate'))
    out.push(
      h(
        'section',
        { 'aria-labelledby': 'successor-h' },
        h('h2', { id: 'successor-h' }, t('case.nominateSuccessor')),
        h(
          'p',
          {},
          link(
            `/nominate?${new URLSearchParams({ replaces: c.officialId, village: c.village })}`,
            t('case.nominateSuccessorLink'),
          ),
        ),
      ),
    );
  return out;
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
    controls: [],
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
