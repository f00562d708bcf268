// Sign-in: the demo actors when the deployment is embedded, or a bearer token.
import { person, place, t } from '../i18n.js';
import { createRef, html, nothing, ref, render } from '../lit.js';
import { errorBox, field } from '../parts.js';
import { signIn } from '../router.js';
import { actorRole, session } from '../session.js';

export function signInView() {
  return html`<h1>${t('signIn.title')}</h1>
    <p>${t('signIn.intro')}</p>
    ${session.demo ? demoActors(session.demo) : nothing} ${tokenForm()}`;
}

/**
 * The embedded demo's actors, each a button that signs in as them.
 * @param {NonNullable<typeof session.demo>} actors
 */
function demoActors(actors) {
  /** @type {import('../vendor/lit-html/directives/ref.js').Ref<HTMLElement>} */
  const status = createRef();
  /** @param {(typeof actors)[number]} a */
  const actor = (a) => {
    const onClick = () =>
      void signIn(a.token).catch((err) => {
        if (status.value) render(errorBox(err), status.value);
      });
    const name = html`<span class="actor-name">${person(a.id, a.name)}</span>`;
    const role = html`<span class="actor-role">${actorRole(a)} · ${place(a.jurisdiction)}</span>`;
    return html`<li>
      <button type="button" class="actor" data-actor=${a.id} @click=${onClick}>
        ${name}${role}
      </button>
    </li>`;
  };
  return html`<section aria-labelledby="demo-h">
    <h2 id="demo-h">${t('signIn.demo')}</h2>
    <p>${t('signIn.demoIntro')}</p>
    <ul class="actors">
      ${actors.map(actor)}
    </ul>
    <div class="form-status" ${ref(status)}></div>
  </section>`;
}

/** A bearer token pasted in (production: from the identity provider). */
function tokenForm() {
  /** @param {SubmitEvent} e */
  const onSubmit = async (e) => {
    e.preventDefault();
    const form = /** @type {HTMLFormElement} */ (e.currentTarget);
    const status = /** @type {HTMLElement} */ (form.querySelector('.form-status'));
    const area = /** @type {HTMLTextAreaElement} */ (form.elements.namedItem('token'));
    const token = area.value.trim().replace(/^Bearer\s+/i, '');
    render(nothing, status);
    try {
      await signIn(token);
    } catch (err) {
      render(errorBox(err), status);
    }
  };
  return html`<section aria-labelledby="token-h">
    <h2 id="token-h">${t('signIn.token')}</h2>
    <p>${t('signIn.tokenIntro')}</p>
    <form class="card" @submit=${onSubmit}>
      ${field(
        { id: 'token-input', label: t('signIn.tokenLabel') },
        html`<textarea
          id="token-input"
          name="token"
          rows="4"
          required
          autocomplete="off"
          spellcheck="false"
        ></textarea>`,
      )}
      <button type="submit" class="primary">${t('signIn.submit')}</button>
      <div class="form-status"></div>
    </form>
  </section>`;
}
