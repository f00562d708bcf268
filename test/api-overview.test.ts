// The overview of a county and of the region, and its Excel and CSV exports,
// against terms written to a fresh record: one nominated through the API (a
// real workflow), the others by the real record writer with a year of
// history (ratings, trainings, cases months old) no test can wait for.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiYearOf } from '../api/overview.js';
import { neutralizeFormula, toCsv } from '../api/overview-export.js';
import { candidate, startApi, type ApiHarness } from './support/api.js';
import { seedTerms } from './support/overview-terms.js';

const DAY = 86_400_000;
const BINYANG = 'gx/nanning/binyang';
const WUMING = 'gx/nanning/wuming';
const LIUCHENG = 'gx/liuzhou/liucheng';
/** Last calendar year: its round has ended and its trainings are all in the past. */
const YEAR = shanghaiYearOf(new Date()) - 1;
const at = (month: number, day = 1, year = YEAR) => Date.UTC(year, month - 1, day, 4);

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
  const now = Date.now();
  const ended = at(6, 15);
  await seedTerms(api.pool, [
    {
      county: BINYANG,
      stage: 'on_duty',
      rating: 'outstanding',
      ratedYearEndsAt: ended,
      trainedAt: [at(4), at(9)],
      openTasks: [{ kind: 'close_attendance', dueAt: now - 2 * DAY }],
      cases: [{ grounds: ['health'], openedAt: now - 10 * DAY }],
    },
    {
      county: BINYANG,
      stage: 'on_duty',
      rating: 'outstanding',
      ratedYearEndsAt: ended,
      trainedAt: [at(5)],
      openTasks: [
        { kind: 'approve_leave', dueAt: now - DAY },
        { kind: 'close_attendance', dueAt: now + 5 * DAY },
      ],
    },
    {
      county: BINYANG,
      stage: 'on_duty',
      rating: 'outstanding',
      ratedYearEndsAt: ended,
      trainedAt: [at(4, 1, YEAR - 1)],
      closedOverdueTask: true,
    },
    {
      county: BINYANG,
      stage: 'on_duty',
      rating: 'competent',
      ratedYearEndsAt: ended,
      cases: [{ grounds: ['evaluation'], openedAt: now - 60 * DAY }],
    },
    {
      county: BINYANG,
      stage: 'on_duty',
      rating: 'competent',
      ratedYearEndsAt: ended,
      cases: [{ grounds: ['residence', 'request'], openedAt: now - 120 * DAY }],
    },
    {
      county: BINYANG,
      stage: 'handing_over',
      rating: 'basically_competent',
      ratedYearEndsAt: ended,
      trainedAt: [at(6)],
    },
    {
      county: BINYANG,
      stage: 'on_duty',
      rating: 'incompetent',
      ratedYearEndsAt: ended,
      cases: [{ grounds: ['health'], openedAt: now - 200 * DAY, closedAt: now - 100 * DAY }],
    },
    {
      county: BINYANG,
      stage: 'closed',
      rating: null,
      ratedYearEndsAt: ended,
      trainedAt: [at(2)],
    },
    {
      county: LIUCHENG,
      stage: 'on_duty',
      rating: 'competent',
      ratedYearEndsAt: ended,
      trainedAt: [at(3)],
      openTasks: [{ kind: 'rate_official', dueAt: now - 3 * DAY }],
    },
  ]);
  // One real term in Wuming, nominated through the API: its workflow screens
  // it and asks the three screening bodies.
  const p = candidate();
  const nominated = await api.post('/api/nominations', 'du-nanning', p);
  expect(nominated.status, JSON.stringify(nominated.body)).toBe(201);
  await api.eventually(
    'the nominee in vetting',
    () => api.get(`/api/officials/${p.officialId}`, 'org-wuming'),
    (r) => r.status === 200 && r.body.official.stage === 'vetting',
  );
});
afterAll(async () => {
  await api?.stop();
});

