// One task: what it is about, and the decision form when it waits for the
// signed-in actor.
import { confirmStep } from '../actions.js';
import { formatDateTime, getLang, hasWords, label, paren, place, t } from '../i18n.js';
import { html, ifDefined, nothing, render } from '../lit.js';
import {
  daysInput,
  describedBy,
  errorBox,
  facts,
  field,
  link,
  overdueBadge,
  reportQuote,
  select,
} from '../parts.js';
import { Abort, load, navigate } from '../router.js';
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

  const badge = task.overdue ? html` ${overdueBadge()}` : nothing;
  const officialLink = link(`/officials/${encodeURIComponent(task.officialId)}`, task.officialName);
  const caseLink = task.caseId
    ? link(`/cases/${encodeURIComponent(task.caseId)}`, task.caseId)
    : null;
  return html`<p class="crumbs">${link('/inbox', `← ${t('task.back')}`)}</p>
    <h1>${taskName(task)}${badge}</h1>
    ${facts([
      [t('task.official'), officialLink],
      [t('task.village'), place(task.village)],
      [t('task.assignee'), assigneeText(task)],
      [t('task.created'), formatDateTime(task.createdAt)],
      [t('task.due'), formatDateTime(task.dueAt)],
      [t('task.requestNo'), task.requestNo],
      [t('task.case'), caseLink],
      [t('task.month'), shown(task.data?.month)],
      [t('task.year'), shown(task.data?.year)],
      [t('task.leaveDays'), shown(task.data?.days)],
      [t('task.recordTitle'), recordTitle(task)],
    ])}
    ${typeof task.data?.selfReport === 'string'
      ? html`<section aria-labelledby="report-h">
          <h2 id="report-h">${t('task.selfReport')}</h2>
          ${reportQuote(task.data.selfReport)}
        </section>`
      : nothing}
    ${taskContextSection(task)}
    ${decisionSection(task, official instanceof Error ? null : official)}
    <section class="profile" aria-labelledby="profile-h">
      <h2 id="profile-h">${t('task.profile')}</h2>
      ${official instanceof Error ? errorBox(official) : profile(official, { compact: true })}
    </section>
    ${official instanceof Error ? nothing : timeline(official.timeline, { show: 6 })}`;
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
  return html`<section class="decision" aria-labelledby="decision-h">
    <h2 id="decision-h">${t('task.decision')}</h2>
    ${decisionBody(task, official)}
  </section>`;
}

/** What the decision section holds: the form, or why there is none. @param {TaskDetail} task @param {OfficialDetail | null} official */
function decisionBody(task, official) {
  if (task.closedAt) {
    const note = t('task.closed', {
      outcome: outcomeText(task.outcome),
      by: who(task.closedBy ?? 'system'),
      at: formatDateTime(task.closedAt),
    });
    return html`<p class="closed-note">${note}</p>`;
  }
  if (task.kind === 'nominate_successor') {
    // The unit nominates from here: the form knows whom the successor replaces.
    const nominate = `/nominate?${new URLSearchParams({ replaces: task.officialId, village: task.village })}`;
    return html`<p>${t('task.viaNomination')}</p>
      ${task.canDecide ? html`<p>${link(nominate, t('case.nominateSuccessorLink'))}</p>` : nothing}`;
  }
  if (task.kind === 'sign_handover') {
    const open = task.caseId
      ? html`<p>${link(`/cases/${encodeURIComponent(task.caseId)}`, t('task.openCase'))}</p>`
      : nothing;
    return html`<p>${t('task.viaCase')}</p>
      ${open}`;
  }
  if (!task.canDecide)
    return html`<p class="note">${t('task.notYours', { who: assigneeText(task) })}</p>`;
  return decisionForm(task, official);
}

/**
 * A control of the decision form by its name, as typed (untrimmed).
 * @param {HTMLFormElement} form
 * @param {string} name
 */
const control = (form, name) =>
  /** @type {HTMLTextAreaElement | HTMLInputElement | HTMLSelectElement} */ (
    form.elements.namedItem(name)
  );

