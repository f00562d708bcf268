// The import over the API, as the region administrator's page uses it: the
// file is the request body (CSV or .xlsx), checked first with nothing
// written, then imported in the background with its progress in PostgreSQL;
// the same file again changes nothing and completes a run that was cut short.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { checkRecords, IMPORT_COLUMNS, readCsv, XLSX_TYPE } from '../operations/import-file.js';
import { importOfficials } from '../operations/import.js';
import { demoActor, startApi, uniqueId, type ApiHarness } from './support/api.js';
import { daysAgo, daysAgoThisYear } from './support/import-dates.js';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const row = (overrides: Record<string, string> = {}): Record<string, string> => ({
  officialId: uniqueId('impapi'),
  name: '陆春梅',
  email: 'lu.chunmei@example.gov.cn',
  post: 'team_member',
  village: 'gx/nanning/wuming/fucheng/lianhe',
  dispatchingUnit: '武鸣区民政局',
  birthDate: '1989-03-09',
  partyMember: 'full',
  workYears: '10',
  dispatchedOn: daysAgo(300),
  trainingsThisYear: daysAgoThisYear(30),
  healthCheckOn: '',
  healthCheckFit: '',
  lastRatings: 'competent',
  ...overrides,
});

const csv = (rows: Record<string, string>[]) =>
  [IMPORT_COLUMNS.join(','), ...rows.map((r) => IMPORT_COLUMNS.map((c) => r[c] ?? '').join(','))]
    .join('\n')
    .concat('\n');

