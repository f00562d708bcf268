// One task: what it is about, and the decision form when it waits for the
// signed-in actor.
import {
  append,
  daysInput,
  errorBox,
  facts,
  field,
  h,
  link,
  overdueBadge,
  paren,
  select,
} from '../dom.js';
import { formatDateTime, getLang, hasWords, label, place, t } from '../i18n.js';
import { Abort, load, navigate } from '../router.js';
import { confirmStep } from '../forms.js';
import { ApiError, remember, who } from '../session.js';
import { taskName } from '../views/inbox.js';
import { profile, rememberNames, timeline } from '../views/official.js';
import { taskContextSection } from '../views/task-context.js';
import { APPROVE_ONLY, RATINGS, TASK_DECISIONS } from '../vocabulary.js';

/** @typedef {import('../types.js').Task} Task */
/** @typedef {import('../types.js').TaskDetail} TaskDetail */
/** @typedef {import('../types.js').TaskKind} TaskKind */
/** @typedef {import('../types.js').OfficialDetail} OfficialDetail */
/** @typedef {import('../types.js').Decision} Decision */
/** @typedef {import('../types.js').DecisionBody} DecisionBody */

/**
 * Who a task waits for: the body or person by name where the directory has one, else its role and place.
 * @param {Task} task
 */
export function assigneeText(task) {
  const as = task.assignee;
  if (task.assigneeActor) {
    remember(task.assigneeActor.id, task.assigneeActor.name);
    return who(task.assigneeActor.id);
  }
  if (as.actorId) return who(as.actorId);
  return `${label('role', as.role)}${as.body ? `·${label('body', as.body)}` : ''}${paren(place(as.jurisdiction))}`;
}

/**
 * A request's record title in the page's words: the stored title is the
 * workflow's English one (it is part of the record), so other languages build
 * it from the request's kind, number, addressee and official.
 * @param {Task} task
 */
export function recordTitle(task) {
  if (!task.requestNo) return null;
  if (getLang() === 'en') return task.title;
  const key = `recordTitle.${task.kind}`;
  if (!hasWords(key)) return `${label('kind', task.kind)} ${task.requestNo}`;
  return t(key, {
    kind: t(`requestKind.${task.kind.replace(/_reply$/, '')}`),
    requestNo: task.requestNo,
    to: task.assignee.body ? t(`screener.${task.assignee.body}`) : assigneeText(task),
    official: task.officialName,
  });
}

/**
 * A value of a task's `data` (which the API's schema leaves open) as the page
 * shows it: the text or number the workflow wrote, else nothing.
 * @param {unknown} value
 */
const shown = (value) =>
  typeof value === 'string' || typeof value === 'number' ? value : undefined;

/** @param {string} taskId */
export async function taskView(taskId) {
  /** @type {import('../types.js').TaskDetail} */
  const task = await load(`/api/tasks/${encodeURIComponent(taskId)}`);
  remember(task.officialId, task.officialName);
  /** @type {OfficialDetail | Error} */
  const official = await load(`/api/officials/${encodeURIComponent(task.officialId)}`).catch(
    (err) => {
      if (err instanceof Abort) throw err;
      return err;
    },
  );
  if (!(official instanceof Error)) rememberNames(official);

  /** @type {import('../types.js').Child[]} */
  const out = [
    h('p', { class: 'crumbs' }, link('/inbox', `← ${t('task.back')}`)),
    h('h1', {}, taskName(task), task.overdue ? [' ', overdueBadge()] : null),
    facts([
      [
        t('task.official'),
        link(`/officials/${encodeURIComponent(task.officialId)}`, task.officialName),
      ],
      [t('task.village'), place(task.village)],
      [t('task.assignee'), assigneeText(task)],
      [t('task.created'), formatDateTime(task.createdAt)],
      [t('task.due'), formatDateTime(task.dueAt)],
      [t('task.requestNo'), task.requestNo],
      [
        t('task.case'),
        task.caseId ? link(`/cases/${encodeURIComponent(task.caseId)}`, task.caseId) : null,
      ],
      [t('task.month'), shown(task.data?.month)],
      [t('task.year'), shown(task.data?.year)],
      [t('task.leaveDays'), shown(task.data?.days)],
      [t('task.recordTitle'), recordTitle(task)],
    ]),
  ];
  if (typeof task.data?.selfReport === 'string') {
    out.push(
      h(
        'section',
        { 'aria-labelledby': 'report-h' },
        h('h2', { id: 'report-h' }, t('task.selfReport')),
        h('blockquote', { class: 'report' }, task.data.selfReport),
      ),
    );
  }
  out.push(taskContextSection(task));
  out.push(decisionSection(task, official instanceof Error ? null : official));
  out.push(
    h(
      'section',
      { class: 'profile', 'aria-labelledby': 'profile-h' },
      h('h2', { id: 'profile-h' }, t('task.profile')),
      ...(official instanceof Error ? [errorBox(official)] : profile(official, { compact: true })),
    ),
  );
  if (!(official instanceof Error)) out.push(timeline(official.timeline, { show: 6 }));
  return out;
}