/** @param {TaskDetail} task @param {OfficialDetail | null} official */
function decisionForm(task, official) {
  // One button per decision the kind accepts (domain/decisions.ts, served in vocabulary.js).
  const rules = TASK_DECISIONS[task.kind] ?? { approve: { reason: false, confirm: false } };
  /** @type {unknown[]} */
  const controls = [commentField(rules)];
  /** The kind's own fields of an approval. @type {(form: HTMLFormElement) => Partial<DecisionBody>} */
  let extra = () => ({});
  if (task.kind === 'close_attendance') {
    const hint = t('task.daysHint');
    controls.unshift(
      field(
        { id: 'decision-days', label: t('task.days'), hint },
        daysInput({ id: 'decision-days', min: 0, max: 31, hint }),
      ),
    );
    extra = (form) => ({ days: Number(control(form, 'days').value) });
  } else if (task.kind === 'rate_official') {
    const options = [['', t('task.chooseRating')], ...RATINGS.map((r) => [r, label('rating', r)])];
    controls.unshift(
      field(
        { id: 'decision-rating', label: t('task.rating') },
        select({ id: 'decision-rating', name: 'rating', options, value: '', required: true }),
      ),
    );
    // The select offers only the schema's ratings (vocabulary.js); the API checks again.
    extra = (form) => ({
      rating: /** @type {DecisionBody['rating']} */ (control(form, 'rating').value),
    });
  } else if (task.kind === 'self_report') {
    controls.unshift(
      field(
        { id: 'decision-report', label: t('task.report') },
        html`<textarea
          id="decision-report"
          name="report"
          rows="8"
          required
          maxlength="10000"
        ></textarea>`,
      ),
    );
    extra = (form) => ({ report: control(form, 'report').value });
  }

  // On an objection, the decider reads what it is about before deciding.
  if (task.data?.objection !== undefined) controls.unshift(objectionFacts(task));
  // One button per decision the kind accepts (domain/decisions.ts, served in vocabulary.js).
  const buttons = Object.entries(rules).map(([decision, rule], index) => {
    const cls = rule.confirm ? 'reject' : index === 0 ? 'approve' : undefined;
    const text = decisionLabel(task.kind, decision);
    // Only the first decision needs the kind's own fields (days, rating, report).
    const novalidate = index > 0;
    // One line: the button's text is its whole textContent, no space around it.
    // prettier-ignore
    return html`<button type="submit" class=${ifDefined(cls)} name="decision" value=${decision} ?formnovalidate=${novalidate}>${text}</button>`;
  });
  // One key per attempt: a double click acts once; a new attempt after an error gets a new key.
  let idempotencyKey = crypto.randomUUID();

  /**
   * Sends the decision (after the reason check, and for a rejection its second step).
   * @param {HTMLFormElement} form
   * @param {Decision} decision
   */
  const send = async (form, decision) => {
    const status = statusOf(form);
    render(html`<p class="pending">${t('task.submitting')}</p>`, status);
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      /** @type {import('../types.js').DecisionResult} */
      const result = await load(`/api/tasks/${encodeURIComponent(task.id)}/decision`, {
        method: 'POST',
        body: {
          decision,
          comment: control(form, 'comment').value,
          ...(decision === 'approve' ? extra(form) : {}),
        },
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
      const reload = settled ? html`<p>${link(location.pathname, t('task.reload'))}</p>` : nothing;
      render(errorBox(err, reload), status);
      // Decided by someone else, or not this person's to decide: trying again cannot help.
      for (const b of form.querySelectorAll('button')) b.disabled = settled;
    }
  };

  /** @param {SubmitEvent} e */
  const onSubmit = (e) => {
    e.preventDefault();
    const form = /** @type {HTMLFormElement} */ (e.currentTarget);
    const status = statusOf(form);
    const comment = control(form, 'comment');
    // The button pressed; Enter in a field submits with none of them.
    const pressed = e.submitter instanceof HTMLButtonElement ? e.submitter.value : '';
    // The buttons' values are the kind's decisions, the keys of `rules`.
    const decision = /** @type {Decision} */ (pressed in rules ? pressed : Object.keys(rules)[0]);
    const rule = /** @type {import('../types.js').DecisionRule} */ (rules[decision]);
    // A decision that must say why (the workflow refuses one without, at the
    // policy's minimum): say so before sending.
    if (rule.reason && !comment.value.trim()) {
      const why =
        // Approve and reject (a rejection, a reply to a request) in the page's
        // general words; the steps on an objection in their own.
        decision === 'approve' || decision === 'reject'
          ? t('task.reasonRequired')
          : t('decision.reasonRequired');
      render(html`<div class="alert" role="alert"><p>${why}</p></div>`, status);
      comment.focus();
      return;
    }
    if (!rule.confirm) return void send(form, decision);
    // What cannot be taken back: a second step names what it ends.
    confirmStep(status, {
      warning: consequenceOf(task.kind, decision),
      confirmLabel:
        decision === 'reject' ? t('task.confirmReject') : t(`decision.confirm.${decision}`),
      onConfirm: () => send(form, decision),
    });
  };

  return html`<form class="card" aria-describedby="decision-status" @submit=${onSubmit}>
    ${controls}
    <div class="buttons">${buttons}</div>
    <div class="form-status" id="decision-status"></div>
  </form>`;
}

/** The decision form's status region. @param {HTMLFormElement} form */
const statusOf = (form) => /** @type {HTMLElement} */ (form.querySelector('#decision-status'));

/**
 * The comment field; where every decision of the kind must say why (a reply to
 * a request, an approval as much as a rejection), it is marked required and its
 * hint says so. The rule is the decision table's (domain/decisions.ts); the
 * form checks it again before sending, the workflow at the policy's minimum.
 * @param {Record<string, import('../types.js').DecisionRule>} rules
 */
function commentField(rules) {
  const required = Object.values(rules).every((rule) => rule.reason);
  const hint = required ? t('task.reasonHint') : t('task.commentHint');
  return field(
    {
      id: 'decision-comment',
      label: required ? t('task.commentRequired') : t('task.comment'),
      hint,
    },
    html`<textarea
      id="decision-comment"
      name="comment"
      rows="3"
      maxlength="2000"
      aria-required=${required ? 'true' : nothing}
      aria-describedby=${describedBy('decision-comment', hint)}
    ></textarea>`,
  );
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
      ? html`<p class="quote-label">${heading}</p>
          ${reportQuote(text)}`
      : nothing;
  };
  const raised = t('objection.raised', {
    body: label('body', shown(body)),
    requestNo: objectionRequestNo,
  });
  return html`<div class="objection" id="objection-facts">
    ${quoted(raised, objection)} ${quoted(t('objection.question'), question)}
    ${quoted(t('objection.maintained', { requestNo: followUpRequestNo ?? '' }), maintained)}
  </div>`;
}
