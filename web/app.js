// The approvers' page: a small client of the JSON API. No framework, no build
// step: DOM built with textContent only (nothing from the server is parsed as
// HTML), the bearer token in sessionStorage (gone when the tab closes), routes
// in the address bar so that a reminder's link (/tasks/<id>) opens the task.
import {
  DICTIONARIES,
  HTML_LANG,
  formatDate,
  formatDateTime,
  getLang,
  label,
  person,
  place,
  setLang,
  t,
} from './i18n.js';

const TOKEN_KEY = 'zhucun.token';
const ACTOR_KEY = 'zhucun.actor';
const DAY = 86_400_000;

/** Tasks that are completed, never rejected (the workflow refuses a rejection). */
const APPROVE_ONLY = [
  'record_pre_dispatch_training',
  'close_attendance',
  'self_report',
  'rate_official',
];
/** Tasks done elsewhere than with a decision. */
const NOT_DECIDED_HERE = ['nominate_successor', 'sign_handover'];
const RATINGS = ['outstanding', 'competent', 'basically_competent', 'incompetent'];
const HANDOVER_ITEMS = ['village_ledger', 'ongoing_projects', 'contacts', 'open_matters'];
const CASE_STATUSES = [
  'recall_requested',
  'awaiting_successor',
  'successor_in_vetting',
  'handover',
  'closed',
];
const TASK_KINDS = Object.keys(DICTIONARIES.zh)
  .filter((k) => k.startsWith('kind.'))
  .map((k) => k.slice(5));
const STAGES = Object.keys(DICTIONARIES.zh)
  .filter((k) => k.startsWith('stage.'))
  .map((k) => k.slice(6));

const session = {
  token: sessionStorage.getItem(TOKEN_KEY),
  actor: parseJson(sessionStorage.getItem(ACTOR_KEY)),
  /** Demo actors when the deployment is embedded; null in production; undefined until asked. */
  demo: undefined,
};

function parseJson(s) {
  try {
    return s ? JSON.parse(s) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- DOM ----

/** Builds an element: attributes (on* handlers, booleans, the rest as attributes) and children. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const link = (href, ...children) => h('a', { href }, ...children);

/** A definition list from [term, value] pairs; empty values are left out. */
function facts(pairs, cls = 'facts') {
  const dl = h('dl', { class: cls });
  for (const [term, value] of pairs) {
    if (
      value === undefined ||
      value === null ||
      value === '' ||
      (Array.isArray(value) && value.length === 0)
    )
      continue;
    dl.append(h('div', {}, h('dt', {}, term), h('dd', {}, value)));
  }
  return dl;
}

const badge = (text, kind) => h('span', { class: `badge ${kind}` }, text);
const overdueBadge = () => badge(t('badge.overdue'), 'overdue');
const stageBadge = (stage) => badge(label('stage', stage), `stage stage-${stage}`);

/** A field with its label (and hint tied by aria-describedby). */
function field(id, text, control, hint) {
  control.id = id;
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, text),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    control,
  );
}

function select(name, options, value) {
  const s = h('select', { name });
  for (const [v, text] of options)
    s.append(h('option', { value: v, selected: v === (value ?? '') }, text));
  return s;
}

// -------------------------------------------------------------- API ----

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, { method = 'GET', body, token = session.token, headers = {} } = {}) {
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  const data = (res.headers.get('content-type') ?? '').includes('json')
    ? await res.json().catch(() => null)
    : null;
  if (!res.ok)
    throw new ApiError(
      res.status,
      data?.error?.code ?? 'error',
      data?.error?.message ?? res.statusText,
    );
  return data;
}

/** A call from a view: a 401 ends the session and goes to sign-in; anything else is the view's to show. */
async function load(path, options) {
  try {
    return await api(path, options);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401 && session.token) {
      signOut(t('signIn.expired'));
      throw new Abort();
    }
    throw err;
  }
}

/** Thrown to stop rendering a view that has navigated away. */
class Abort extends Error {}

/** A clear message for a failed call, in a role="alert" region. */
function errorBox(err, ...extra) {
  const status = err instanceof ApiError ? err.status : -1;
  const headline =
    status === 0
      ? t('error.network')
      : [400, 401, 403, 404, 409, 422, 503].includes(status)
        ? t(`error.${status}`)
        : status >= 500
          ? t('error.503')
          : t('error.other');
  const detail =
    err instanceof ApiError && err.message
      ? t('error.detail', { message: err.message })
      : err instanceof Error && !(err instanceof ApiError)
        ? err.message
        : '';
  return h(
    'div',
    { class: 'alert', role: 'alert', 'data-status': status },
    h('p', { class: 'alert-title' }, headline),
    detail ? h('p', {}, detail) : null,
    ...extra,
  );
}

