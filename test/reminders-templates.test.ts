// The wording of each kind of reminder and its escalation.
import { describe, expect, it } from 'vitest';
import {
  deadlineDate,
  obligationKind,
  renderReminder,
  type ObligationKind,
} from '../activities/templates.js';
import type { ReminderOrder } from '../domain/records.js';

const order = (
  obligation: string,
  escalation = false,
  overrides: Partial<ReminderOrder> = {},
): ReminderOrder => ({
  key: `term-off-1/${obligation}/r`,
  termId: 'term-off-1',
  officialId: 'off-1',
  officialName: '黄海',
  obligation,
  obligationTitle: '事项',
  rung: 'r',
  escalation,
  recipients: [],
  // 16:30 UTC on 31 December 2025 is 1 January 2026 in Asia/Shanghai.
  deadline: Date.UTC(2025, 11, 31, 16, 30),
  link: '/tasks/t-1',
  ...overrides,
});

// One phrase per kind in each language that no other kind uses.
const PHRASES: Record<
  ObligationKind,
  { obligation: string; zh: string; en: string; zhEsc: string; enEsc: string }
> = {
  training: {
    obligation: 'training:y2',
    zh: '县级培训',
    en: 'county-level training',
    zhEsc: '督促其参训',
    enEsc: 'the official attends',
  },
  health_check: {
    obligation: 'health:y2',
    zh: '登记结果',
    en: 'have the result recorded',
    zhEsc: '未登记结果',
    enEsc: 'no result has been recorded',
  },
  reply: {
    obligation: 'reply:task-9',
    zh: '书面答复',
    en: 'written reply',
    zhEsc: '督办答复',
    enEsc: 'still unanswered',
  },
  decision: {
    obligation: 'task:task-9',
    zh: '待办事项',
    en: 'must be decided',
    zhEsc: '逾期未办理',
    enEsc: 'is still open',
  },
  handover: {
    obligation: 'handover:case-3',
    zh: '传帮带',
    en: 'signed by both officials',
    zhEsc: '督促完成交接',
    enEsc: 'items are still unsigned',
  },
};

describe('reminder templates', () => {
  it('reads the kind from the obligation', () => {
    for (const [kind, { obligation }] of Object.entries(PHRASES))
      expect(obligationKind(obligation)).toBe(kind);
    expect(obligationKind('something-new:1')).toBe('decision');
  });

  it("takes a task's kind from its ladder, and its Chinese title from its kind", () => {
    const reply = { kind: 'recall_reply', ladder: 'reply' } as const;
    const attendance = {
      kind: 'close_attendance',
      ladder: 'decision',
      data: { month: 7 },
    } as const;
    expect(obligationKind('task:t-1', reply)).toBe('reply');
    expect(obligationKind('task:t-2', attendance)).toBe('decision');
    const recall = renderReminder(
      order('task:t-1', false, { obligationTitle: 'Reply to the recall request' }),
      'https://z.example',
      reply,
    );
    expect(recall.subject).toBe('【驻村提醒】答复召回请示：黄海（期限 2026-01-01）');
    expect(recall.text).toContain('一事一请示、一事一答复');
    const month = renderReminder(
      order('task:t-2', false, { obligationTitle: 'Close the attendance of month 7' }),
      'https://z.example',
      attendance,
    );
    expect(month.text).toContain('待办事项「确认第7个月考勤」');
    expect(
      renderReminder(
        order('task:t-2', false, { obligationTitle: 'Close the attendance of month 7' }),
        'https://z.example',
        attendance,
        'en',
      ).text,
    ).toContain('The task "Close the attendance of month 7"');
    expect(renderReminder(order('training:y3'), 'https://z.example').subject).toContain(
      '第3年度县级培训',
    );
    expect(renderReminder(order('health:y2'), 'https://z.example').subject).toContain(
      '第2年度健康体检',
    );
  });

  it('shows the deadline as the date in Asia/Shanghai', () => {
    expect(deadlineDate(Date.UTC(2025, 11, 31, 16, 30))).toBe('2026-01-01');
    expect(deadlineDate(Date.UTC(2025, 11, 31, 15, 59))).toBe('2025-12-31');
  });

  for (const [kind, p] of Object.entries(PHRASES)) {
    it(`words a ${kind} reminder and its escalation in Chinese, and in English for an English reader`, () => {
      const link = 'https://zhucun.example/tasks/t-1';
      /** The Latin words of a mail but for its link. */
      const latin = (s: string) => s.replaceAll(link, '').match(/[A-Za-z]{3,}/g) ?? [];
      const reminder = renderReminder(order(p.obligation), 'https://zhucun.example');
      expect(reminder.subject).toMatch(/^【驻村提醒】.+：黄海（期限 2026-01-01）$/);
      expect(reminder.text).toContain(p.zh);
      expect(reminder.text).toContain('2026年1月1日');
      expect(reminder.text).toContain(link);
      expect(reminder.html).toContain(`href="${link}"`);
      expect(latin(reminder.subject + reminder.text)).toEqual([]);

      const escalation = renderReminder(order(p.obligation, true), 'https://zhucun.example/');
      expect(escalation.subject).toMatch(/^【驻村督办】.+逾期：黄海（期限 2026-01-01）$/);
      expect(escalation.text).toContain(p.zhEsc);
      expect(escalation.text).toContain(link);
      expect(latin(escalation.subject + escalation.text)).toEqual([]);

      const english = renderReminder(
        order(p.obligation),
        'https://zhucun.example',
        undefined,
        'en',
      );
      expect(english.subject).toMatch(/^\[Zhucun reminder\] .+ – 黄海 \(due 2026-01-01\)$/);
      expect(english.text).toContain(p.en);
      expect(english.text).not.toContain(p.zh);
      expect(english.html).toContain(`href="${link}"`);
      const englishEscalation = renderReminder(
        order(p.obligation, true),
        'https://zhucun.example',
        undefined,
        'en',
      );
      expect(englishEscalation.subject).toMatch(/^\[Zhucun escalation\] Overdue: /);
      expect(englishEscalation.text).toContain(p.enEsc);
    });
  }

  it('escapes names and titles in the HTML part', () => {
    const reminder = renderReminder(
      order('task:x', false, { obligationTitle: '<script>x</script> & co' }),
      'https://z.example',
    );
    expect(reminder.html).not.toContain('<script>');
    expect(reminder.html).toContain('&lt;script&gt;x&lt;/script&gt; &amp; co');
  });
});
