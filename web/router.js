// The page's router: paths in the address bar (so a reminder's link opens
// its task), the shell around each view, sign-in and sign-out.
import { html, ifDefined, keyed, nothing, render as renderTemplate } from './lit.js';
import { errorBox, link } from './parts.js';
import UniversalRouter from './vendor/universal-router/universal-router.js';
import { match } from './vendor/universal-router/path-to-regexp.js';
import { getLang, HTML_LANG, person, setLang, t } from './i18n.js';
import {
  actorRole,
  api,
  ApiError,
  liveToken,
  parseStoredActor,
  session,
  storeSession,
  TOKEN_KEY,
} from './session.js';

/**
 * A call from a view: a 401 ends the session and goes to sign-in; anything
 * else is the view's to show. The answer is the caller's to type, with a
 * type from the API's schemas (web/types.d.ts).
 * @param {string} path
 * @param {import('./session.js').ApiOptions} [options]
 * @returns {Promise<any>}
 */
export async function load(path, options) {
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

/**
 * An element of index.html by its id; the page's shell always has it, so a
 * missing one is a bug said at once rather than a TypeError later.
 * @param {string} id
 * @returns {HTMLElement}
 */
function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no #${id}`);
  return el;
}

/** Thrown to stop rendering a view that has navigated away. */
export class Abort extends Error {}

const main = () => byId('main');

/**
 * The nav's sections, each with whether the signed-in actor is offered it
 * (what GET /api/me says their role may do and see).
 * @returns {{ nav: string, id?: string, shown: boolean }[]}
 */
function sections() {
  const actor = session.actor;
  return [
    // The overview is offered to the roles the API names in `sees`.
    { nav: 'overview', id: 'nav-overview', shown: mayOpenOverview() },
    { nav: 'inbox', shown: true },
    { nav: 'officials', shown: true },
    { nav: 'cases', shown: true },
    // The month close is the township's: the role that decides attendance closes.
    {
      nav: 'month-close',
      id: 'nav-month-close',
      shown: (actor?.decides ?? []).includes('close_attendance'),
    },
    {
      nav: 'nominate',
      id: 'nav-nominate',
      shown: (actor?.actions ?? []).some((a) => a.action === 'nominateCandidate'),
    },
    { nav: 'policies', shown: true },
    // Record operations: for the role the permission table lets retry a record write.
    { nav: 'operations', id: 'nav-operations', shown: mayOperate() },
    // The import is the regional administrator's (`imports`).
    { nav: 'import', id: 'nav-import', shown: (actor?.imports ?? []).includes('officials') },
    // The caught reminders: the embedded demo's alone.
    { nav: 'mail', id: 'nav-mail', shown: Boolean(session.demo) },
  ];
}

let shellRendered = false;

/** The header around every view: brand, who is signed in, language, sign-out, the nav. */
function renderShell() {
  document.documentElement.lang = HTML_LANG[getLang()];
  const section = location.pathname.split('/')[1] || 'inbox';
  /** @param {string} nav */
  const here = (nav) => section === nav || (section === 'tasks' && nav === 'inbox');
  const actor = session.actor;
  const header = byId('site-header');
  // index.html's bare brand line, once: lit renders after what it finds.
  if (!shellRendered) header.replaceChildren();
  shellRendered = true;
  renderTemplate(
    html`<div class="bar">
        <a class="brand" href="/" id="brand">${t('app.title')}</a>
        <div class="tools">
          <p class="who" id="who" ?hidden=${!actor}>
            ${actor
              ? t('nav.signedInAs', { name: person(actor.id, actor.name), role: actorRole(actor) })
              : ''}
          </p>
          <button
            type="button"
            class="lang"
            id="lang-switch"
            lang=${getLang() === 'zh' ? 'en' : 'zh-CN'}
            aria-label=${t('lang.switchLabel')}
            @click=${() => {
              setLang(getLang() === 'zh' ? 'en' : 'zh');
              void render();
            }}
          >
            ${t('lang.switch')}
          </button>
          <button
            type="button"
            class="signout"
            id="sign-out"
            ?hidden=${!session.token}
            @click=${() => signOut(t('signIn.signedOut'))}
          >
            ${t('nav.signOut')}
          </button>
        </div>
      </div>
      <nav id="nav" aria-label=${t('nav.label')} ?hidden=${!session.token}>
        <ul>
          ${sections().map(
            ({ nav, id, shown }) =>
              html`<li id=${ifDefined(id)} ?hidden=${!shown}>
                <a href="/${nav}" data-nav=${nav} aria-current=${here(nav) ? 'page' : nothing}
                  >${t(`nav.${nav}`)}</a
                >
              </li>`,
          )}
        </ul>
      </nav>`,
    header,
  );
  byId('skip-link').textContent = t('app.skip');
}

/** @type {string | null} */
let pendingFlash = null;

/** @param {string | null} message */
function showFlash(message) {
  renderTemplate(message ? html`<p>${message}</p>` : null, byId('flash'));
}

/**
 * A view: what goes in <main> (a template, or undefined when it has navigated
 * elsewhere), given the path's parameters by name.
 * @typedef {(params: Record<string, string>) => unknown} View
 */
