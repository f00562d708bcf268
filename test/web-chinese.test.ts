// Every word in Chinese mode is Chinese, for every demo actor on every page
// they can reach: the inbox, tasks, officials' records, cases, the month
// close, the overview, policies, the caught reminder mail, nomination and
// operations. Driven in Debian's Chromium on the real API app, worker,
// Temporal dev server, PostgreSQL and SMTP catcher. What the page shows (the
// whole body's visible text, every <details> opened) once ids, e-mail
// addresses and numbers are taken out by the allow-list below holds no Latin
// word of three letters or more.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.js';
import { DEMO_ACTORS } from '../api/demo.js';
import { scaledPolicy } from '../domain/policy.js';
import { candidate, officialActor, startApi, type ApiHarness } from './support/api.js';
import { scriptErrors, signInAs, useBrowser, type WatchedPage } from './support/browser.js';
import { termSteps } from './support/term-steps.js';

// Browser globals for the functions page.evaluate runs (the project has no DOM lib).
declare const document: any;

let api: ApiHarness;
const browse = useBrowser(() => api.baseUrl);
/** A second app on the same worker whose nominations run on 100 ms policy days: its reminders come at once. */
let fastServer: Server | undefined;
let fastUrl = '';
beforeAll(async () => {
  api = await startApi();
  const fast = createApp({
    config: api.config,
    client: api.client,
    pool: api.pool,
    taskQueue: api.taskQueue,
    policy: scaledPolicy(100),
  });
  fastServer = await new Promise<Server>((resolve) => {
    const s = fast.listen(0, '127.0.0.1', () => resolve(s));
  });
  fastUrl = `http://127.0.0.1:${(fastServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  if (fastServer) {
    fastServer.closeAllConnections();
    await new Promise((resolve) => fastServer!.close(resolve));
  }
  await api?.stop();
});

// ---- what the page may show in Latin letters ---------------------------------

/**
 * The allow-list: what the page shows as it is in either language. Ids of
 * officials, terms, tasks and cases (off-1a2b3c4d, off-liming,
 * term-off-….t3, ….c1), request numbers (R-off-…-4), policy versions
 * (gx-2025.1), place codes (gx/nanning/wuming), e-mail addresses, links
 * into the page, numbers, and the names of the download formats.
 */
const ALLOWED = [
  /\b(?:Excel|CSV)\b/g,
  /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g,
  /https?:\/\/\S+/g,
  /(?:^|\s)\/(?:tasks|officials|cases)\/\S+/g,
  /\bR-[\w-]+-\d+\b/g,
  /\b(?:term-)?off-[0-9a-z]+(?:\.[tc]\d+)*\b/g,
  /\bgx-\d+(?:\.\d+)*\b/g,
  /\bgx(?:\/[a-z0-9-]+)+/g,
  /\d+(?:[.:/-]\d+)*/g,
];

/** The Latin words of three letters or more the page shows once the allow-list is taken out. */
export function latinWordsIn(text: string): string[] {
  let rest = text;
  for (const pattern of ALLOWED) rest = rest.replace(pattern, ' ');
  return [...new Set(rest.match(/[A-Za-z]{3,}/g) ?? [])];
}

/** Opens every folded part (forms, the whole timeline) and reads the page's visible text. */
async function visibleText(page: WatchedPage): Promise<string> {
  await page.locator('#main:not([aria-busy])').waitFor();
  const more = page.getByRole('button', { name: /显示全部 \d+ 条记录/ });
  if (await more.count()) await more.click();
  return page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    // The words of controls a reader meets besides the text: placeholders,
    // tool tips and labels given as attributes.
    const attributes = [...document.querySelectorAll('[placeholder], [title], [aria-label]')].map(
      (el: any) =>
        [el.getAttribute('placeholder'), el.getAttribute('title'), el.getAttribute('aria-label')]
          .filter(Boolean)
          .join(' '),
    );
    // A browser's own date control speaks the browser's language, not the page's.
    const browserWorded = [
      ...document.querySelectorAll('input[type=date], input[type=month], input[type=time]'),
    ].map((el: any) => `browser-worded-control:${el.name}`);
    let text = [document.body.innerText, ...attributes, ...browserWorded].join('\n');
    // What is marked as English for English readers (the switch to English) is theirs.
    for (const el of document.querySelectorAll('body [lang|="en"]'))
      text = text.replace(el.innerText, ' ').replace(el.getAttribute('aria-label') ?? '', ' ');
    return text;
  });
}

/** What each page a signed-in actor visits shows in Latin letters, by path. */
async function tour(page: WatchedPage, paths: string[]) {
  const found: Record<string, string[]> = {};
  for (const path of paths) {
    await page.goto(path);
    await page.locator('#main h1').first().waitFor();
    const words = latinWordsIn(await visibleText(page));
    if (words.length) found[path] = words;
  }
  return found;
}

const { taskIn, decide, nominate, vet, onDuty } = termSteps(() => api);

/** Nominated on 100 ms policy days and vetted: the county's approval falls overdue and is reminded. */
async function remindedNomination(name: string) {
  const p = candidate({ name, dispatchingUnit: '南宁市农业农村局' });
  const res = await fetch(`${fastUrl}/api/nominations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await api.token('du-nanning')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(p),
  });
  expect(res.status).toBe(201);
  await vet(p.officialId);
  const caught = await api.mail.waitFor((m) => m.subject.includes(p.name), 30_000);
  // Stored the way the embedded catcher stores what it catches (scripts/start.ts).
  await api.pool.query(
    `INSERT INTO caught_mail (message_id, from_addr, to_addrs, subject, text_body, html_body, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (message_id) DO NOTHING`,
    [
      caught.messageId,
      caught.from,
      [...new Set([...caught.to, ...caught.cc, ...caught.envelopeTo])],
      caught.subject,
      caught.text,
      caught.html,
      caught.receivedAt,
    ],
  );
  return p;
}