// ------------------------------------------------------------- shell ----

const main = () => document.getElementById('main');

function renderShell() {
  document.documentElement.lang = HTML_LANG[getLang()];
  document.getElementById('skip-link').textContent = t('app.skip');
  document.getElementById('brand').textContent = t('app.title');
  const langButton = document.getElementById('lang-switch');
  langButton.textContent = t('lang.switch');
  langButton.lang = getLang() === 'zh' ? 'en' : 'zh-CN';
  langButton.setAttribute('aria-label', t('lang.switchLabel'));
  const nav = document.getElementById('nav');
  nav.setAttribute('aria-label', t('nav.label'));
  nav.hidden = !session.token;
  for (const a of nav.querySelectorAll('a[data-nav]')) {
    a.textContent = t(`nav.${a.dataset.nav}`);
    const section = location.pathname.split('/')[1] || 'inbox';
    const here = section === a.dataset.nav || (section === 'tasks' && a.dataset.nav === 'inbox');
    if (here) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.getElementById('nav-mail').hidden = !session.demo;
  const who = document.getElementById('who');
  const signOutButton = document.getElementById('sign-out');
  signOutButton.textContent = t('nav.signOut');
  signOutButton.hidden = !session.token;
  who.hidden = !session.actor;
  who.textContent = session.actor
    ? t('nav.signedInAs', {
        name: person(session.actor.id, session.actor.name),
        role: actorRole(session.actor),
      })
    : '';
}

/** Words in brackets: full-width in Chinese, a space and ASCII ones in English. */
const paren = (text) => (getLang() === 'zh' ? `（${text}）` : ` (${text})`);

/** A person or body by id: its name in the page's language where known (the demo actors, oneself), else the id. */
const who = (id) =>
  person(
    id,
    knownNames.get(id) ??
      session.demo?.find((a) => a.id === id)?.name ??
      (session.actor?.id === id ? session.actor.name : undefined),
  );

/** Names of officials met in what the API returned, so that their ids read as names elsewhere. */
const knownNames = new Map();
const remember = (id, name) => {
  if (id && name) knownNames.set(id, name);
};

const actorRole = (a) =>
  a.body ? `${label('role', a.role)}·${label('body', a.body)}` : label('role', a.role);

let pendingFlash = null;

function showFlash(message) {
  const flash = document.getElementById('flash');
  flash.replaceChildren();
  if (message) flash.append(h('p', {}, message));
}

// ------------------------------------------------------------ router ----

const routes = [
  [/^\/$/, () => (session.token ? redirect('/inbox') : signInView())],
  [/^\/sign-in$/, () => signInView()],
  [/^\/inbox$/, () => inboxView()],
  [/^\/tasks\/([^/]+)$/, (id) => taskView(id)],
  [/^\/officials$/, () => officialsView()],
  [/^\/officials\/([^/]+)$/, (id) => officialView(id)],
  [/^\/cases$/, () => casesView()],
  [/^\/cases\/([^/]+)$/, (id) => caseView(id)],
  [/^\/mail$/, () => mailView()],
];

let renderSeq = 0;

async function render({ focus = false } = {}) {
  const seq = ++renderSeq;
  const path = location.pathname;
  const publicPage = path === '/sign-in' || (path === '/' && !session.token);
  if (!session.token && !publicPage) {
    // Remember where the person was going (a reminder's link) and come back after sign-in.
    sessionStorage.setItem('zhucun.next', location.pathname + location.search);
    return navigate('/sign-in', { replace: true });
  }
  if (session.demo === undefined) await loadDemoActors();
  renderShell();
  showFlash(pendingFlash);
  pendingFlash = null;
  const m = main();
  m.setAttribute('aria-busy', 'true');
  let content;
  try {
    const found = routes.find(([re]) => re.test(path));
    if (!found)
      content = [
        h('h1', {}, t('error.404')),
        h(
          'div',
          { class: 'alert', role: 'alert' },
          h('p', { class: 'alert-title' }, t('error.notFoundPage')),
        ),
      ];
    else content = await found[1](...path.match(found[0]).slice(1).map(decodeURIComponent));
  } catch (err) {
    if (err instanceof Abort) return;
    // Never a blank page: whatever failed is said where the content would be.
    content = [h('h1', {}, t('error.other')), errorBox(err)];
  }
  if (seq !== renderSeq || content === undefined) return;
  m.replaceChildren(
    ...[content].flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false),
  );
  m.removeAttribute('aria-busy');
  const title = m.querySelector('h1')?.textContent;
  document.title = title ? `${title} · ${t('app.title')}` : t('app.title');
  if (focus) {
    // Screen readers start on the new view's heading, as after a page load.
    const heading = m.querySelector('h1');
    if (heading) heading.tabIndex = -1;
    (heading ?? m).focus();
  }
}

