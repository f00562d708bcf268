// The inbox: the signed-in actor's pending tasks by due date, with filters.
import { filterForm } from '../forms.js';
import { errorBox, h, isOneOf, link, overdueBadge, select } from '../dom.js';
import { formatDateTime, label, place, t } from '../i18n.js';
import { Abort, load } from '../router.js';
import { TASK_KINDS } from '../vocabulary.js';

export async function inboxView() {
  const q = new URLSearchParams(location.search);
  const askedKind = q.get('kind');
  const kind = isOneOf(TASK_KINDS, askedKind) ? askedKind : '';
  const askedOverdue = q.get('overdue');
  const overdue = askedOverdue === 'true' || askedOverdue === 'false' ? askedOverdue : '';
  const query = new URLSearchParams({
    limit: '50',
    ...(kind ? { kind } : {}),
    ...(overdue ? { overdue } : {}),
  });
  /** @type {import('../types.js').InboxPage} */
  const page = await load(`/api/inbox?${query}`);

  const kindSelect = select(
    'kind',
    [['', t('inbox.allKinds')], ...TASK_KINDS.map((k) => [k, label('kind', k)])],
    kind,
  );
  const overdueSelect = select(
    'overdue',
    [
      ['', t('inbox.overdueAll')],
      ['true', t('inbox.overdueOnly')],
      ['false', t('inbox.notOverdue')],
    ],
    overdue,
  );
  const filters = filterForm({
    path: '/inbox',
    fields: [
      { id: 'filter-kind', label: t('inbox.kind'), control: kindSelect, param: 'kind' },
      {
        id: 'filter-overdue',
        label: t('inbox.overdue'),
        control: overdueSelect,
        param: 'overdue',
      },
    ],
    submitLabel: t('inbox.apply'),
    ariaLabel: t('inbox.filters'),
  });

  /** @type {import('../types.js').Child[]} */

  const out = [
    h('h1', {}, t('inbox.title')),
    filters,
    h(
      'p',
      { class: 'summary', id: 'inbox-summary' },
      t('inbox.summary', { total: page.total, overdue: page.overdue }),
    ),
  ];
  if (!page.items.length) return [...out, h('p', { class: 'empty' }, t('inbox.empty'))];

  const tbody = h('tbody');
  /** @param {import('../types.js').Task[]} items */
  const addRows = (items) => {
    for (const task of items) tbody.append(taskRow(task));
  };
  addRows(page.items);
  const table = h(
    'table',
    { class: 'list', id: 'inbox' },
    h('caption', { class: 'visually-hidden' }, t('inbox.caption')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['col.task', 'col.official', 'col.village', 'col.due'].map((k) =>
          h('th', { scope: 'col' }, t(k)),
        ),
      ),
    ),
    tbody,
  );
  out.push(table);
  let cursor = page.nextCursor;
  if (cursor) {
    const more = h('button', { type: 'button' }, t('inbox.more'));
    const loadMore = async () => {
      more.disabled = true;
      try {
        const next = await load(
          // The button is there only while a cursor is.
          `/api/inbox?${new URLSearchParams({ ...Object.fromEntries(query), cursor: /** @type {string} */ (cursor) })}`,
        );
        addRows(next.items);
        cursor = next.nextCursor;
        more.disabled = false;
        if (!cursor) more.remove();
      } catch (err) {
        if (!(err instanceof Abort)) more.replaceWith(errorBox(err));
      }
    };
    more.addEventListener('click', () => void loadMore());
    out.push(more);
  }
  return out;
}

/** @param {import('../types.js').Task} task */
function taskRow(task) {
  return h(
    'tr',
    { class: task.overdue ? 'overdue' : '', 'data-task-id': task.id },
    h(
      'td',
      { 'data-label': t('col.task') },
      link(`/tasks/${encodeURIComponent(task.id)}`, taskName(task)),
    ),
    h(
      'td',
      { 'data-label': t('col.official') },
      link(`/officials/${encodeURIComponent(task.officialId)}`, task.officialName),
    ),
    h('td', { 'data-label': t('col.village') }, place(task.village)),
    h(
      'td',
      { 'data-label': t('col.due') },
      h('time', { datetime: task.dueAt }, formatDateTime(task.dueAt)),
      task.overdue ? [' ', overdueBadge()] : null,
    ),
  );
}

/** @param {{ kind: string, requestNo?: string }} task */
export const taskName = (task) =>
  `${label('kind', task.kind)}${task.requestNo ? ` ${task.requestNo}` : ''}`;