async function xlsx(rows: Record<string, string>[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('officials');
  sheet.addRow([...IMPORT_COLUMNS]);
  for (const r of rows) sheet.addRow(IMPORT_COLUMNS.map((c) => r[c] ?? ''));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Sends a file as the request body, as the page does. */
async function upload(
  path: string,
  as: string,
  data: Buffer | string,
  type: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(api.baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.token(as)}`, 'content-type': type, ...headers },
    body: data,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    headers: res.headers,
  };
}

const countImports = async () =>
  Number((await api.pool.query('SELECT count(*) AS n FROM imports')).rows[0].n);
const onRecord = async (ids: string[]) =>
  (
    await api.pool.query(
      'SELECT official_id, stage FROM officials WHERE official_id = ANY($1) ORDER BY official_id',
      [ids],
    )
  ).rows as { official_id: string; stage: string }[];

const progressUntilDone = (importId: string) =>
  api.eventually(
    `import ${importId} done`,
    () => api.get(`/api/imports/${importId}`, 'admin-gx'),
    (r) => r.status === 200 && r.body.status !== 'running',
    60_000,
  );

describe('the import over the API', () => {
  it('checks a bad file and reports each problem with its line, field and code, writing nothing', async () => {
    const good = row();
    const rows = [
      good,
      row({ dispatchedOn: daysAgo(900) }),
      row({ post: 'chief', village: 'gx/nanning' }),
      row({ officialId: good.officialId! }),
    ];
    const imports = await countImports();
    for (const [data, type, format] of [
      [csv(rows), 'text/csv; charset=utf-8', 'csv'],
      [await xlsx(rows), XLSX_TYPE, 'xlsx'],
    ] as const) {
      const checked = await upload('/api/imports/check?name=region.x', 'admin-gx', data, type);
      expect(checked.status, JSON.stringify(checked.body)).toBe(200);
      expect(checked.body).toMatchObject({ format, rows: 4, rowsFit: 1, badRows: 3 });
      expect(
        checked.body.problems.map((p: { line: number; field: string; code: string }) => [
          p.line,
          p.field,
          p.code,
        ]),
      ).toEqual([
        [3, 'dispatchedOn', 'term_ended'],
        [4, 'post', 'bad_choice'],
        [4, 'village', 'bad_village'],
        [5, 'officialId', 'duplicate'],
      ]);
      expect(checked.body.problems[0].params).toEqual({ months: DEFAULT_POLICY.termMonths });
      // Importing it instead is refused with the same report, and nothing starts.
      const refused = await upload('/api/imports', 'admin-gx', data, type);
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('file_has_problems');
      expect(refused.body.error.details.problems).toHaveLength(4);
    }
    expect(await countImports()).toBe(imports);
    expect(await onRecord([good.officialId!])).toEqual([]);
  });

  it('answers a file it cannot read with a report, not an error', async () => {
    const checked = await upload('/api/imports/check', 'admin-gx', 'PK\u0003\u0004junk', XLSX_TYPE);
    expect(checked.status).toBe(200);
    expect(checked.body.problems).toEqual([
      expect.objectContaining({ line: 0, field: 'file', code: 'unreadable' }),
    ]);
    const latin1 = Buffer.from([...Buffer.from('officialId,name\n'), 0xe9, 0x0a]);
    const notUtf8 = await upload('/api/imports/check', 'admin-gx', latin1, 'text/csv');
    expect(notUtf8.body.problems[0]).toMatchObject({ field: 'file', code: 'unreadable' });
  });

  it('imports a workbook in the background, shows its progress, and the same file again changes nothing', async () => {
    const rows = [row(), row(), row({ healthCheckOn: daysAgoThisYear(3), healthCheckFit: 'yes' })];
    const ids = rows.map((r) => r.officialId!);
    const data = await xlsx(rows);
    const key = { 'idempotency-key': uniqueId('key') };
    const started = await upload('/api/imports?name=南宁.xlsx', 'admin-gx', data, XLSX_TYPE, key);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    // A retry with the same key (its answer lost) gets the same import, not a second one.
    const retried = await upload('/api/imports?name=南宁.xlsx', 'admin-gx', data, XLSX_TYPE, key);
    expect(retried.body.importId).toBe(started.body.importId);
    // The same key with another file is refused.
    const other = await upload(
      '/api/imports?name=南宁.xlsx',
      'admin-gx',
      await xlsx([row()]),
      XLSX_TYPE,
      key,
    );
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(started.body.rows).toBe(3);
    expect(started.headers.get('location')).toBe(`/api/imports/${started.body.importId}`);
    const done = await progressUntilDone(started.body.importId);
    expect(done.body).toMatchObject({
      fileName: '南宁.xlsx',
      startedBy: 'admin-gx',
      status: 'done',
      rowsTotal: 3,
      rowsStarted: 3,
      rowsSkipped: 0,
      rowsFailed: 0,
    });
    await api.eventually(
      'three terms on duty',
      () => onRecord(ids),
      (r) => r.length === 3 && r.every((o) => o.stage === 'on_duty'),
    );
    const log = await api.pool.query(
      `SELECT reason FROM decision_log WHERE official_id = ANY($1) AND action = 'imported_on_post' ORDER BY reason`,
      [ids],
    );
    expect(log.rows.map((e) => e.reason)).toEqual(['南宁.xlsx:2', '南宁.xlsx:3', '南宁.xlsx:4']);

    const again = await upload('/api/imports?name=南宁.xlsx', 'admin-gx', data, XLSX_TYPE);
    expect(again.status).toBe(202);
    const second = await progressUntilDone(again.body.importId);
    expect(second.body).toMatchObject({ status: 'done', rowsStarted: 0, rowsSkipped: 3 });
    const entries = await api.pool.query(
      `SELECT count(*) AS n FROM decision_log WHERE official_id = ANY($1) AND action = 'imported_on_post'`,
      [ids],
    );
    expect(Number(entries.rows[0].n)).toBe(3);
  });

  it('shows a run whose process died as interrupted, and the same file again completes it', async () => {
    const rows = [row(), row(), row(), row()];
    const ids = rows.map((r) => r.officialId!);
    const text = csv(rows);
    // The crashed run: two terms started, its row left 'running' with a heartbeat long stopped.
    const checked = checkRecords(readCsv(text), {
      policy: DEFAULT_POLICY,
      now: Date.now(),
      source: 'crash.csv',
    });
    await importOfficials({
      client: api.client,
      taskQueue: api.taskQueue,
      rows: checked.rows.slice(0, 2),
      policy: DEFAULT_POLICY,
      by: demoActor('admin-gx'),
    });
    const crashedId = `imp-${crypto.randomUUID()}`;
    await api.pool.query(
      `INSERT INTO imports (import_id, file_name, file_sha256, started_by, status, rows_total, rows_started, heartbeat_at)
       VALUES ($1, 'crash.csv', 'x', 'admin-gx', 'running', 4, 2, now() - interval '5 minutes')`,
      [crashedId],
    );
    const crashed = await api.get(`/api/imports/${crashedId}`, 'admin-gx');
    expect(crashed.body).toMatchObject({ status: 'interrupted', rowsStarted: 2 });

    const resumed = await upload('/api/imports?name=crash.csv', 'admin-gx', text, 'text/csv');
    expect(resumed.status).toBe(202);
    const done = await progressUntilDone(resumed.body.importId);
    expect(done.body).toMatchObject({ status: 'done', rowsStarted: 2, rowsSkipped: 2 });
    await api.eventually(
      'four terms on duty',
      () => onRecord(ids),
      (r) => r.length === 4 && r.every((o) => o.stage === 'on_duty'),
    );
  });

  it('refuses everyone but the region administrator', async () => {
    const imports = await countImports();
    const data = csv([row()]);
    for (const as of ['org-wuming', 'du-nanning', 'off-liming']) {
      const checked = await upload('/api/imports/check', as, data, 'text/csv');
      expect(checked.status).toBe(403);
      expect(checked.body.error.code).toBe('wrong_actor');
      expect((await upload('/api/imports', as, data, 'text/csv')).status).toBe(403);
    }
    const id = `imp-${crypto.randomUUID()}`;
    expect((await api.get(`/api/imports/${id}`, 'org-wuming')).status).toBe(403);
    expect((await api.get(`/api/imports/${id}`, 'admin-gx')).status).toBe(404);
    expect(await countImports()).toBe(imports);
  });

  it('refuses a wrong type, an empty body, a file over the limit and a bad name with a 4xx', async () => {
    const imports = await countImports();
    const json = await upload('/api/imports', 'admin-gx', '{"rows":[]}', 'application/json');
    expect(json.status).toBe(415);
    expect(json.body.error.message).toContain('text/csv');
    expect((await upload('/api/imports/check', 'admin-gx', 'a,b', 'text/plain')).status).toBe(415);
    const empty = await upload('/api/imports/check', 'admin-gx', '', 'text/csv');
    expect(empty.status).toBe(422);
    expect(empty.body.error.code).toBe('empty_file');
    const huge = await upload(
      '/api/imports',
      'admin-gx',
      Buffer.alloc(9 * 1024 * 1024, 0x61),
      'text/csv',
    );
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('too_large');
    const badName = await upload('/api/imports?name=../x.csv', 'admin-gx', 'a', 'text/csv');
    expect(badName.status).toBe(400);
    const unknownParam = await upload('/api/imports?dry=1', 'admin-gx', 'a', 'text/csv');
    expect(unknownParam.status).toBe(400);
    expect((await api.get('/api/imports/nope', 'admin-gx')).status).toBe(400);
    expect(await countImports()).toBe(imports);
  });

  it('is in the OpenAPI document with its file types, and GET /api/me says who imports', async () => {
    const doc = (await api.get('/api/openapi.json', null)).body;
    const start = doc.paths['/api/imports'].post;
    expect(Object.keys(start.requestBody.content).sort()).toEqual(['text/csv', XLSX_TYPE].sort());
    expect(Object.keys(start.responses)).toEqual(
      expect.arrayContaining(['202', '403', '409', '413', '415', '422']),
    );
    expect(doc.paths['/api/imports/{importId}'].get.operationId).toBe('getImport');
    expect((await api.get('/api/me', 'admin-gx')).body.imports).toEqual(['officials']);
    expect((await api.get('/api/me', 'org-wuming')).body.imports).toEqual([]);
  });
});