function navigate(path, { replace = false, flash } = {}) {
  if (flash) pendingFlash = flash;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  return render({ focus: true });
}

function redirect(path) {
  void navigate(path, { replace: true });
  throw new Abort();
}

document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
  if (
    !a ||
    e.defaultPrevented ||
    e.button !== 0 ||
    e.metaKey ||
    e.ctrlKey ||
    e.shiftKey ||
    e.altKey
  )
    return;
  const url = new URL(a.href, location.href);
  if (
    url.origin !== location.origin ||
    a.target ||
    a.hasAttribute('download') ||
    url.pathname.startsWith('/api/')
  )
    return;
  if (url.hash && url.pathname === location.pathname) return; // the skip link
  e.preventDefault();
  void navigate(url.pathname + url.search);
});
window.addEventListener('popstate', () => void render({ focus: true }));

// ----------------------------------------------------------- sign-in ----

async function loadDemoActors() {
  try {
    session.demo = (await api('/api/demo/actors', { token: null })).items;
  } catch {
    session.demo = null; // 404: not the embedded demo
  }
}

function signIn(token, actor) {
  session.token = token;
  session.actor = actor;
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(ACTOR_KEY, JSON.stringify(actor));
  const next = sessionStorage.getItem('zhucun.next');
  sessionStorage.removeItem('zhucun.next');
  return navigate(next && next !== '/sign-in' ? next : '/inbox');
}

function signOut(message) {
  session.token = null;
  session.actor = null;
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(ACTOR_KEY);
  void navigate('/sign-in', { replace: true, flash: message });
}

function signInView() {
  const out = [h('h1', {}, t('signIn.title')), h('p', {}, t('signIn.intro'))];
  if (session.demo) {
    const list = h('ul', { class: 'actors' });
    for (const a of session.demo) {
      const { token, ...actor } = a;
      list.append(
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'actor',
              'data-actor': a.id,
              onclick: () => void signIn(token, actor),
            },
            h('span', { class: 'actor-name' }, person(a.id, a.name)),
            h('span', { class: 'actor-role' }, `${actorRole(a)} · ${place(a.jurisdiction)}`),
          ),
        ),
      );
    }
    out.push(
      h(
        'section',
        { 'aria-labelledby': 'demo-h' },
        h('h2', { id: 'demo-h' }, t('signIn.demo')),
        h('p', {}, t('signIn.demoIntro')),
        list,
      ),
    );
  }
  const area = h('textarea', {
    name: 'token',
    rows: 4,
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const status = h('div', { class: 'form-status' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (e) => {
        e.preventDefault();
        const token = area.value.trim().replace(/^Bearer\s+/i, '');
        status.replaceChildren();
        try {
          const actor = await api('/api/me', { token });
          await signIn(token, actor);
        } catch (err) {
          status.append(errorBox(err));
        }
      },
    },
    field('token-input', t('signIn.tokenLabel'), area),
    h('button', { type: 'submit', class: 'primary' }, t('signIn.submit')),
    status,
  );
  out.push(
    h(
      'section',
      { 'aria-labelledby': 'token-h' },
      h('h2', { id: 'token-h' }, t('signIn.token')),
      h('p', {}, t('signIn.tokenIntro')),
      form,
    ),
  );
  return out;
}

// ------------------------------------------------------------- inbox ----

async function inboxView() {
  const q = new URLSearchParams(location.search);
  const kind = TASK_KINDS.includes(q.get('kind')) ? q.get('kind') : '';
  const overdue = ['true', 'false'].includes(q.get('overdue')) ? q.get('overdue') : '';
  const query = new URLSearchParams({
    limit: '50',
    ...(kind ? { kind } : {}),
    ...(overdue ? { overdue } : {}),
  });
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
  const filters = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': t('inbox.filters'),
      onsubmit: (e) => {
        e.preventDefault();
        const p = new URLSearchParams();
        if (kindSelect.value) p.set('kind', kindSelect.value);
        if (overdueSelect.value) p.set('overdue', overdueSelect.value);
        void navigate(`/inbox${p.size ? `?${p}` : ''}`);
      },
    },
    field('filter-kind', t('inbox.kind'), kindSelect),
    field('filter-overdue', t('inbox.overdue'), overdueSelect),
    h('button', { type: 'submit' }, t('inbox.apply')),
  );

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
    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        const next = await load(
          `/api/inbox?${new URLSearchParams({ ...Object.fromEntries(query), cursor })}`,
        );
        addRows(next.items);
        cursor = next.nextCursor;
        more.disabled = false;
        if (!cursor) more.remove();
      } catch (err) {
        if (!(err instanceof Abort)) more.replaceWith(errorBox(err));
      }
    });
    out.push(more);
  }
  return out;
}

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

