// The reminder e-mails, one template per kind of obligation, each with an
// escalation variant, each in Chinese and in English. A message is in its
// reader's language alone: a Chinese reader's mail has no English in it.
import type { ReminderLadder, ReminderOrder, TaskKind } from '../domain/records.js';
import {
  TASK_KIND_TITLES,
  obligationTitle,
  taskTitle,
  type TaskTitleFacts,
} from '../domain/task-titles.js';

export type ObligationKind = 'training' | 'health_check' | 'reply' | 'decision' | 'handover';

/** What the system of record knows of the task a 'task:<id>' reminder is about. */
export interface TaskFacts {
  kind: TaskKind;
  ladder: ReminderLadder;
  data?: Record<string, unknown> | null;
}

/**
 * The kind of obligation a reminder is about. For a task ('task:<id>') the
 * task's ladder decides (a request awaiting its reply, or a decision); other
 * obligations are read from their prefix ('training:y1', 'health:y1',
 * 'handover:<termId>'). An unknown prefix is worded as a decision, so an
 * unforeseen obligation is still reminded with a neutral text.
 */
export function obligationKind(obligation: string, task?: TaskFacts): ObligationKind {
  if (task) {
    if (task.kind === 'sign_handover') return 'handover';
    return task.ladder === 'reply' ? 'reply' : 'decision';
  }
  const prefix = obligation.split(':', 1)[0] ?? '';
  switch (prefix) {
    case 'training':
      return 'training';
    case 'health':
      return 'health_check';
    case 'reply':
      return 'reply';
    case 'handover':
      return 'handover';
    default:
      return 'decision';
  }
}

/** The facts a task's title names (month, year, days), as the record keeps its data. */
function titleFacts(data: TaskFacts['data']): TaskTitleFacts {
  const numberAt = (key: string) => (typeof data?.[key] === 'number' ? data[key] : undefined);
  return { month: numberAt('month'), year: numberAt('year'), days: numberAt('days') };
}

/**
 * The obligation's title in Chinese, from the one home of titles
 * (domain/task-titles.ts); the workflow's own (English) title when the kind
 * is unknown here.
 */
export function obligationTitleZh(order: ReminderOrder, task?: TaskFacts): string {
  if (task) {
    if (!(task.kind in TASK_KIND_TITLES)) return order.obligationTitle;
    return taskTitle(task.kind, 'zh', titleFacts(task.data));
  }
  const year = /^(training|health):y(\d+)$/.exec(order.obligation);
  if (year?.[1] === 'training')
    return obligationTitle({ kind: 'training', year: Number(year[2]) }, 'zh');
  if (year?.[1] === 'health')
    return obligationTitle({ kind: 'health_check', year: Number(year[2]) }, 'zh');
  if (order.obligation.startsWith('handover:')) return obligationTitle({ kind: 'handover' }, 'zh');
  return order.obligationTitle;
}

interface Wording {
  zh: (w: Words) => string;
  en: (w: Words) => string;
}

interface Words {
  name: string;
  /** The obligation's title in Chinese, and as the workflow gave it (English). */
  titleZh: string;
  title: string;
  deadlineZh: string;
  deadlineEn: string;
}

const REMINDERS: Record<ObligationKind, Wording> = {
  training: {
    zh: (w) =>
      `驻村干部 ${w.name} 的培训「${w.titleZh}」须于 ${w.deadlineZh} 前完成并登记。每名驻村干部每年至少参加一次县级培训，请按时参训。`,
    en: (w) =>
      `${w.name}, an official posted to a village, must attend the training "${w.title}" and have it recorded by ${w.deadlineEn}. Every official attends at least one county-level training a year.`,
  },
  health_check: {
    zh: (w) => `驻村干部 ${w.name} 的「${w.titleZh}」须于 ${w.deadlineZh} 前完成并登记结果。`,
    en: (w) =>
      `${w.name}, an official posted to a village, must complete the "${w.title}" and have the result recorded by ${w.deadlineEn}.`,
  },
  reply: {
    zh: (w) =>
      `关于驻村干部 ${w.name} 的请示「${w.titleZh}」须于 ${w.deadlineZh} 前书面答复（同意或不同意，并说明理由）。按照“一事一请示、一事一答复”制度，每件请示必须有且只有一个答复。`,
    en: (w) =>
      `The request "${w.title}" concerning ${w.name} needs a written reply (approve or reject, with reasons) by ${w.deadlineEn}. Under the one-request-one-reply rule every request gets exactly one reply.`,
  },
  decision: {
    zh: (w) => `关于驻村干部 ${w.name} 的待办事项「${w.titleZh}」须于 ${w.deadlineZh} 前办理。`,
    en: (w) => `The task "${w.title}" concerning ${w.name} must be decided by ${w.deadlineEn}.`,
  },
  handover: {
    zh: (w) =>
      `驻村干部 ${w.name} 的工作交接（传帮带）「${w.titleZh}」尚有事项未经双方签字，须于 ${w.deadlineZh} 前完成全部交接签字。`,
    en: (w) =>
      `The hand-over "${w.title}" of ${w.name} still has items not signed by both officials; every item must be signed by ${w.deadlineEn}.`,
  },
};