/**
 * Why the system cancelled a task, as stored ("cancelled: vetting rejected"),
 * by the code the timeline gives the same cause (workflows/term/ledger.ts).
 * @type {Record<string, string | undefined>}
 */
const CANCEL_CAUSES = {
  'vetting rejected': 'vetting_ended',
  'candidate replaced': 'candidate_replaced',
  'recalled by exception': 'recalled_by_exception',
  'term closed': 'term_closed',
  'the official left the village': 'official_left',
  'recall approved': 'recall_approved',
  'successor screened_out': 'successor_screened_out',
  'successor rejected': 'successor_rejected',
  'successor withdrawn': 'successor_withdrawn',
};

/**
 * A closed task's outcome in words; a cancellation with its cause where the page knows it.
 * @param {string | undefined} outcome
 */
export function outcomeText(outcome) {
  const cancelled = /^cancelled: (.*)$/s.exec(outcome ?? '');
  if (!cancelled || getLang() === 'en') return label('outcome', outcome);
  const cause = CANCEL_CAUSES[cancelled[1]];
  return cause ? `${t('outcome.cancelled')}（${t(`because.${cause}`)}）` : t('outcome.cancelled');
}

/** @param {TaskDetail} task @param {OfficialDetail | null} official  null when it could not be loaded */
function decisionSection(task, official) {
  const section = h(
    'section',
    { class: 'decision', 'aria-labelledby': 'decision-h' },
    h('h2', { id: 'decision-h' }, t('task.decision')),
  );
  if (task.closedAt) {
    section.append(
      h(
        'p',
        { class: 'closed-note' },
        t('task.closed', {
          outcome: outcomeText(task.outcome),
          by: who(task.closedBy ?? 'system'),
          at: formatDateTime(task.closedAt),
        }),
      ),
    );
    return section;
  }
  if (task.kind === 'nominate_successor') {
    section.append(h('p', {}, t('task.viaNomination')));
    return section;
  }
  if (task.kind === 'sign_handover') {
    // append() leaves out a missing link; Element.append would write "null".
    append(section, [
      h('p', {}, t('task.viaCase')),
      task.caseId
        ? h('p', {}, link(`/cases/${encodeURIComponent(task.caseId)}`, t('task.openCase')))
        : null,
    ]);
    return section;
  }
  if (!task.canDecide) {
    section.append(h('p', { class: 'note' }, t('task.notYours', { who: assigneeText(task) })));
    return section;
  }
  section.append(decisionForm(task, official));
  return section;
}

