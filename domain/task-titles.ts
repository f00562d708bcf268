// Titles of tasks and obligations, one home per kind and language. The
// workflow stores the English title on each task and reminder (the record and
// the reminder's English half show it); the reminder e-mails take the Chinese
// one from here too. The English instance titles are part of running terms'
// records: change them only knowing that old and new titles will coexist.
import type { TaskKind } from './records.js';

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The title of each kind of task, as an inbox lists it. */
export const TASK_KIND_TITLES: Record<TaskKind, Record<Language, string>> = {
  vetting_reply: { zh: '答复考察征求意见', en: 'Reply to the vetting request' },
  approve_dispatch: { zh: '审批选派', en: 'Approve the dispatch' },
  record_pre_dispatch_training: { zh: '登记岗前培训', en: 'Record the pre-dispatch training' },
  close_attendance: { zh: '确认月度考勤', en: 'Close the monthly attendance' },
  approve_leave: { zh: '审批短期请假', en: 'Approve short leave' },
  leave_reply: { zh: '答复长期请假请示', en: 'Reply to the long-leave request' },
  self_report: { zh: '提交年度述职报告', en: 'Submit the yearly self-report' },
  rate_official: { zh: '评定年度考核等次', en: 'Rate the official for the year' },
  recall_reply: { zh: '答复召回请示', en: 'Reply to the recall request' },
  adjustment_reply: { zh: '答复人选调整请示', en: 'Reply to the candidate adjustment request' },
  nominate_successor: { zh: '提名接替人选', en: 'Nominate a successor' },
  sign_handover: { zh: '签署工作交接清单', en: 'Sign the hand-over checklist' },
  decide_objection: { zh: '研究审查机关异议', en: 'Decide on the objection of a screening body' },
  objection_follow_up_reply: { zh: '答复异议追问函', en: 'Reply to the follow-up on an objection' },
  resolve_correction: {
    zh: '处理更正未能撤销的后果',
    en: 'Resolve what a correction could not undo',
  },
};

/**
 * What one task is about, beyond its kind. Each language uses what it has:
 * the reminder e-mails know a task's data (month, year, days) but not the
 * request's English subject, so their Chinese titles name no request.
 */
export interface TaskTitleFacts {
  /** A request's number and subject, for the reply tasks. */
  requestNo?: string;
  subject?: string;
  /** Month of the term (1-based), for closing attendance. */
  month?: number;
  /** Year of the term (1-based), for the self-report and the rating. */
  year?: number;
  /** Days of leave asked. */
  days?: number;
  officialName?: string;
  /** The screening body an objection is from. */
  body?: string;
  /** The two officials of a hand-over. */
  outgoingOfficialId?: string;
  incomingOfficialId?: string;
}

const REPLY_KINDS: readonly TaskKind[] = [
  'vetting_reply',
  'leave_reply',
  'recall_reply',
  'adjustment_reply',
  'objection_follow_up_reply',
];

/** The title of one task: its kind's title, with the facts that tell it from others. */
export function taskTitle(kind: TaskKind, language: Language, facts: TaskTitleFacts = {}): string {
  const kindTitle = TASK_KIND_TITLES[kind][language];
  if (language === 'zh') return taskTitleZh(kind, kindTitle, facts);
  if (REPLY_KINDS.includes(kind) && facts.requestNo !== undefined && facts.subject !== undefined)
    return `${kindTitle} ${facts.requestNo}: ${facts.subject}`;
  switch (kind) {
    case 'close_attendance':
      return facts.month === undefined ? kindTitle : `Close the attendance of month ${facts.month}`;
    case 'approve_leave':
      return facts.days === undefined ? kindTitle : `Approve ${facts.days} day(s) of leave`;
    case 'self_report':
      return facts.year === undefined ? kindTitle : `Submit the self-report for year ${facts.year}`;
    case 'rate_official':
      return facts.year === undefined || facts.officialName === undefined
        ? kindTitle
        : `Rate ${facts.officialName} for year ${facts.year}`;
    case 'nominate_successor':
      return facts.officialName === undefined
        ? kindTitle
        : `Nominate a successor for ${facts.officialName}`;
    case 'decide_objection':
      return facts.body === undefined || facts.requestNo === undefined
        ? kindTitle
        : `Decide on the objection of the ${facts.body} body (${facts.requestNo})`;
    case 'sign_handover':
      return facts.outgoingOfficialId === undefined || facts.incomingOfficialId === undefined
        ? kindTitle
        : `${kindTitle} (${facts.outgoingOfficialId} → ${facts.incomingOfficialId})`;
    default:
      return kindTitle;
  }
}

function taskTitleZh(kind: TaskKind, kindTitle: string, facts: TaskTitleFacts): string {
  switch (kind) {
    case 'close_attendance':
      return facts.month === undefined ? kindTitle : `确认第${facts.month}个月考勤`;
    case 'approve_leave':
      return facts.days === undefined ? kindTitle : `审批${facts.days}天短期请假`;
    case 'self_report':
      return facts.year === undefined ? kindTitle : `提交第${facts.year}年度述职报告`;
    case 'rate_official':
      return facts.year === undefined ? kindTitle : `评定第${facts.year}年度考核等次`;
    default:
      return kindTitle;
  }
}

/** Obligations that are no task of anyone's inbox, but are reminded all the same. */
export type Obligation =
  | { kind: 'training'; year: number }
  | { kind: 'health_check'; year: number }
  | { kind: 'handover' };

/** The title of an obligation; `year` is the term year (1-based) it falls in. */
export function obligationTitle(obligation: Obligation, language: Language): string {
  switch (obligation.kind) {
    case 'training':
      return language === 'zh'
        ? `第${obligation.year}年度县级培训`
        : `County-level training, year ${obligation.year}`;
    case 'health_check':
      return language === 'zh'
        ? `第${obligation.year}年度健康体检`
        : `Yearly health check, year ${obligation.year}`;
    case 'handover':
      return language === 'zh' ? '工作交接清单' : 'Hand-over checklist';
  }
}
