// Boot: read /config.json, wire the API client to the session, then render a view per hash route.
import { configureApi } from './api.js';
import * as auth from './auth.js';
import { startRouter, go } from './router.js';
import { h, initMessages, say, sayError } from './ui.js';
import { renderSignIn } from './view-signin.js';
import { renderList } from './view-list.js';
import { renderReview } from './view-review.js';
import { renderDetail } from './view-detail.js';

const view = document.getElementById('view');
let dispose = () => {};
let config = { apiUrl: '', auth: { mode: 'local' } };

async function loadConfig() {
  try {
    const res = await fetch('/config.json', { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const c = await res.json();
    return { apiUrl: c.apiUrl || '', auth: c.auth || { mode: 'local' } };
  } catch (err) {
    say(`Could not read /config.json (${err.message}); assuming the local stack.`, 'error');
    return config;
  }
}

function showChrome(s) {
  document.getElementById('nav').hidden = !s;
  document.getElementById('who').hidden = !s;
  document.getElementById('who-name').textContent = s ? `${s.user || ''}${s.operator ? ' (operator)' : ''}` : '';
}

function markTab(name) {
  for (const [id, on] of [['tab-invoices', name === 'list'], ['tab-review', name === 'review']]) {
    const a = document.getElementById(id);
    if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}

function route(r) {
  dispose();
  dispose = () => {};
  const s = auth.session();
  if (!s && r.name !== 'sign-in') { go('#/sign-in'); return; }
  showChrome(s);
  markTab(r.name);
  view.replaceChildren();
  const ctx = { config, onSignedIn: () => go('#/') };
  let d;
  if (r.name === 'sign-in') d = renderSignIn(view, ctx);
  else if (r.name === 'list') d = renderList(view, ctx);
  else if (r.name === 'review') d = renderReview(view, ctx);
  else if (r.name === 'detail') d = renderDetail(view, { ...ctx, id: r.id });
  else view.append(h('h1', { text: 'Not found' }), h('p', {}, h('a', { href: '#/', text: 'Back to the invoices' })));
  dispose = typeof d === 'function' ? d : () => {};
  // Move focus to the new content so keyboard and screen reader users start at its heading.
  const heading = view.querySelector('h1');
  if (heading && document.activeElement === document.body) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
}

async function boot() {
  initMessages(document.getElementById('message'));
  config = await loadConfig();
  configureApi({
    apiUrl: config.apiUrl,
    getToken: auth.token,
    onUnauthorized: (err) => {
      auth.signOut();
      say(`Your session is no longer valid (${err.message}); please sign in again.`, 'error');
      go('#/sign-in');
    },
  });
  document.getElementById('signout').addEventListener('click', () => {
    auth.signOut();
    say('Signed out.');
    go('#/sign-in');
  });
  if (config.auth.mode === 'cognito') {
    try {
      if (await auth.cognitoFinish(config.auth)) say('Signed in.');
    } catch (err) {
      sayError(err);
    }
  }
  startRouter(route);
}

boot();