const rowOf = (rows: any[], county: string): any => rows.find((r) => r.county === county);

describe('GET /api/overview', () => {
  it('gives a county its own figures: stages, overdue tasks, trainings, ratings against the quota, cases by age', async () => {
    const r = await api.get(`/api/overview?year=${YEAR}`, 'org-binyang');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const o = r.body;
    expect(o.scope).toEqual({ jurisdiction: BINYANG, role: 'county_org' });
    expect(o.year).toBe(YEAR);
    expect(o.counties).toEqual([BINYANG]);

    const stages = rowOf(o.officialsByStage, BINYANG);
    expect(stages.total).toBe(8);
    expect(stages.stages).toMatchObject({ on_duty: 6, handing_over: 1, closed: 1, vetting: 0 });

    const overdue = rowOf(o.overdueTasks, BINYANG);
    // The task due in five days and the closed overdue one are not counted.
    expect(overdue.total).toBe(2);
    expect(overdue.kinds).toMatchObject({
      close_attendance: 1,
      approve_leave: 1,
      rate_official: 0,
    });

    // Seven on post; three of them trained in the year (the fourth's training
    // was the year before); five sessions, the closed term's included.
    expect(rowOf(o.trainings, BINYANG)).toEqual({
      county: BINYANG,
      onPost: 7,
      trained: 3,
      sessions: 5,
    });

    expect(o.evaluations.quota).toBe(0.25);
    expect(rowOf(o.evaluations.rows, BINYANG)).toEqual({
      county: BINYANG,
      evaluated: 8,
      ratings: { outstanding: 3, competent: 2, basically_competent: 1, incompetent: 1 },
      unrated: 1,
      outstandingSlots: 2,
      overQuota: true,
    });

    const cases = Object.fromEntries(
      o.cases.map((c: { ground: string; county: string }) => [c.ground, c]),
    );
    expect(cases).toEqual({
      health: {
        county: BINYANG,
        ground: 'health',
        under30: 1,
        from30to90: 0,
        over90: 0,
        closed: 1,
      },
      evaluation: {
        county: BINYANG,
        ground: 'evaluation',
        under30: 0,
        from30to90: 1,
        over90: 0,
        closed: 0,
      },
      residence: {
        county: BINYANG,
        ground: 'residence',
        under30: 0,
        from30to90: 0,
        over90: 1,
        closed: 0,
      },
      request: {
        county: BINYANG,
        ground: 'request',
        under30: 0,
        from30to90: 0,
        over90: 1,
        closed: 0,
      },
    });
  });

  it('shows each county only its own subtree', async () => {
    const r = await api.get(`/api/overview?year=${YEAR}`, 'org-wuming');
    expect(r.status).toBe(200);
    expect(r.body.counties).toEqual([WUMING]);
    expect(rowOf(r.body.officialsByStage, WUMING).stages.vetting).toBe(1);
    expect(r.body.overdueTasks).toEqual([]);
    expect(r.body.evaluations.rows).toEqual([]);
    expect(r.body.cases).toEqual([]);
    expect(JSON.stringify(r.body)).not.toContain('binyang');
    expect(JSON.stringify(r.body)).not.toContain('liuzhou');
  });

  it('gives the region administrator the region, broken down by county', async () => {
    const r = await api.get(`/api/overview?year=${YEAR}`, 'admin-gx');
    expect(r.status).toBe(200);
    expect(r.body.scope).toEqual({ jurisdiction: 'gx', role: 'region_admin' });
    expect(r.body.counties).toEqual([LIUCHENG, BINYANG, WUMING]);
    expect(r.body.officialsByStage.map((x: { county: string }) => x.county)).toEqual([
      LIUCHENG,
      BINYANG,
      WUMING,
    ]);
    expect(rowOf(r.body.overdueTasks, LIUCHENG).kinds.rate_official).toBe(1);
    expect(rowOf(r.body.trainings, LIUCHENG)).toEqual({
      county: LIUCHENG,
      onPost: 1,
      trained: 1,
      sessions: 1,
    });
    expect(rowOf(r.body.evaluations.rows, LIUCHENG)).toMatchObject({
      evaluated: 1,
      outstandingSlots: 0,
      overQuota: false,
    });
    expect(rowOf(r.body.evaluations.rows, BINYANG).overQuota).toBe(true);
  });

  it('defaults to this calendar year', async () => {
    const r = await api.get('/api/overview', 'admin-gx');
    expect(r.status).toBe(200);
    expect(r.body.year).toBe(YEAR + 1);
    // Last year's round and trainings are not this year's.
    expect(rowOf(r.body.trainings, BINYANG)).toMatchObject({ onPost: 7, trained: 0, sessions: 0 });
    expect(r.body.evaluations.rows).toEqual([]);
  });

  it.each([
    ['disc-wuming', 'a screening body'],
    ['off-liming', 'an official'],
    ['twp-fucheng', 'a township'],
    ['du-nanning', 'a dispatching unit'],
  ])('refuses %s (%s) with 403, for the figures and both exports', async (actor) => {
    for (const path of ['/api/overview', '/api/overview/export.xlsx', '/api/overview/export.csv']) {
      const r = await api.get(path, actor);
      expect(r.status, path).toBe(403);
      expect(r.body.error.code).toBe('wrong_actor');
    }
  });

  it.each(['year=abc', 'year=1999', 'year=20266', 'year=', 'lang=fr', 'colour=red'])(
    'answers a bad query (%s) with 400, never 500',
    async (query) => {
      const path = query.startsWith('lang') ? '/api/overview/export.csv' : '/api/overview';
      const r = await api.get(`${path}?${query}`, 'admin-gx');
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
    },
  );

  it('is in the OpenAPI document, with the files as their media types', async () => {
    const doc = (await api.get('/api/openapi.json')).body;
    expect(doc.paths['/api/overview'].get.operationId).toBe('getOverview');
    expect(
      doc.paths['/api/overview'].get.responses['200'].content['application/json'].schema,
    ).toEqual({ $ref: '#/components/schemas/Overview' });
    expect(
      Object.keys(doc.paths['/api/overview/export.xlsx'].get.responses['200'].content),
    ).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(Object.keys(doc.paths['/api/overview/export.csv'].get.responses['200'].content)).toEqual(
      ['text/csv'],
    );
    expect(doc.paths['/api/overview/export.csv'].get.responses['403']).toBeDefined();
  });
});

