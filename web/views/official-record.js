// Two reads on one official's record that the profile does not load by
// itself: the term's decided tasks (who closed each, how, when) and a check of
// the decision log's hash chain. Each is asked for with a button, so the
// profile stays one request.
import { formatDateTime, t } from '../i18n.js';
import { html, nothing } from '../lit.js';
import { errorBox, link, stateful } from '../parts.js';
import { Abort, load } from '../router.js';
import { who } from '../session.js';
import { taskName } from './inbox.js';
import { outcomeText } from './task.js';

/**
 * A section whose content a button loads once; an error stays in the section
 * and the button can ask again.
 * @param {{ id: string, title: string, hint: string, button: string, show: () => Promise<unknown> }} spec
 */
function onDemand({ id, title, hint, button, show }) {
  /** @type {{ busy: boolean, shown: unknown, error: unknown }} */
  const initial = { busy: false, shown: undefined, error: undefined };
  const content = stateful(initial, ({ busy, shown, error }, update) => {
    const run = async () => {
      update({ busy: true, shown: undefined, error: undefined });
      try {
        update({ busy: false, shown: await show() });
      } catch (err) {
        if (err instanceof Abort) return;
        update({ busy: false, error: err });
      }
    };
    return html`<h2 id="${id}-h">${title}</h2>
      <p class="hint">${hint}</p>
      ${shown === undefined
        ? html`<button type="button" id="${id}-button" ?disabled=${busy} @click=${() => void run()}>
            ${button}
          </button>`
        : nothing}
      <div id="${id}-result" aria-live="polite">
        ${shown !== undefined ? html`<div>${shown}</div>` : error ? errorBox(error) : nothing}
      </div>`;
  });
  return html`<section aria-labelledby="${id}-h" id=${id} ${content}></section>`;
}

/** @param {string} officialId */
export function decidedTasks(officialId) {
  return onDemand({
    id: 'decided-tasks',
    title: t('official.decidedTasks'),
    hint: t('official.decidedTasksHint'),
    button: t('official.showDecidedTasks'),
    show: async () => {
      /** @type {import('../types.js').OfficialTasks} */
      const page = await load(`/api/officials/${encodeURIComponent(officialId)}/tasks?open=false`);
      if (!page.items.length) return html`<p class="empty">${t('official.noDecidedTasks')}</p>`;
      return html`<ul class="plain">
        ${page.items.map(
          (task) =>
            html`<li>
              ${link(`/tasks/${encodeURIComponent(task.id)}`, taskName(task))} ·
              ${outcomeText(task.outcome)} · ${who(task.closedBy ?? 'system')} ·
              ${task.closedAt ? formatDateTime(task.closedAt) : ''}
            </li>`,
        )}
      </ul>`;
    },
  });
}

/** @param {string} officialId */
export function chainCheck(officialId) {
  return onDemand({
    id: 'chain-check',
    title: t('official.chain'),
    hint: t('official.chainHint'),
    button: t('official.verifyChain'),
    show: async () => {
      /** @type {import('../types.js').ChainVerdict} */
      const verdict = await load(`/api/officials/${encodeURIComponent(officialId)}/log/verify`);
      if (verdict.ok)
        return html`<p class="verdict ok">${t('official.chainOk', { n: verdict.entries })}</p>`;
      return html`<p class="alert" role="alert">
        ${t('official.chainBroken', { at: verdict.brokenAt ?? '?', n: verdict.entries })}
      </p>`;
    },
  });
}
