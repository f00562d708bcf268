// The approvers' page: a small client of the JSON API, in plain ES modules
// (no build step): views are lit-html templates, paths go to views through
// universal-router (web/router.js). This file names the routes and starts the page.
import { getLang, setLang } from './i18n.js';
import { landingPath, redirect, render, setRoutes } from './router.js';
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
  { path: '/', view: () => (session.token ? redirect(landingPath()) : signInView()) },
  { path: '/sign-in', view: () => signInView() },
  { path: '/inbox', view: () => inboxView() },
  { path: '/tasks/:id', view: ({ id }) => taskView(id) },
  { path: '/officials', view: () => officialsView() },
  { path: '/officials/:id', view: ({ id }) => officialView(id) },
  { path: '/cases', view: () => casesView() },
  { path: '/cases/:id', view: ({ id }) => caseView(id) },
  { path: '/mail', view: () => mailView() },
  { path: '/nominate', view: () => nominateView() },
  { path: '/month-close', view: () => monthCloseView() },
  { path: '/overview', view: () => overviewView() },
  { path: '/policies', view: () => policiesView() },
  { path: '/operations', view: () => operationsView() },
  { path: '/import', view: () => importView() },
]);

setLang(getLang());
void render();
