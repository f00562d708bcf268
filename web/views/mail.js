// Reminder mail caught by the embedded mail catcher (demo deployments only).
import { facts, h } from '../dom.js';
import { formatDateTime, t } from '../i18n.js';
import { linkPagePaths, load } from '../router.js';
import { ApiError } from '../session.js';

export async function mailView() {
  /** @type {import('../types.js').Child[]} */
  const out = [h('h1', {}, t('mail.title'))];
  /** @type {import('../types.js').MailPage} */
  let page;
  try {
    page = await load('/api/mail?limit=50');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404)
      return [...out, h('p', { class: 'note' }, t('mail.unavailable'))];
    throw err;
  }
  out.push(h('p', {}, t('mail.intro')));
  if (!page.items.length) return [...out, h('p', { class: 'empty' }, t('mail.empty'))];
  out.push(
    h(
      'ul',
      { class: 'mail' },
      page.items.map((m) =>
        h(
          'li',
          { class: 'card' },
          h('h2', {}, m.subject ?? '—'),
          facts([
            [t('mail.to'), m.to.join(', ')],
            [t('mail.from'), m.from],
            [t('mail.at'), formatDateTime(m.receivedAt)],
          ]),
          // Text only: the HTML part of a mail is never put into the page.
          m.text ? h('pre', { class: 'mail-text' }, linkPagePaths(m.text)) : null,
        ),
      ),
    ),
  );
  return out;
}