const taskName = (task) =>
  `${label('kind', task.kind)}${task.requestNo ? ` ${task.requestNo}` : ''}`;

// -------------------------------------------------------------- task ----

/** Whether the signed-in actor is the one the task waits for (the server checks again). */
function waitsForMe(task) {
  const a = session.actor;
  if (!a) return false;
  if (task.assignee.actorId) return task.assignee.actorId === a.id;
  const within =
    task.assignee.jurisdiction === a.jurisdiction ||
    task.assignee.jurisdiction.startsWith(`${a.jurisdiction}/`);
  return (
    a.role === task.assignee.role &&
    within &&
    (!task.assignee.body || task.assignee.body === a.body)
  );
}

const assigneeText = (as) =>
  as.actorId
    ? who(as.actorId)
    : `${label('role', as.role)}${as.body ? `·${label('body', as.body)}` : ''}${paren(place(as.jurisdiction))}`;

async function taskView(taskId) {
  const task = await load(`/api/tasks/${encodeURIComponent(taskId)}`);
  remember(task.officialId, task.officialName);
  const official = await load(`/api/officials/${encodeURIComponent(task.officialId)}`).catch(
    (err) => {
      if (err instanceof Abort) throw err;
      return err;
    },
  );

  const out = [
    h('p', { class: 'crumbs' }, link('/inbox', `← ${t('task.back')}`)),
    h('h1', {}, taskName(task), task.overdue ? [' ', overdueBadge()] : null),
    facts([
      [
        t('task.official'),
        link(`/officials/${encodeURIComponent(task.officialId)}`, task.officialName),
      ],
      [t('task.village'), place(task.village)],
      [t('task.assignee'), assigneeText(task.assignee)],
      [t('task.created'), formatDateTime(task.createdAt)],
      [t('task.due'), formatDateTime(task.dueAt)],
      [t('task.requestNo'), task.requestNo],
      [
        t('task.case'),
        task.caseId ? link(`/cases/${encodeURIComponent(task.caseId)}`, task.caseId) : null,
      ],
      [t('task.month'), task.data?.month],
      [t('task.year'), task.data?.year],
      [t('task.leaveDays'), task.data?.days],
      [t('task.recordTitle'), task.requestNo ? task.title : null],
    ]),
  ];
  if (typeof task.data?.selfReport === 'string') {
    out.push(
      h(
        'section',
        { 'aria-labelledby': 'report-h' },
        h('h2', { id: 'report-h' }, t('task.selfReport')),
        h('blockquote', { class: 'report' }, task.data.selfReport),
      ),
    );
  }
  out.push(decisionSection(task, official instanceof Error ? null : official));
  out.push(
    h(
      'section',
      { class: 'profile', 'aria-labelledby': 'profile-h' },
      h('h2', { id: 'profile-h' }, t('task.profile')),
      ...(official instanceof Error ? [errorBox(official)] : profile(official, { compact: true })),
    ),
  );
  if (!(official instanceof Error)) out.push(timeline(official.timeline, { show: 6 }));
  return out;
}