async function download(path: string, as: string, headers: Record<string, string> = {}) {
  const res = await fetch(api.baseUrl + path, {
    headers: { authorization: `Bearer ${await api.token(as)}`, ...headers },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** RFC 4180: fields, quoted or not, rows ended by CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\r' && text[i + 1] === '\n') {
      (row.push(field), rows.push(row), (row = []), (field = ''), i++);
    } else field += c;
  }
  if (field || row.length) (row.push(field), rows.push(row));
  return rows;
}

describe('exports', () => {
  it('writes an Excel workbook with one sheet per figure, in Chinese by default', async () => {
    const { res, bytes } = await download(`/api/overview/export.xlsx?year=${YEAR}`, 'admin-gx');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="zhucun-overview-gx-${YEAR}.xlsx"`,
    );
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      '干部阶段',
      '逾期待办',
      `年度培训 ${YEAR}`,
      `年度考核 ${YEAR}`,
      '驻村工作队',
      '调整案件',
    ]);
    const values = (sheet: string) =>
      book
        .getWorksheet(sheet)!
        .getSheetValues()
        .filter(Boolean)
        .map((row) => (row as unknown[]).slice(1));
    const evaluation = values(`年度考核 ${YEAR}`);
    expect(evaluation[0]).toEqual([
      '县（市、区）',
      '参评人数',
      '优秀',
      '称职',
      '基本称职',
      '不称职',
      '未评定',
      '优秀名额（25%）',
      '优秀超出名额',
    ]);
    expect(evaluation.find((row) => row[0] === BINYANG)).toEqual([
      BINYANG,
      8,
      3,
      2,
      1,
      1,
      1,
      2,
      '是',
    ]);
    const trainings = values(`年度培训 ${YEAR}`);
    expect(trainings.find((row) => row[0] === BINYANG)).toEqual([BINYANG, 7, 3, 4, 42.9, 5]);
    expect(trainings.at(-1)).toEqual(['合计', 8, 4, 4, 50, 6]);
    const stages = values('干部阶段');
    expect(stages[0]![0]).toBe('县（市、区）');
    expect(stages[0]).toContain('在岗');
    expect(stages.at(-1)!.at(-1)).toBe(10); // 8 in Binyang, 1 in Liucheng, 1 in Wuming
    const overdue = values('逾期待办');
    expect(overdue[0]).toContain('确认月度考勤');
    expect(overdue.at(-1)).toEqual(expect.arrayContaining(['合计', 3]));
    const cases = values('调整案件');
    expect(cases).toContainEqual([BINYANG, '健康原因', 1, 0, 0, 1, 2]);
    // Chinese titles, no English words in them.
    for (const sheet of book.worksheets)
      expect((values(sheet.name)[0] as string[]).join(' ')).not.toMatch(/[A-Za-z]/);
  });

  it('speaks English when lang=en or Accept-Language asks for it', async () => {
    for (const [query, headers] of [
      ['lang=en', {}],
      ['', { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' }],
    ] as const) {
      const { res, bytes } = await download(
        `/api/overview/export.xlsx?year=${YEAR}${query ? `&${query}` : ''}`,
        'org-binyang',
        headers,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-language')).toBe('en');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(book.worksheets[0]!.name).toBe('Officials by stage');
      expect(book.worksheets[0]!.getRow(1).getCell(1).value).toBe('County');
    }
    // lang wins over the header.
    const { res } = await download(`/api/overview/export.csv?lang=zh`, 'org-binyang', {
      'accept-language': 'en',
    });
    expect(res.headers.get('content-language')).toBe('zh-CN');
  });

  it('writes CSV as UTF-8 with a BOM, RFC 4180 rows, the same figures', async () => {
    const { res, bytes } = await download(`/api/overview/export.csv?year=${YEAR}`, 'org-binyang');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).toContain('\r\n');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const rows = parseCsv(text);
    const title = rows.findIndex((row) => row[0] === `年度考核 ${YEAR}`);
    expect(rows[title + 1]![0]).toBe('县（市、区）');
    expect(rows[title + 2]).toEqual([BINYANG, '8', '3', '2', '1', '1', '1', '2', '是']);
    expect(rows).toContainEqual([BINYANG, '健康原因', '1', '0', '0', '1', '2']);
    expect(text).not.toContain('liuzhou');
  });

  it('quotes per RFC 4180 and never lets a cell run as a formula', () => {
    const csv = toCsv([
      {
        name: 'T',
        header: ['a,b', 'say "hi"', 'two\r\nlines'],
        rows: [
          ['=HYPERLINK("http://x")', '+1', '-1+1', '@SUM(A1)', 'plain', -3],
          ['\t=1', 'ok', 'x=1', '', 0, 12],
        ],
      },
    ]);
    const text = csv.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(['T']);
    expect(rows[1]).toEqual(['a,b', 'say "hi"', 'two\r\nlines']);
    expect(rows[2]).toEqual([
      `'=HYPERLINK("http://x")`,
      "'+1",
      "'-1+1",
      "'@SUM(A1)",
      'plain',
      '-3',
    ]);
    expect(rows[3]).toEqual(["'\t=1", 'ok', 'x=1', '', '0', '12']);
    expect(text).toContain('"\'=HYPERLINK(""http://x"")"');
    expect(neutralizeFormula('甲')).toBe('甲');
  });
});
