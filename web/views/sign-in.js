// Sign-in: the demo actors when the deployment is embedded, or a bearer token.
import { errorBox, field, h } from '../dom.js';
import { person, place, t } from '../i18n.js';
import { signIn } from '../router.js';
import { actorRole, session } from '../session.js';

export function signInView() {
  /** @type {import('../types.js').Child[]} */
  const out = [h('h1', {}, t('signIn.title')), h('p', {}, t('signIn.intro'))];
  if (session.demo) {
    const list = h('ul', { class: 'actors' });
    const demoStatus = h('div', { class: 'form-status' });
    for (const a of session.demo) {
      list.append(
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'actor',
              'data-actor': a.id,
              onclick: () =>
                void signIn(a.token).catch((err) => demoStatus.replaceChildren(errorBox(err))),
            },
            h('span', { class: 'actor-name' }, person(a.id, a.name)),
            h('span', { class: 'actor-role' }, `${actorRole(a)} · ${place(a.jurisdiction)}`),
          ),
        ),
      );
    }
    out.push(
      h(
        'section',
        { 'aria-labelledby': 'demo-h' },
        h('h2', { id: 'demo-h' }, t('signIn.demo')),
        h('p', {}, t('signIn.demoIntro')),
        list,
        demoStatus,
      ),
    );
  }
  const area = h('textarea', {
    name: 'token',
    rows: 4,
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const status = h('div', { class: 'form-status' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (e) => {
        e.preventDefault();
        const token = area.value.trim().replace(/^Bearer\s+/i, '');
        status.replaceChildren();
        try {
          await signIn(token);
        } catch (err) {
          status.append(errorBox(err));
        }
      },
    },
    field('token-input', t('signIn.tokenLabel'), area),
    h('button', { type: 'submit', class: 'primary' }, t('signIn.submit')),
    status,
  );
  out.push(
    h(
      'section',
      { 'aria-labelledby': 'token-h' },
      h('h2', { id: 'token-h' }, t('signIn.token')),
      h('p', {}, t('signIn.tokenIntro')),
      form,
    ),
  );
  return out;
}