/** @typedef {{ path: string, view: View }} PageRoute */
/** The page's routes (path patterns in path-to-regexp's syntax), set once by app.js. @type {PageRoute[]} */
let routes = [];
/** @type {UniversalRouter<{ content: unknown }>} */
let pageRouter = new UniversalRouter([]);
/** @param {PageRoute[]} table */
export function setRoutes(table) {
  routes = table;
  pageRouter = new UniversalRouter(
    table.map(({ path, view }) => ({
      path,
      // Always an object: universal-router reads null or undefined as "try the next route".
      action: async (/** @type {{ params: Record<string, string | string[]> }} */ { params }) => ({
        content: await view(
          Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
        ),
      }),
    })),
  );
}

/** Whether a path is one of the page's own (a link in a reminder's text). @param {string} path */
const isPagePath = (path) => routes.some(({ path: pattern }) => match(pattern)(path) !== false);

let renderSeq = 0;
let rendered = false;

/** universal-router's answer for a path no route matches. @param {unknown} err */
const isNotFound = (err) =>
  err instanceof Error && !(err instanceof ApiError) && /** @type {any} */ (err).status === 404;

/**
 * Draws the view of the address bar's path in the shell.
 * @param {{ focus?: boolean }} [options]  focus: move focus to the new view's heading
 * @returns {Promise<void>}
 */
export async function render({ focus = false } = {}) {
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
  // The message for the next view (after an action, a sign-out) is shown with
  // that view, not above the one it replaces; a render overtaken by a newer
  // one leaves it for the newer.
  const flash = pendingFlash;
  const m = main();
  m.setAttribute('aria-busy', 'true');
  let content;
  try {
    content = (await pageRouter.resolve(path))?.content;
  } catch (err) {
    if (err instanceof Abort) return;
    // Never a blank page: whatever failed is said where the content would be.
    content = isNotFound(err)
      ? html`<h1>${t('error.404')}</h1>
          <div class="alert" role="alert">
            <p class="alert-title">${t('error.notFoundPage')}</p>
          </div>`
      : html`<h1>${t('error.other')}</h1>
          ${errorBox(err)}`;
  }
  if (seq !== renderSeq || content === undefined) return;
  if (pendingFlash === flash) pendingFlash = null;
  showFlash(flash);
  if (!rendered) m.replaceChildren(); // index.html's "loading" line, once
  rendered = true;
  // Each render draws the view anew, as a page load would: the form just sent
  // (busy, "submitting"), open forms and typed values are not carried over,
  // where lit would update the previous view's elements in place. Within a
  // view, lit updates what the view re-renders itself.
  renderTemplate(keyed(seq, content), m);
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

/**
 * @param {string} path
 * @param {{ replace?: boolean, flash?: string }} [options]  flash: a message shown above the next view
 * @returns {Promise<void>}
 */
export function navigate(path, { replace = false, flash } = {}) {
  if (flash) pendingFlash = flash;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  return render({ focus: true });
}

/** @param {string} path @returns {never} */
export function redirect(path) {
  void navigate(path, { replace: true });
  throw new Abort();
}

document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
  if (
    !(a instanceof HTMLAnchorElement) ||
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
// Signed in or out in another tab: this tab follows.
window.addEventListener('storage', (e) => {
  if (e.key !== TOKEN_KEY) return;
  const token = liveToken(e.newValue);
  if (!token) {
    if (session.token) signOut(t('signIn.signedOutElsewhere'));
    return;
  }
  session.token = token;
  session.actor = parseStoredActor();
  void render();
});

async function loadDemoActors() {
  try {
    session.demo = (await api('/api/demo/actors', { token: null })).items;
  } catch {
    session.demo = null; // 404: not the embedded demo
  }
}

/** Signs in with a token the API accepts (or throws its refusal), as the actor it names. */
/** @param {string} token */
export async function signIn(token) {
  // The actor as the API sees them, with what their role may do (`actions`).
  const actor = await api('/api/me', { token });
  session.token = token;
  session.actor = actor;
  storeSession(token, actor);
  const next = sessionStorage.getItem('zhucun.next');
  sessionStorage.removeItem('zhucun.next');
  return navigate(next && next !== '/sign-in' ? next : landingPath());
}

/** Whether the signed-in actor's role may open the overview (GET /api/me `sees`). */
export const mayOpenOverview = () => (session.actor?.sees ?? []).includes('overview');

/** Record operations: for the role the permission table lets retry a record write (GET /api/me `actions`). */
export const mayOperate = () =>
  (session.actor?.actions ?? []).some((a) => a.action === 'retryRecordWrite');

/**
 * Where an actor starts: the overview for one who sees it and decides no task
 * kind (the region administrator, whose inbox is always empty), else the inbox.
 */
export const landingPath = () =>
  mayOpenOverview() && !(session.actor?.decides ?? []).length ? '/overview' : '/inbox';

/** @param {string} [message] */
export function signOut(message) {
  session.token = null;
  session.actor = null;
  storeSession(null);
  void navigate('/sign-in', { replace: true, flash: message });
}

/** Text with the page's own links (…/tasks/<id> in a reminder) made into links on this origin. */
/** @param {string} text */
export function linkPagePaths(text) {
  /** @type {unknown[]} */
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
    if (path === '/' || !isPagePath(path)) continue;
    parts.push(text.slice(last, m.index), link(path + url.search, m[0]));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}