const ESCALATIONS: Record<ObligationKind, Wording> = {
  training: {
    zh: (w) =>
      `驻村干部 ${w.name} 的培训「${w.titleZh}」已于 ${w.deadlineZh} 到期，至今未登记完成。请督促其参训并跟踪落实。`,
    en: (w) =>
      `The training "${w.title}" of ${w.name} was due on ${w.deadlineEn} and has not been recorded. Please see that the official attends and follow up.`,
  },
  health_check: {
    zh: (w) =>
      `驻村干部 ${w.name} 的「${w.titleZh}」已于 ${w.deadlineZh} 到期，至今未登记结果。请督促落实。`,
    en: (w) =>
      `The "${w.title}" of ${w.name} was due on ${w.deadlineEn} and no result has been recorded. Please follow up.`,
  },
  reply: {
    zh: (w) =>
      `关于驻村干部 ${w.name} 的请示「${w.titleZh}」答复期限为 ${w.deadlineZh}，现已逾期未答复。请督办答复。`,
    en: (w) =>
      `The request "${w.title}" concerning ${w.name} was due for a reply on ${w.deadlineEn} and is still unanswered. Please see that it is answered.`,
  },
  decision: {
    zh: (w) =>
      `关于驻村干部 ${w.name} 的待办事项「${w.titleZh}」办理期限为 ${w.deadlineZh}，现已逾期未办理。请督办。`,
    en: (w) =>
      `The task "${w.title}" concerning ${w.name} was due on ${w.deadlineEn} and is still open. Please follow up.`,
  },
  handover: {
    zh: (w) =>
      `驻村干部 ${w.name} 的工作交接「${w.titleZh}」期限为 ${w.deadlineZh}，现已逾期，仍有事项未经双方签字。请督促完成交接。`,
    en: (w) =>
      `The hand-over "${w.title}" of ${w.name} was due on ${w.deadlineEn} and items are still unsigned. Please see that it is completed.`,
  },
};

// Deadlines are shown as calendar dates where the officials are.
const TIME_ZONE = 'Asia/Shanghai';

/** The deadline's date in Asia/Shanghai as YYYY-MM-DD. */
export function deadlineDate(at: number): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The deadline's date in Asia/Shanghai as 2025年3月1日. */
function deadlineDateZh(at: number): string {
  const [y, m, d] = deadlineDate(at).split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export function reminderLink(publicUrl: string, link: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${link.startsWith('/') ? link : `/${link}`}`;
}

export interface RenderedReminder {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The language a reminder is written in: the reader's. */
export type MailLanguage = 'zh' | 'en';

/**
 * The e-mail for a reminder, in its reader's language (Chinese unless the
 * reader reads English: the officials and bodies are Chinese); `task` is the
 * task it is about, when it is one.
 */
export function renderReminder(
  order: ReminderOrder,
  publicUrl: string,
  task?: TaskFacts,
  lang: MailLanguage = 'zh',
): RenderedReminder {
  const kind = obligationKind(order.obligation, task);
  const body = order.escalation ? ESCALATIONS[kind] : REMINDERS[kind];
  const words: Words = {
    name: order.officialName,
    titleZh: obligationTitleZh(order, task),
    title: order.obligationTitle,
    deadlineZh: `${deadlineDateZh(order.deadline)}（北京时间）`,
    deadlineEn: `${deadlineDate(order.deadline)} (China Standard Time)`,
  };
  const date = deadlineDate(order.deadline);
  const url = reminderLink(publicUrl, order.link);
  const mail = MAIL_WORDS[lang];
  const subject = order.escalation
    ? mail.escalationSubject(words, date)
    : mail.reminderSubject(words, date);
  const sentence = body[lang](words);
  const href = escapeHtml(url);
  const text = [mail.hello, '', sentence, '', `${mail.open}${url}`, '', mail.footer, ''].join('\n');
  const html = [
    '<!doctype html>',
    `<html lang="${mail.htmlLang}"><head><meta charset="utf-8"></head><body>`,
    `<p>${escapeHtml(mail.hello)}</p>`,
    `<p>${escapeHtml(sentence)}</p>`,
    `<p><a href="${href}">${escapeHtml(mail.link)}</a>${escapeHtml(mail.linkSeparator)}${href}</p>`,
    `<p><small>${escapeHtml(mail.footer)}</small></p>`,
    '</body></html>',
  ].join('\n');

  return { subject, text, html };
}

/** The words around a reminder's sentence, per language. */
const MAIL_WORDS: Record<
  MailLanguage,
  {
    htmlLang: string;
    reminderSubject: (w: Words, date: string) => string;
    escalationSubject: (w: Words, date: string) => string;
    hello: string;
    open: string;
    link: string;
    linkSeparator: string;
    footer: string;
  }
> = {
  zh: {
    htmlLang: 'zh-CN',
    reminderSubject: (w, date) => `【驻村提醒】${w.titleZh}：${w.name}（期限 ${date}）`,
    escalationSubject: (w, date) => `【驻村督办】${w.titleZh}逾期：${w.name}（期限 ${date}）`,
    hello: '您好：',
    open: '办理链接：',
    link: '立即办理',
    linkSeparator: '：',
    footer: '本邮件由驻村干部管理系统自动发送，请勿直接回复。',
  },
  en: {
    htmlLang: 'en',
    reminderSubject: (w, date) => `[Zhucun reminder] ${w.title} – ${w.name} (due ${date})`,
    escalationSubject: (w, date) =>
      `[Zhucun escalation] Overdue: ${w.title} – ${w.name} (due ${date})`,
    hello: 'Hello,',
    open: 'Open: ',
    link: 'Open in Zhucun',
    linkSeparator: ': ',
    footer: 'Sent automatically by the Zhucun system; please do not reply to this message.',
  },
};
