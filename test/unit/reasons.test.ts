// The reason rule: rejections and every reply to a request say why, at the policy's minimum.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy-defaults.js';
import {
  needsReason,
  reasonLength,
  requireCorrectionReason,
  requireReason,
} from '../../domain/reasons.js';
import { TASK_KINDS } from '../../domain/records.js';
import { Refusal } from '../../domain/refuse.js';

const refusalOf = (run: () => void) => {
  try {
    run();
    return undefined;
  } catch (err) {
    if (err instanceof Refusal) return err.code;
    throw err;
  }
};

describe('reasons', () => {
  it('asks a reason of every rejection, every reply to a request and every resolved correction, and of nothing else', () => {
    const reasonedApprovals = [
      'vetting_reply',
      'recall_reply',
      'leave_reply',
      'adjustment_reply',
      'resolve_correction',
    ];
    for (const kind of TASK_KINDS) {
      expect(needsReason(kind, 'reject')).toBe(true);
      expect(needsReason(kind, 'approve')).toBe(reasonedApprovals.includes(kind));
    }
    expect(
      refusalOf(() => requireReason('resolve_correction', 'approve', ' ', DEFAULT_POLICY)),
    ).toBe('reason_required');
  });

  it('asks a correction its reason', () => {
    expect(refusalOf(() => requireCorrectionReason(' 错 ', DEFAULT_POLICY))).toBe(
      'reason_required',
    );
    expect(refusalOf(() => requireCorrectionReason('录入错误', DEFAULT_POLICY))).toBeUndefined();
  });

  it('asks a reason of every step on an objection: the county’s and the body’s', () => {
    for (const decision of ['end_nomination', 'follow_up'] as const)
      expect(needsReason('decide_objection', decision)).toBe(true);
    for (const decision of ['withdraw', 'maintain'] as const)
      expect(needsReason('objection_follow_up_reply', decision)).toBe(true);
    expect(
      refusalOf(() => requireReason('decide_objection', 'follow_up', ' ', DEFAULT_POLICY)),
    ).toBe('reason_required');
    expect(
      refusalOf(() =>
        requireReason('objection_follow_up_reply', 'withdraw', '案件已结', DEFAULT_POLICY),
      ),
    ).toBeUndefined();
  });

  it('tells a reply without its reasons that an approval needs them as much as a rejection', () => {
    expect(() => requireReason('recall_reply', 'approve', '', DEFAULT_POLICY)).toThrow(
      'a reply to a request states its reasons, an approval as much as a rejection (at least 2 characters)',
    );
  });

  it('counts characters, not bytes or spaces', () => {
    expect(reasonLength('  理由  ')).toBe(2);
    expect(reasonLength('无异议')).toBe(3);
    expect(reasonLength('\u00a0\n')).toBe(0);
  });

  it.each([
    ['vetting_reply', 'reject', '', 'reason_required'],
    ['vetting_reply', 'reject', ' 否 ', 'reason_required'],
    ['vetting_reply', 'approve', '', 'reason_required'],
    ['vetting_reply', 'approve', '无异议', undefined],
    ['approve_dispatch', 'reject', '   ', 'reason_required'],
    ['approve_dispatch', 'reject', '信访举报未核实', undefined],
    ['approve_dispatch', 'approve', '', undefined],
    ['approve_leave', 'approve', '', undefined],
    ['recall_reply', 'approve', '', 'reason_required'],
    ['recall_reply', 'approve', ' 可 ', 'reason_required'],
    ['recall_reply', 'approve', '同意因健康原因召回', undefined],
    ['leave_reply', 'approve', '', 'reason_required'],
    ['leave_reply', 'approve', '同意，已安排代岗', undefined],
    ['adjustment_reply', 'approve', '\u00a0', 'reason_required'],
    ['adjustment_reply', 'approve', '同意调整人选', undefined],
  ] as const)('%s %s with %j: %s', (kind, decision, comment, code) => {
    expect(refusalOf(() => requireReason(kind, decision, comment, DEFAULT_POLICY))).toBe(code);
  });

  it('takes the minimum from the policy, and a default for policies without one', () => {
    const strict = { ...DEFAULT_POLICY, minReasonChars: 10 };
    expect(refusalOf(() => requireReason('approve_dispatch', 'reject', '理由不足', strict))).toBe(
      'reason_required',
    );
    const old = { ...DEFAULT_POLICY, minReasonChars: undefined };
    expect(refusalOf(() => requireReason('approve_dispatch', 'reject', 'x', old))).toBe(
      'reason_required',
    );
    expect(refusalOf(() => requireReason('approve_dispatch', 'reject', 'xy', old))).toBeUndefined();
  });
});