function decisionSection(task, official) {
  const section = h(
    'section',
    { class: 'decision', 'aria-labelledby': 'decision-h' },
    h('h2', { id: 'decision-h' }, t('task.decision')),
  );
  if (task.closedAt) {
    section.append(
      h(
        'p',
        { class: 'closed-note' },
        t('task.closed', {
          outcome: label('outcome', task.outcome),
          by: who(task.closedBy ?? 'system'),
          at: formatDateTime(task.closedAt),
        }),
      ),
    );
    return section;
  }
  if (task.kind === 'nominate_successor') {
    section.append(h('p', {}, t('task.viaNomination')));
    return section;
  }
  if (task.kind === 'sign_handover') {
    section.append(
      h('p', {}, t('task.viaCase')),
      task.caseId
        ? h('p', {}, link(`/cases/${encodeURIComponent(task.caseId)}`, t('task.openCase')))
        : null,
    );
    return section;
  }
  if (!waitsForMe(task)) {
    section.append(
      h('p', { class: 'note' }, t('task.notYours', { who: assigneeText(task.assignee) })),
    );
    return section;
  }
  section.append(decisionForm(task, official));
  return section;
}

function decisionForm(task, official) {
  const comment = h('textarea', { name: 'comment', rows: 3, maxlength: 2000 });
  const controls = [field('decision-comment', t('task.comment'), comment, t('task.commentHint'))];
  let extra = () => ({});
  if (task.kind === 'close_attendance') {
    const days = h('input', {
      type: 'number',
      name: 'days',
      min: 0,
      max: 31,
      step: 1,
      required: true,
      inputmode: 'numeric',
    });
    controls.unshift(field('decision-days', t('task.days'), days, t('task.daysHint')));
    extra = () => ({ days: Number(days.value) });
  } else if (task.kind === 'rate_official') {
    const rating = select(
      'rating',
      [['', t('task.chooseRating')], ...RATINGS.map((r) => [r, label('rating', r)])],
      '',
    );
    rating.required = true;
    controls.unshift(field('decision-rating', t('task.rating'), rating));
    extra = () => ({ rating: rating.value });
  } else if (task.kind === 'self_report') {
    const report = h('textarea', { name: 'report', rows: 8, required: true, maxlength: 10000 });
    controls.unshift(field('decision-report', t('task.report'), report));
    extra = () => ({ report: report.value });
  }

  const status = h('div', { class: 'form-status', id: 'decision-status' });
  const approveOnly = APPROVE_ONLY.includes(task.kind);
  const approve = h(
    'button',
    { type: 'submit', class: 'approve', name: 'decision', value: 'approve' },
    approveOnly ? t('task.complete') : t('task.approve'),
  );
  const reject = approveOnly
    ? null
    : h(
        'button',
        {
          type: 'submit',
          class: 'reject',
          name: 'decision',
          value: 'reject',
          formnovalidate: true,
        },
        t('task.reject'),
      );
  // One key per attempt: a double click acts once; a new attempt after an error gets a new key.
  let idempotencyKey = crypto.randomUUID();

  const form = h(
    'form',
    { class: 'card', 'aria-describedby': 'decision-status' },
    ...controls,
    h('div', { class: 'buttons' }, approve, reject),
    status,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const decision = e.submitter?.value === 'reject' ? 'reject' : 'approve';
    status.replaceChildren(h('p', { class: 'pending' }, t('task.submitting')));
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      const result = await load(`/api/tasks/${encodeURIComponent(task.id)}/decision`, {
        method: 'POST',
        body: { decision, comment: comment.value, ...(decision === 'approve' ? extra() : {}) },
        headers: { 'idempotency-key': idempotencyKey },
      });
      await navigate('/inbox', {
        flash: t('task.decided', {
          task: taskName(task),
          official: official?.official?.name ?? task.officialName,
          outcome: label('outcome', decision),
          stage: label('stage', result.stage),
        }),
      });
    } catch (err) {
      if (err instanceof Abort) return;
      idempotencyKey = crypto.randomUUID();
      form.removeAttribute('aria-busy');
      const settled = err instanceof ApiError && (err.status === 409 || err.status === 403);
      const reload = settled ? h('p', {}, link(location.pathname, t('task.reload'))) : null;
      status.replaceChildren(errorBox(err, reload));
      // Decided by someone else, or not this person's to decide: trying again cannot help.
      for (const b of form.querySelectorAll('button')) b.disabled = settled;
    }
  });
  return form;
}

// ---------------------------------------------------------- official ----

