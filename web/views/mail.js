// Reminder mail caught by the embedded mail catcher (demo deployments only).
import { formatDateTime, t } from '../i18n.js';
import { html, nothing } from '../lit.js';
import { facts } from '../parts.js';
import { linkPagePaths, load } from '../router.js';
import { ApiError } from '../session.js';

export async function mailView() {
  const heading = html`<h1>${t('mail.title')}</h1>`;
  /** @type {import('../types.js').MailPage} */
  let page;
  try {
    page = await load('/api/mail?limit=50');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404)
      return html`${heading}
        <p class="note">${t('mail.unavailable')}</p>`;
    throw err;
  }
  const intro = html`<p>${t('mail.intro')}</p>`;
  if (!page.items.length)
    return html`${heading} ${intro}
      <p class="empty">${t('mail.empty')}</p>`;
  return html`${heading} ${intro}
    <ul class="mail">
      ${page.items.map(mailItem)}
    </ul>`;
}

/** @param {import('../types.js').MailPage['items'][number]} m */
function mailItem(m) {
  // Text only: the HTML part of a mail is never put into the page.
  const text = m.text ? html`<pre class="mail-text">${linkPagePaths(m.text)}</pre>` : nothing;
  return html`<li class="card">
    <h2>${m.subject ?? '—'}</h2>
    ${facts([
      [t('mail.to'), m.to.join(', ')],
      [t('mail.from'), m.from],
      [t('mail.at'), formatDateTime(m.receivedAt)],
    ])}
    ${text}
  </li>`;
}
