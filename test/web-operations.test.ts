// Record operations in the page (/operations): the regional administrator
// sees the term whose record write the database refused, reconciles the
// record with the workflows and reads the difference, writes the record again
// once the cause is mended (a second step naming the consequence first), and
// reconciles again to find none. The county reads its incidents without the
// administrator's controls; others have no such page in their menu. Debian's
// Chromium, headless, on the real API app, worker, Temporal dev server and
// PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from './support/api.js';
import {
  checkAccessibility,
  scriptErrors,
  shoot,
  signInAs,
  SLOW,
  useBrowser,
} from './support/browser.js';
import { termSteps } from './support/term-steps.js';

let api: ApiHarness;
const browse = useBrowser(() => api.baseUrl);
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const { taskIn, nominate } = termSteps(() => api);

// A rule of the database the next batch breaks (SQLSTATE 23514), as a schema
// change or a bad value would: retrying cannot mend it until it is dropped.
const REFUSING_RULE = 'test_refuse_marked';

describe('record operations in the page', () => {
  it('lets the administrator reconcile, see a refused record write and write it again', async () => {
    const p = await nominate({ name: '潘丽华' });
    const task = await taskIn('disc-wuming', p.officialId, 'vetting_reply');
    await api.pool.query(
      `ALTER TABLE decision_log ADD CONSTRAINT ${REFUSING_RULE} CHECK (reason IS NULL OR reason <> '拒绝写入此条')`,
    );
    let ruleDropped = false;
    const dropRule = async () => {
      if (ruleDropped) return;
      ruleDropped = true;
      await api.pool.query(`ALTER TABLE decision_log DROP CONSTRAINT ${REFUSING_RULE}`);
    };
    try {
      const refused = await api.post(`/api/tasks/${task.id}/decision`, 'disc-wuming', {
        decision: 'approve',
        comment: '拒绝写入此条',
      });
      expect(refused.status, JSON.stringify(refused.body)).toBe(503);
      await api.eventually(
        'the incident on record',
        () => api.get('/api/record-incidents', 'admin-gx'),
        (r) => r.body.items?.length > 0,
      );

      // The administrator finds the page in the menu.
      const admin = await browse();
      await signInAs(admin, 'admin-gx', '概览');
      await admin.getByRole('link', { name: '档案运维' }).click();
      await admin.getByRole('heading', { level: 1, name: '档案运维' }).waitFor();
      const row = admin.locator(`#record-incidents tr[data-official="${p.officialId}"]`);
      expect(await row.textContent()).toContain('潘丽华');
      expect(await row.textContent()).toContain('武鸣区');
      expect(await row.textContent()).toContain('数据库拒绝写入（错误代码 23514）');

      // Reconciliation names the blocked term.
      await admin.getByRole('button', { name: '开始核对' }).click();
      const result = admin.locator('#reconcile-result');
      await expect.poll(() => result.textContent(), SLOW).toMatch(/发现\d+处不一致/);
      expect(await result.textContent()).toMatch(/已核对\d+个任期/);
      const differences = admin.locator('#reconcile-differences');
      expect(await differences.textContent()).toContain('档案写入受阻');
      expect(await differences.textContent()).toContain('未办事项');
      // Each side in the page's words: the refused batch with its code, the last entries by what, when, who.
      const text = (await differences.textContent())!;
      expect(text).toMatch(/第\d+批写入受阻；数据库拒绝写入（错误代码 23514）/);
      expect(text).toContain('答复请求，');
      expect(text).not.toContain('{"');
      await checkAccessibility(admin);
      await shoot(admin, 'operations');

      // Retrying asks first, naming what it does; the cause is mended meanwhile.
      await row.getByRole('button', { name: '重新写入潘丽华的档案' }).click();
      const confirm = admin.getByRole('alertdialog');
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain('请先确认拒绝的原因已经排除');
      await shoot(admin, 'operations-retry-confirm');
      await dropRule();
      await confirm.getByRole('button', { name: '确认办理' }).click();
      await expect
        .poll(() => admin.locator('#flash').textContent(), SLOW)
        .toContain('潘丽华的档案已重新写入');
      expect(await admin.locator('main').textContent()).toContain('没有档案写入受阻的任期。');
      // The record holds the reply, and reconciliation finds nothing.
      const record = await api.get(`/api/officials/${p.officialId}`, 'org-wuming');
      expect(JSON.stringify(record.body.timeline)).toContain('拒绝写入此条');
      await admin.getByRole('button', { name: '开始核对' }).click();
      await expect
        .poll(() => admin.locator('#reconcile-result').textContent(), SLOW)
        .toContain('档案与工作流完全一致。');
      expect(scriptErrors(admin)).toEqual([]);
    } finally {
      await dropRule();
    }
  });

  it('offers the page to the administrator alone; the county reads its incidents without controls', async () => {
    const county = await browse();
    await signInAs(county, 'org-wuming');
    expect(await county.getByRole('link', { name: '档案运维' }).isVisible()).toBe(false);
    await county.goto('/operations');
    await county.getByRole('heading', { level: 1, name: '档案运维' }).waitFor();
    expect(await county.getByRole('button', { name: '开始核对' }).count()).toBe(0);
    // Asked of the API all the same, reconciliation is the administrator's.
    expect((await api.get('/api/admin/reconcile', 'org-wuming')).status).toBe(403);

    const unit = await browse();
    await signInAs(unit, 'du-nanning');
    expect(await unit.getByRole('link', { name: '档案运维' }).isVisible()).toBe(false);
    await unit.goto('/operations');
    const alert = unit.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-status')).toBe('403');
    expect(await alert.textContent()).toContain('此事项不由您办理');
    expect(scriptErrors(county)).toEqual([]);
    expect(scriptErrors(unit)).toEqual([]);
  });
});