/** Each demo actor: their landing page's heading and the pages they reach. */
let tours: Record<string, { landing: string; paths: string[] }> = {};

/** The record every actor reads: one term at each point that has its own words. */
async function buildRecord() {
  // The demo official 李明, on duty: a county training, a spot-check absence,
  // leave asked of the township, a failed health check (a case and its
  // recall request before the county).
  const liming = await onDuty({ officialId: 'off-liming', name: '李明' });
  const id = liming.officialId;
  for (const [path, as, body] of [
    ['trainings', 'twp-fucheng', { kind: 'county', title: '县级培训：乡村产业发展' }],
    ['absences', 'twp-fucheng', { note: '周三抽查不在村' }],
    ['leave', officialActor(liming), { days: 2, reason: '家中老人住院' }],
    ['health-checks', 'org-wuming', { fit: false, note: '' }],
  ] as const) {
    const r = await api.post(`/api/officials/${id}/${path}`, as, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  const recall = await taskIn('org-wuming', id, 'recall_reply');
  const leave = await taskIn('twp-fucheng', id, 'approve_leave');
  const caseId = (await api.get(`/api/officials/${id}`, 'org-wuming')).body.cases[0].caseId;

  // A candidate the police objected to; the county asked a follow-up question
  // and the police withdrew: the replies are on the timeline; the dispatch
  // approval waits for the county.
  const objected = await nominate({ name: '黄海燕' });
  for (const body of ['disc-wuming', 'pet-wuming'])
    await decide(body, (await taskIn(body, objected.officialId, 'vetting_reply')).id, {
      decision: 'approve',
      comment: '未发现问题',
    });
  await decide(
    'pol-wuming',
    (await taskIn('pol-wuming', objected.officialId, 'vetting_reply')).id,
    {
      decision: 'reject',
      comment: '有未结治安案件',
    },
  );
  const decideObjection = await taskIn('org-wuming', objected.officialId, 'decide_objection');
  await decide('org-wuming', decideObjection.id, {
    decision: 'follow_up',
    comment: '该案件是否已结案？',
  });
  const followUp = await taskIn('pol-wuming', objected.officialId, 'objection_follow_up_reply');
  await decide('pol-wuming', followUp.id, {
    decision: 'withdraw',
    comment: '该案件已撤销，不再持异议',
  });
  const dispatch = await taskIn('org-wuming', objected.officialId, 'approve_dispatch');

  // A nomination the county ended on the police's objection: the other bodies
  // read that it ended, without the objection's reasons.
  const ended = await nominate({ name: '梁晓东' });
  await decide('pol-wuming', (await taskIn('pol-wuming', ended.officialId, 'vetting_reply')).id, {
    decision: 'reject',
    comment: '有未结刑事案件',
  });
  await decide(
    'org-wuming',
    (await taskIn('org-wuming', ended.officialId, 'decide_objection')).id,
    {
      decision: 'end_nomination',
      comment: '采纳公安机关意见',
    },
  );

  // A candidate still in vetting: each body's reply waits.
  const vetting = await nominate({ name: '卢秋菊' });
  const replyOf = async (body: string) =>
    (await taskIn(body, vetting.officialId, 'vetting_reply')).id;

  // A term whose record write the database refused: an incident for the administrator.
  const blocked = await nominate({ name: '韦春梅' });
  const blockedTask = await taskIn('disc-wuming', blocked.officialId, 'vetting_reply');
  await api.pool.query(
    `ALTER TABLE decision_log ADD CONSTRAINT test_refuse_marked CHECK (reason IS NULL OR reason <> '拒绝写入此条')`,
  );
  try {
    const refused = await api.post(`/api/tasks/${blockedTask.id}/decision`, 'disc-wuming', {
      decision: 'approve',
      comment: '拒绝写入此条',
    });
    expect(refused.status).toBe(503);
  } finally {
    await api.pool.query('ALTER TABLE decision_log DROP CONSTRAINT test_refuse_marked');
  }

  // A reminder mail about an overdue approval.
  await remindedNomination('覃建国');

  const official = (o: { officialId: string }) => `/officials/${o.officialId}`;
  const common = ['/inbox', '/officials', '/policies', '/mail', '/not-a-page'];
  const list: [string, string, string[]][] = [
    [
      'du-nanning',
      '待办任务',
      [...common, '/nominate', '/cases', `/cases/${caseId}`, official(liming), official(objected)],
    ],
    [
      'org-wuming',
      '待办任务',
      [
        ...common,
        `/tasks/${recall.id}`,
        `/tasks/${dispatch.id}`,
        `/tasks/${decideObjection.id}`,
        '/cases',
        `/cases/${caseId}`,
        '/overview',
        '/operations',
        official(liming),
        official(objected),
        official(vetting),
        official(ended),
      ],
    ],
    // Another county's department: Wuming's official is as unknown to it as no one.
    ['org-binyang', '待办任务', [...common, '/cases', '/overview', official(liming)]],
    [
      'twp-fucheng',
      '待办任务',
      [...common, `/tasks/${leave.id}`, '/month-close', '/cases', official(liming)],
    ],
    [
      'disc-wuming',
      '待办任务',
      [...common, `/tasks/${await replyOf('disc-wuming')}`, official(objected), official(ended)],
    ],
    [
      'pet-wuming',
      '待办任务',
      [...common, `/tasks/${await replyOf('pet-wuming')}`, official(objected)],
    ],
    [
      'pol-wuming',
      '待办任务',
      [
        ...common,
        `/tasks/${await replyOf('pol-wuming')}`,
        `/tasks/${followUp.id}`,
        official(objected),
        official(ended),
      ],
    ],
    ['off-liming', '待办任务', [...common, '/cases', `/cases/${caseId}`, official(liming)]],
    ['admin-gx', '概览', [...common, '/overview', '/operations', official(liming)]],
  ];
  tours = Object.fromEntries(list.map(([actor, landing, paths]) => [actor, { landing, paths }]));
}

describe('Chinese mode is Chinese for every actor', () => {
  beforeAll(buildRecord, 240_000);

  it.each(DEMO_ACTORS.map((a) => a.id))(
    'shows %s no English word on any page they reach',
    async (actor) => {
      const { landing, paths } = tours[actor]!;
      const page = await browse();
      await signInAs(page, actor, landing);
      expect(await tour(page, paths)).toEqual({});
      expect(scriptErrors(page)).toEqual([]);
    },
  );
});