function profile(o, { compact = false } = {}) {
  const s = o.snapshot ?? {};
  const out = [
    compact
      ? h(
          'p',
          { class: 'profile-name' },
          link(`/officials/${encodeURIComponent(o.official.officialId)}`, o.official.name),
          ' ',
          stageBadge(o.official.stage),
        )
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
      [t('official.promotion'), s.promotionPriority ? t('official.yes') : null],
      [t('official.policy'), compact ? null : s.policyVersion],
    ]),
  ];
  if (Array.isArray(s.screeningFailures) && s.screeningFailures.length) {
    out.push(
      h(
        'div',
        { class: 'note' },
        h('p', {}, t('official.screening')),
        h(
          'ul',
          {},
          s.screeningFailures.map((f) => h('li', {}, `${f.ruleId}: ${f.reason}`)),
        ),
      ),
    );
  }
  if (compact)
    out.push(
      h(
        'p',
        {},
        link(`/officials/${encodeURIComponent(o.official.officialId)}`, t('task.viewOfficial')),
      ),
    );
  return out;
}

/** The term year that contains now, or the latest one. */
function currentYear(years, now = Date.now()) {
  if (!Array.isArray(years) || !years.length) return undefined;
  return years.find((y) => y.startsAt <= now && now < y.endsAt) ?? years[years.length - 1];
}

function obligationStatus(done, y, now = Date.now()) {
  if (done) return badge(t('status.done'), 'ok');
  return now > y.endsAt
    ? badge(t('status.overdue', { at: formatDate(y.endsAt) }), 'overdue')
    : badge(t('status.pending', { at: formatDate(y.endsAt) }), 'pending');
}

function obligations(snapshot) {
  const section = h(
    'section',
    { 'aria-labelledby': 'obligations-h' },
    h('h2', { id: 'obligations-h' }, t('official.obligations')),
  );
  const y = currentYear(snapshot?.years);
  if (!y) return append(section, [h('p', { class: 'empty' }, t('official.noYears'))]);
  const lastCheck = y.healthChecks[y.healthChecks.length - 1];
  const rows = [
    [
      t('official.training'),
      obligationStatus(y.trainings.length > 0, y),
      y.trainings.map((tr) => h('span', { class: 'detail' }, `${formatDate(tr.at)} ${tr.title}`)),
    ],
    [
      t('official.health'),
      lastCheck
        ? badge(
            lastCheck.fit ? t('status.fit') : t('status.unfit'),
            lastCheck.fit ? 'ok' : 'overdue',
          )
        : obligationStatus(false, y),
      lastCheck ? h('span', { class: 'detail' }, formatDate(lastCheck.at)) : null,
    ],
    [
      t('official.attendance'),
      y.attendance.length
        ? h(
            'ul',
            { class: 'months' },
            y.attendance.map((a) =>
              h(
                'li',
                { class: a.breach ? 'breach' : '' },
                t('official.monthDays', { month: a.month, days: a.days }),
                a.breach ? [' ', badge(t('official.breach'), 'overdue')] : null,
              ),
            ),
          )
        : h('span', { class: 'detail' }, t('official.noMonths')),
    ],
    [
      t('official.rating'),
      y.rating
        ? badge(
            label('rating', y.rating),
            y.rating === 'incompetent' || y.rating === 'basically_competent' ? 'overdue' : 'ok',
          )
        : y.selfReport
          ? badge(t('official.selfReported'), 'pending')
          : obligationStatus(false, y),
    ],
    [t('official.absences'), t('official.timesN', { n: y.spotCheckAbsences })],
    [t('official.leave'), t('official.daysN', { n: y.leaveDays })],
  ];
  section.append(
    h(
      'p',
      { class: 'hint' },
      t('official.yearN', { year: y.year, from: formatDate(y.startsAt), to: formatDate(y.endsAt) }),
    ),
    h(
      'dl',
      { class: 'facts obligations' },
      rows.map(([term, ...value]) => h('div', {}, h('dt', {}, term), h('dd', {}, ...value))),
    ),
  );
  return section;
}

/** "vetting → awaiting_dispatch_approval" in words; other details as the record has them. */
function entryDetail(e) {
  const m = e.action === 'stage' ? /^(\w+) → (\w+)$/.exec(e.detail) : null;
  return m ? `${label('stage', m[1])} → ${label('stage', m[2])}` : e.detail;
}

