// Task and obligation titles: one home per kind and language.
import { describe, expect, it } from 'vitest';
import { obligationTitleZh } from '../../activities/templates.js';
import { TASK_KINDS, type ReminderOrder } from '../../domain/records.js';
import { TASK_KIND_TITLES, obligationTitle, taskTitle } from '../../domain/task-titles.js';

const order = (obligation: string): ReminderOrder => ({
  key: `term-off-1/${obligation}/r`,
  termId: 'term-off-1',
  officialId: 'off-1',
  officialName: '黄海',
  obligation,
  obligationTitle: 'English title',
  rung: 'r',
  escalation: false,
  recipients: [],
  deadline: 0,
  link: '/',
});

describe('task titles', () => {
  it('has a title in both languages for every kind of task', () => {
    for (const kind of TASK_KINDS) {
      expect(TASK_KIND_TITLES[kind].en).toMatch(/^[A-Z][a-z]/);
      expect(TASK_KIND_TITLES[kind].zh).toMatch(/^[\u4e00-\u9fff]/);
    }
    expect(Object.keys(TASK_KIND_TITLES).sort()).toEqual([...TASK_KINDS].sort());
  });

  // Running terms' records hold these English titles: a change shows old and new side by side.
  it.each([
    [
      'recall_reply',
      { requestNo: 'R-off-1-4', subject: 'recall 黄海 (health)' },
      'Reply to the recall request R-off-1-4: recall 黄海 (health)',
    ],
    [
      'vetting_reply',
      { requestNo: 'R-off-1-1', subject: 'police check of 黄海' },
      'Reply to the vetting request R-off-1-1: police check of 黄海',
    ],
    ['close_attendance', { month: 7 }, 'Close the attendance of month 7'],
    ['approve_leave', { days: 2 }, 'Approve 2 day(s) of leave'],
    ['self_report', { year: 1 }, 'Submit the self-report for year 1'],
    ['rate_official', { officialName: '黄海', year: 2 }, 'Rate 黄海 for year 2'],
    ['nominate_successor', { officialName: '黄海' }, 'Nominate a successor for 黄海'],
    [
      'sign_handover',
      { outgoingOfficialId: 'off-1', incomingOfficialId: 'off-2' },
      'Sign the hand-over checklist (off-1 → off-2)',
    ],
    ['approve_dispatch', {}, 'Approve the dispatch'],
    ['record_pre_dispatch_training', {}, 'Record the pre-dispatch training'],
  ] as const)('words a %s task in English as the records hold it', (kind, facts, title) => {
    expect(taskTitle(kind, 'en', facts)).toBe(title);
  });

  it('words a task in Chinese with the facts its data holds, else by its kind', () => {
    expect(taskTitle('close_attendance', 'zh', { month: 7 })).toBe('确认第7个月考勤');
    expect(taskTitle('self_report', 'zh', { year: 2 })).toBe('提交第2年度述职报告');
    expect(taskTitle('rate_official', 'zh', { year: 2, officialName: '黄海' })).toBe(
      '评定第2年度考核等次',
    );
    expect(taskTitle('approve_leave', 'zh', { days: 3 })).toBe('审批3天短期请假');
    expect(taskTitle('recall_reply', 'zh', { requestNo: 'R-1', subject: 'recall' })).toBe(
      '答复召回请示',
    );
    expect(taskTitle('close_attendance', 'zh')).toBe('确认月度考勤');
  });

  it('words obligations that are no task', () => {
    expect(obligationTitle({ kind: 'training', year: 1 }, 'en')).toBe(
      'County-level training, year 1',
    );
    expect(obligationTitle({ kind: 'health_check', year: 2 }, 'zh')).toBe('第2年度健康体检');
    expect(obligationTitle({ kind: 'handover' }, 'en')).toBe('Hand-over checklist');
  });

  it('gives the reminder e-mails their Chinese titles from the same home', () => {
    expect(obligationTitleZh(order('training:y2'))).toBe('第2年度县级培训');
    expect(obligationTitleZh(order('health:y1'))).toBe('第1年度健康体检');
    expect(obligationTitleZh(order('handover:term-off-2'))).toBe('工作交接清单');
    expect(
      obligationTitleZh(order('task:t-1'), {
        kind: 'rate_official',
        ladder: 'decision',
        data: { year: 1, selfReport: '…' },
      }),
    ).toBe('评定第1年度考核等次');
    // A kind this code does not know (a newer worker wrote it): the workflow's own title.
    expect(
      obligationTitleZh(order('task:t-1'), { kind: 'new_kind' as never, ladder: 'decision' }),
    ).toBe('English title');
    expect(obligationTitleZh(order('something:else'))).toBe('English title');
  });
});
