// The inbox: the signed-in actor's pending tasks by due date, with filters.
import { filterForm } from '../actions.js';
import { isOneOf } from '../values.js';
import { formatDateTime, label, place, t } from '../i18n.js';
import { html, nothing, ref, render, repeat } from '../lit.js';
import { errorBox, field, link, overdueBadge, select } from '../parts.js';
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

  const kindOptions = [['', t('inbox.allKinds')], ...TASK_KINDS.map((k) => [k, label('kind', k)])];
  const overdueOptions = [
    ['', t('inbox.overdueAll')],
    ['true', t('inbox.overdueOnly')],
    ['false', t('inbox.notOverdue')],
  ];
  const filters = filterForm({
    path: '/inbox',
    fields: [
      {
        param: 'kind',
        field: field(
          { id: 'filter-kind', label: t('inbox.kind') },
          select({ id: 'filter-kind', name: 'kind', options: kindOptions, value: kind }),
        ),
      },
      {
        param: 'overdue',
        field: field(
          { id: 'filter-overdue', label: t('inbox.overdue') },
          select({
            id: 'filter-overdue',
            name: 'overdue',
            options: overdueOptions,
            value: overdue,
          }),
        ),
      },
    ],
    submitLabel: t('inbox.apply'),
    ariaLabel: t('inbox.filters'),
  });
  const summary = t('inbox.summary', { total: page.total, overdue: page.overdue });
  return html`<h1>${t('inbox.title')}</h1>
    ${filters}
    <p class="summary" id="inbox-summary">${summary}</p>
    ${page.items.length ? taskList(page, query) : html`<p class="empty">${t('inbox.empty')}</p>`}`;
}

/**
 * The tasks' table and, while the API has more, a button that loads the next
 * page into it: the list is re-rendered (lit) into its place as it grows.
 * @param {import('../types.js').InboxPage} page  the first page
 * @param {URLSearchParams} query  the filters asked for
 */
function taskList(page, query) {
  const items = [...page.items];
  let cursor = page.nextCursor;
  let busy = false;
  /** @type {unknown} */
  let failed = null;
  /** @type {HTMLElement | undefined} */
  let host;

  const loadMore = async () => {
    busy = true;
    update();
    try {
      /** @type {import('../types.js').InboxPage} */
      const next = await load(
        // The button is there only while a cursor is.
        `/api/inbox?${new URLSearchParams({ ...Object.fromEntries(query), cursor: /** @type {string} */ (cursor) })}`,
      );
      items.push(...next.items);
      cursor = next.nextCursor;
    } catch (err) {
      if (err instanceof Abort) return;
      failed = err;
    }
    busy = false;
    update();
  };

  const more = () => {
    if (failed) return errorBox(failed);
    if (!cursor) return nothing;
    const onClick = () => void loadMore();
    const text = t('inbox.more');
    return html`<button type="button" ?disabled=${busy} @click=${onClick}>${text}</button>`;
  };
  const heads = ['col.task', 'col.official', 'col.village', 'col.due'].map(
    (k) => html`<th scope="col">${t(k)}</th>`,
  );
  const caption = t('inbox.caption');
  const list = () =>
    html`<table class="list" id="inbox">
        <caption class="visually-hidden">
          ${caption}
        </caption>
        <thead>
          <tr>
            ${heads}
          </tr>
        </thead>
        <tbody>
          ${repeat(items, (task) => task.id, taskRow)}
        </tbody>
      </table>
      ${more()}`;
  const update = () => {
    if (host) render(list(), host);
  };
  /** @param {Element | undefined} el */
  const mount = (el) => {
    host = /** @type {HTMLElement | undefined} */ (el);
    update();
  };
  return html`<div class="task-list" ${ref(mount)}></div>`;
}

/** @param {import('../types.js').Task} task */
function taskRow(task) {
  const taskLink = link(`/tasks/${encodeURIComponent(task.id)}`, taskName(task));
  const officialLink = link(`/officials/${encodeURIComponent(task.officialId)}`, task.officialName);
  const due = html`<time datetime=${task.dueAt}>${formatDateTime(task.dueAt)}</time>`;
  const badge = task.overdue ? html` ${overdueBadge()}` : nothing;
  return html`<tr class=${task.overdue ? 'overdue' : ''} data-task-id=${task.id}>
    <td data-label=${t('col.task')}>${taskLink}</td>
    <td data-label=${t('col.official')}>${officialLink}</td>
    <td data-label=${t('col.village')}>${place(task.village)}</td>
    <td data-label=${t('col.due')}>${due}${badge}</td>
  </tr>`;
}

/** @param {{ kind: string, requestNo?: string }} task */
export const taskName = (task) =>
  `${label('kind', task.kind)}${task.requestNo ? ` ${task.requestNo}` : ''}`;