function timeline(entries, { show = 12 } = {}) {
  const list = h('ol', { class: 'timeline', reversed: true, id: 'timeline' });
  const newestFirst = [...entries].reverse();
  newestFirst.forEach((e, i) => {
    list.append(
      h(
        'li',
        { hidden: i >= show },
        h(
          'p',
          { class: 'when' },
          h('time', { datetime: e.at }, formatDateTime(e.at)),
          ' · ',
          who(e.actorId),
          e.role && e.role !== 'system' ? paren(label('role', e.role)) : '',
        ),
        h('p', { class: 'what' }, h('strong', {}, label('action', e.action)), ' ', entryDetail(e)),
        e.reason ? h('p', { class: 'reason' }, e.reason) : null,
        h(
          'p',
          { class: 'meta' },
          `${t('official.policy')} ${e.policyVersion}${e.requestNo ? ` · ${e.requestNo}` : ''}`,
        ),
      ),
    );
  });
  const section = h(
    'section',
    { 'aria-labelledby': 'timeline-h' },
    h('h2', { id: 'timeline-h' }, t('official.timeline')),
    h('p', { class: 'hint' }, t('official.timelineHint')),
    list,
  );
  if (entries.length > show) {
    const more = h(
      'button',
      { type: 'button', 'aria-controls': 'timeline', 'aria-expanded': 'false' },
      t('official.showAll', { n: entries.length }),
    );
    more.addEventListener('click', () => {
      const first = list.querySelector('li[hidden]');
      for (const li of list.querySelectorAll('li[hidden]')) li.hidden = false;
      more.remove();
      // Keyboard users land on the first entry they had not seen.
      if (first) {
        first.tabIndex = -1;
        first.focus();
      }
    });
    section.append(more);
  }
  return section;
}

async function officialView(officialId) {
  const o = await load(`/api/officials/${encodeURIComponent(officialId)}`);
  remember(o.official.officialId, o.official.name);
  for (const c of o.cases) remember(c.officialId, c.officialName);
  const out = [
    h('h1', {}, o.official.name, ' ', stageBadge(o.official.stage)),
    ...profile(o),
    obligations(o.snapshot),
  ];
  out.push(
    h(
      'section',
      { 'aria-labelledby': 'open-h' },
      h('h2', { id: 'open-h' }, t('official.openTasks')),
      o.openTasks.length
        ? h(
            'ul',
            { class: 'plain' },
            o.openTasks.map((task) =>
              h(
                'li',
                {},
                link(`/tasks/${encodeURIComponent(task.id)}`, taskName(task)),
                ` · ${assigneeText(task.assignee)} · ${formatDateTime(task.dueAt)}`,
                task.overdue ? [' ', overdueBadge()] : null,
              ),
            ),
          )
        : h('p', { class: 'empty' }, t('official.noOpenTasks')),
    ),
  );
  if (o.cases.length) {
    out.push(
      h(
        'section',
        { 'aria-labelledby': 'cases-h' },
        h('h2', { id: 'cases-h' }, t('official.cases')),
        h(
          'ul',
          { class: 'plain' },
          o.cases.map((c) =>
            h(
              'li',
              {},
              link(`/cases/${encodeURIComponent(c.caseId)}`, c.caseId),
              ` · ${c.grounds.map((g) => label('ground', g)).join('、')} · ${label('caseStatus', c.status)}`,
            ),
          ),
        ),
      ),
    );
  }
  out.push(timeline(o.timeline));
  return out;
}

async function officialsView() {
  const q = new URLSearchParams(location.search);
  const search = (q.get('q') ?? '').slice(0, 80);
  const stage = STAGES.includes(q.get('stage')) ? q.get('stage') : '';
  const page = await load(
    `/api/officials?${new URLSearchParams({ limit: '100', ...(search ? { q: search } : {}), ...(stage ? { stage } : {}) })}`,
  );
  const input = h('input', {
    type: 'search',
    name: 'q',
    value: search,
    maxlength: 80,
    autocomplete: 'off',
  });
  const stageSelect = select(
    'stage',
    [['', t('official.allStages')], ...STAGES.map((s) => [s, label('stage', s)])],
    stage,
  );
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        const p = new URLSearchParams();
        if (input.value.trim()) p.set('q', input.value.trim());
        if (stageSelect.value) p.set('stage', stageSelect.value);
        void navigate(`/officials${p.size ? `?${p}` : ''}`);
      },
    },
    field('officials-q', t('official.search'), input),
    field('officials-stage', t('official.stageFilter'), stageSelect),
    h('button', { type: 'submit' }, t('official.searchButton')),
  );
  const out = [
    h('h1', {}, t('official.list')),
    form,
    h('p', { class: 'summary' }, t('official.total', { total: page.total })),
  ];
  if (!page.items.length) return [...out, h('p', { class: 'empty' }, t('official.none'))];
  out.push(
    h(
      'table',
      { class: 'list' },
      h('caption', { class: 'visually-hidden' }, t('official.list')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['col.official', 'col.stage', 'col.village', 'col.unit'].map((k) =>
            h('th', { scope: 'col' }, t(k)),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        page.items.map((o) =>
          h(
            'tr',
            {},
            h(
              'td',
              { 'data-label': t('col.official') },
              link(`/officials/${encodeURIComponent(o.officialId)}`, o.name),
            ),
            h('td', { 'data-label': t('col.stage') }, stageBadge(o.stage)),
            h('td', { 'data-label': t('col.village') }, place(o.village)),
            h('td', { 'data-label': t('col.unit') }, o.dispatchingUnit),
          ),
        ),
      ),
    ),
  );
  return out;
}

