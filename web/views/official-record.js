// Two reads on one official's record that the profile does not load by
// itself: the term's decided tasks (who closed each, how, when) and a check of
// the decision log's hash chain. Each is asked for with a button, so the
// profile stays one request.
import { errorBox, h, link } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { Abort, load } from '../router.js';
import { who } from '../session.js';
import { taskName } from './inbox.js';
import { outcomeText } from './task.js';

/**
 * A section whose content a button loads once; an error stays in the section
 * and the button can ask again.
 * @param {{ id: string, title: string, hint: string, button: string, show: () => Promise<import('../types.js').Child> }} spec
 */
function onDemand({ id, title, hint, button, show }) {
  const out = h('div', { id: `${id}-result`, 'aria-live': 'polite' });
  const ask = h('button', { type: 'button', id: `${id}-button` }, button);
  const run = async () => {
    ask.disabled = true;
    out.replaceChildren();
    try {
      out.append(h('div', {}, await show()));
      ask.remove();
    } catch (err) {
      if (err instanceof Abort) return;
      out.append(errorBox(err));
      ask.disabled = false;
    }
  };
  ask.addEventListener('click', () => void run());
  return h(
    'section',
    { 'aria-labelledby': `${id}-h`, id },
    h('h2', { id: `${id}-h` }, title),
    h('p', { class: 'hint' }, hint),
    ask,
    out,
  );
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
      if (!page.items.length) return h('p', { class: 'empty' }, t('official.noDecidedTasks'));
      return h(
        'ul',
        { class: 'plain' },
        page.items.map((task) =>
          h(
            'li',
            {},
            link(`/tasks/${encodeURIComponent(task.id)}`, taskName(task)),
            ` · ${outcomeText(task.outcome)} · ${who(task.closedBy ?? 'system')} · `,
            task.closedAt ? formatDateTime(task.closedAt) : '',
          ),
        ),
      );
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
        return h('p', { class: 'verdict ok' }, t('official.chainOk', { n: verdict.entries }));
      return h(
        'p',
        { class: 'alert', role: 'alert' },
        t('official.chainBroken', { at: verdict.brokenAt ?? '?', n: verdict.entries }),
      );
    },
  });
}
