// Sign-in: the local stack's user-name form, or a button into Cognito's hosted UI.
import * as auth from './auth.js';
import { h, say, sayError, uid } from './ui.js';

export function renderSignIn(root, { config, onSignedIn }) {
  const current = auth.session();
  root.append(h('h1', { text: 'Sign in' }));
  if (current) root.append(h('p', { text: `You are signed in as ${current.user}. Signing in again replaces that session.` }));
  if (config.auth.mode === 'cognito') {
    const btn = h('button', { type: 'button', class: 'primary', 'data-test': 'signin-submit', text: 'Sign in' });
    btn.addEventListener('click', async () => {
      btn.disabled = true;
      try { await auth.cognitoStart(config.auth); } catch (err) { sayError(err); btn.disabled = false; }
    });
    root.append(h('p', { text: 'You will be sent to the sign-in page of your organisation and back.' }), btn);
    return;
  }

  const userId = uid('user');
  const opId = uid('op');
  const user = h('input', { id: userId, name: 'user', 'data-test': 'signin-user', required: true, autocomplete: 'username', maxlength: 128 });
  const op = h('input', { id: opId, type: 'checkbox', name: 'operator', 'data-test': 'signin-operator' });
  const submit = h('button', { type: 'submit', class: 'primary', 'data-test': 'signin-submit', text: 'Sign in' });
  const form = h('form', { class: 'signin' },
    h('p', { class: 'banner', role: 'note', text: 'Local development sign-in — only on the local stack' }),
    h('div', { class: 'field' }, h('label', { for: userId, text: 'User name' }), user),
    h('div', { class: 'check' }, op, h('label', { for: opId, text: 'Member of the operators group' })),
    submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = user.value.trim();
    if (!name) { say('Enter a user name.', 'error'); user.focus(); return; }
    submit.disabled = true;
    try {
      await auth.localSignIn(name, op.checked);
      say(`Signed in as ${name}${op.checked ? ' (operator)' : ''}.`);
      onSignedIn();
    } catch (err) {
      sayError(err);
      submit.disabled = false;
    }
  });
  root.append(form);
  user.focus();
}