// ------------------------------------------------------------- cases ----

const ageDays = (c, now = Date.now()) =>
  Math.max(
    0,
    Math.floor(((c.closedAt ? Date.parse(c.closedAt) : now) - Date.parse(c.openedAt)) / DAY),
  );

async function casesView() {
  const q = new URLSearchParams(location.search);
  const status =
    q.get('status') === 'all'
      ? 'all'
      : CASE_STATUSES.includes(q.get('status'))
        ? q.get('status')
        : 'open';
  const page = await load(
    `/api/cases?${new URLSearchParams({ limit: '100', ...(status === 'all' ? {} : { status }) })}`,
  );
  const statusSelect = select(
    'status',
    [
      ['open', t('cases.open')],
      ['all', t('cases.all')],
      ...CASE_STATUSES.map((s) => [s, label('caseStatus', s)]),
    ],
    status,
  );
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        void navigate(
          statusSelect.value === 'open'
            ? '/cases'
            : `/cases?status=${encodeURIComponent(statusSelect.value)}`,
        );
      },
    },
    field('cases-status', t('cases.status'), statusSelect),
    h('button', { type: 'submit' }, t('cases.apply')),
  );
  const out = [h('h1', {}, t('cases.title')), form];
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

async function caseView(caseId) {
  const c = await load(`/api/cases/${encodeURIComponent(caseId)}`);
  remember(c.officialId, c.officialName);
  const r = c.record ?? {};
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
      [t('case.outcomeReason'), r.outcomeReason],
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
    const signed = (at) =>
      at
        ? badge(t('case.signed', { at: formatDate(at) }), 'ok')
        : badge(t('case.unsigned'), 'pending');
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
              h('td', { 'data-label': t('col.outgoing') }, signed(ho.signatures?.[item]?.outgoing)),
              h('td', { 'data-label': t('col.incoming') }, signed(ho.signatures?.[item]?.incoming)),
            ),
          ),
        ),
      ),
    );
  }
  out.push(section);
  return out;
}

// -------------------------------------------------------------- mail ----

async function mailView() {
  const out = [h('h1', {}, t('mail.title'))];
  let page;
  try {
    page = await load('/api/mail?limit=50');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404)
      return [...out, h('p', { class: 'note' }, t('mail.unavailable'))];
    throw err;
  }
  out.push(h('p', {}, t('mail.intro')));
  if (!page.items.length) return [...out, h('p', { class: 'empty' }, t('mail.empty'))];
  out.push(
    h(
      'ul',
      { class: 'mail' },
      page.items.map((m) =>
        h(
          'li',
          { class: 'card' },
          h('h2', {}, m.subject ?? '—'),
          facts([
            [t('mail.to'), m.to.join(', ')],
            [t('mail.from'), m.from],
            [t('mail.at'), formatDateTime(m.receivedAt)],
          ]),
          // Text only: the HTML part of a mail is never put into the page.
          m.text ? h('pre', { class: 'mail-text' }, linkPagePaths(m.text)) : null,
        ),
      ),
    ),
  );
  return out;
}

/** Text with the page's own links (…/tasks/<id> in a reminder) made into links on this origin. */
function linkPagePaths(text) {
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"'）)]+/g)) {
    let url;
    try {
      url = new URL(m[0]);
    } catch {
      continue;
    }
    const path = url.pathname;
    if (path === '/' || !routes.some(([re]) => re.test(path))) continue;
    parts.push(text.slice(last, m.index), link(path + url.search, m[0]));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

// -------------------------------------------------------------- start ----

document.getElementById('lang-switch').addEventListener('click', () => {
  setLang(getLang() === 'zh' ? 'en' : 'zh');
  void render();
});
document.getElementById('sign-out').addEventListener('click', () => signOut(t('signIn.signedOut')));

setLang(getLang());
void render();