/** @param {TaskDetail} task @param {OfficialDetail | null} official */
function decisionForm(task, official) {
  // One button per decision the kind accepts (domain/decisions.ts, served in vocabulary.js).
  const rules = TASK_DECISIONS[task.kind] ?? { approve: { reason: false, confirm: false } };
  const comment = h('textarea', { name: 'comment', rows: 3, maxlength: 2000 });
  const controls = [commentField(comment, rules)];
  /** The kind's own fields of an approval. @type {() => Partial<DecisionBody>} */
  let extra = () => ({});
  if (task.kind === 'close_attendance') {
    const days = daysInput(0, 31);
    controls.unshift(field('decision-days', t('task.days'), days, t('task.daysHint')));
    extra = () => ({ days: Number(days.value) });
  } else if (task.kind === 'rate_official') {
    const rating = select(
      'rating',
      [['', t('task.chooseRating')], ...RATINGS.map((r) => [r, label('rating', r)])],
      '',
    );
    rating.required = true;
    controls.unshift(field('decision-rating', t('task.rating'), rating));
    // The select offers only the schema's ratings (vocabulary.js); the API checks again.
    extra = () => ({ rating: /** @type {DecisionBody['rating']} */ (rating.value) });
  } else if (task.kind === 'self_report') {
    const report = h('textarea', { name: 'report', rows: 8, required: true, maxlength: 10000 });
    controls.unshift(field('decision-report', t('task.report'), report));
    extra = () => ({ report: report.value });
  }

  // On an objection, the decider reads what it is about before deciding.
  if (task.data?.objection !== undefined) controls.unshift(objectionFacts(task));
  const status = h('div', { class: 'form-status', id: 'decision-status' });
  const buttons = Object.entries(rules).map(([decision, rule], index) =>
    h(
      'button',
      {
        type: 'submit',
        class: rule.confirm ? 'reject' : index === 0 ? 'approve' : undefined,
        name: 'decision',
        value: decision,
        // Only the first decision needs the kind's own fields (days, rating, report).
        ...(index > 0 ? { formnovalidate: true } : {}),
      },
      decisionLabel(task.kind, decision),
    ),
  );
  // One key per attempt: a double click acts once; a new attempt after an error gets a new key.
  let idempotencyKey = crypto.randomUUID();

  const form = h(
    'form',
    { class: 'card', 'aria-describedby': 'decision-status' },
    ...controls,
    h('div', { class: 'buttons' }, ...buttons),
    status,
  );
  /**
   * Sends the decision (after the reason check, and for a rejection its second step).
   * @param {Decision} decision
   */
  const send = async (decision) => {
    status.replaceChildren(h('p', { class: 'pending' }, t('task.submitting')));
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      /** @type {import('../types.js').DecisionResult} */
      const result = await load(`/api/tasks/${encodeURIComponent(task.id)}/decision`, {
        method: 'POST',
        body: { decision, comment: comment.value, ...(decision === 'approve' ? extra() : {}) },
        headers: { 'idempotency-key': idempotencyKey },
      });
      await navigate('/inbox', {
        flash: t('task.decided', {
          task: taskName(task),
          official: official?.official?.name ?? task.officialName,
          outcome: label('outcome', decision),
          stage: label('stage', result.stage),
        }),
      });
    } catch (err) {
      if (err instanceof Abort) return;
      idempotencyKey = crypto.randomUUID();
      form.removeAttribute('aria-busy');
      const settled = err instanceof ApiError && (err.status === 409 || err.status === 403);
      const reload = settled ? h('p', {}, link(location.pathname, t('task.reload'))) : null;
      status.replaceChildren(errorBox(err, reload));
      // Decided by someone else, or not this person's to decide: trying again cannot help.
      for (const b of form.querySelectorAll('button')) b.disabled = settled;
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    // The button pressed; Enter in a field submits with none of them.
    const pressed = e.submitter instanceof HTMLButtonElement ? e.submitter.value : '';
    // The buttons' values are the kind's decisions, the keys of `rules`.
    const decision = /** @type {Decision} */ (pressed in rules ? pressed : Object.keys(rules)[0]);
    const rule = /** @type {import('../types.js').DecisionRule} */ (rules[decision]);
    // A decision that must say why (the workflow refuses one without, at the
    // policy's minimum): say so before sending.
    if (rule.reason && !comment.value.trim()) {
      // Approve and reject (a rejection, a reply to a request) in the page's
      // general words; the steps on an objection in their own.
      const why =
        decision === 'approve' || decision === 'reject'
          ? t('task.reasonRequired')
          : t('decision.reasonRequired');
      status.replaceChildren(h('div', { class: 'alert', role: 'alert' }, h('p', {}, why)));
      comment.focus();
      return;
    }
    if (!rule.confirm) return void send(decision);
    // What cannot be taken back: a second step names what it ends.
    confirmStep(status, {
      warning: consequenceOf(task.kind, decision),
      confirmLabel:
        decision === 'reject' ? t('task.confirmReject') : t(`decision.confirm.${decision}`),
      onConfirm: () => send(decision),
    });
  });
  return form;
}

/**
 * The comment field; where every decision of the kind must say why (a reply to
 * a request, an approval as much as a rejection), it is marked required and its
 * hint says so. The rule is the decision table's (domain/decisions.ts); the
 * form checks it again before sending, the workflow at the policy's minimum.
 * @param {HTMLTextAreaElement} comment
 * @param {Record<string, import('../types.js').DecisionRule>} rules
 */
function commentField(comment, rules) {
  const required = Object.values(rules).every((rule) => rule.reason);
  if (!required)
    return field('decision-comment', t('task.comment'), comment, t('task.commentHint'));
  comment.setAttribute('aria-required', 'true');
  return field('decision-comment', t('task.commentRequired'), comment, t('task.reasonHint'));
}

/**
 * A decision's button: approve and reject in the page's general words, the others in their own.
 * @param {TaskKind} kind
 * @param {string} decision
 */
function decisionLabel(kind, decision) {
  if (decision === 'approve')
    return APPROVE_ONLY.includes(kind) ? t('task.complete') : t('task.approve');
  if (decision === 'reject') return t('task.reject');
  return t(`decision.${decision}`);
}

/**
 * What a decision that cannot be taken back ends, in words.
 * @param {TaskKind} kind
 * @param {Decision} decision
 */
function consequenceOf(kind, decision) {
  if (decision !== 'reject') return t(`decision.consequence.${decision}`);
  return t(
    kind === 'vetting_reply' || kind === 'approve_dispatch'
      ? `task.rejectConsequence.${kind}`
      : 'task.rejectConsequence',
  );
}

/**
 * The objection a decision is about: the body's reasons, the county's question, a maintenance.
 * @param {Task} task  a task whose data carries an objection
 */
function objectionFacts(task) {
  const { body, objectionRequestNo, objection, question, followUpRequestNo, maintained } =
    task.data ?? {};
  /** @param {string} heading @param {unknown} value */
  const quoted = (heading, value) => {
    const text = shown(value);
    return text
      ? [h('p', { class: 'quote-label' }, heading), h('blockquote', { class: 'report' }, text)]
      : [];
  };
  return h(
    'div',
    { class: 'objection', id: 'objection-facts' },
    quoted(
      t('objection.raised', { body: label('body', shown(body)), requestNo: objectionRequestNo }),
      objection,
    ),
    quoted(t('objection.question'), question),
    quoted(t('objection.maintained', { requestNo: followUpRequestNo ?? '' }), maintained),
  );
}
