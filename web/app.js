// The approvers' page: a small client of the JSON API, in plain ES modules
// (no build step). This file routes paths to views and starts the page.
import { byId } from './dom.js';
import { getLang, setLang, t } from './i18n.js';
import { landingPath, redirect, render, setRoutes, signOut } from './router.js';
import { session } from './session.js';
import { casesView, caseView } from './views/cases.js';
import { importView } from './views/import.js';
import { inboxView } from './views/inbox.js';
import { mailView } from './views/mail.js';
import { monthCloseView } from './views/month-close.js';
import { nominateView } from './views/nominate.js';
import { operationsView } from './views/operations.js';
import { officialsView, officialView } from './views/official.js';
import { overviewView } from './views/overview.js';
import { policiesView } from './views/policies.js';
import { signInView } from './views/sign-in.js';
import { taskView } from './views/task.js';

setRoutes([
  [/^\/$/, () => (session.token ? redirect(landingPath()) : signInView())],
  [/^\/sign-in$/, () => signInView()],
  [/^\/inbox$/, () => inboxView()],
  [/^\/tasks\/([^/]+)$/, (id) => taskView(id)],
  [/^\/officials$/, () => officialsView()],
  [/^\/officials\/([^/]+)$/, (id) => officialView(id)],
  [/^\/cases$/, () => casesView()],
  [/^\/cases\/([^/]+)$/, (id) => caseView(id)],
  [/^\/mail$/, () => mailView()],
  [/^\/nominate$/, () => nominateView()],
  [/^\/month-close$/, () => monthCloseView()],
  [/^\/overview$/, () => overviewView()],
  [/^\/policies$/, () => policiesView()],
  [/^\/operations$/, () => operationsView()],
  [/^\/import$/, () => importView()],
]);

byId('lang-switch').addEventListener('click', () => {
  setLang(getLang() === 'zh' ? 'en' : 'zh');
  void render();
});
byId('sign-out').addEventListener('click', () => signOut(t('signIn.signedOut')));

setLang(getLang());
void render();
