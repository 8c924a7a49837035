// Sessions: the local stack's sign-in, or Cognito's authorization code flow with PKCE. Tokens live in
// sessionStorage so they end with the tab and never reach another site.
import { api } from './api.js';

const KEY = 'invoicescanner.session';
const PKCE = 'invoicescanner.pkce';

/** The JWT's claims, or {} when the token is not a JWT (e.g. an opaque local key). */
export function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part + '='.repeat((4 - (part.length % 4)) % 4)), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

function groupsOf(token) {
  const c = claims(token);
  const g = c['cognito:groups'] || c.groups || [];
  return Array.isArray(g) ? g : String(g).split(/[ ,]+/);
}

export function session() {
  let s = null;
  try { s = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch { s = null; }
  if (!s || !s.token) return null;
  if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return s;
}

export const token = () => session()?.token || null;
export const isOperator = () => !!session()?.operator;

function store(tok, expiresAt, user, operatorHint) {
  const operator = groupsOf(tok).includes('operators') || !!operatorHint;
  sessionStorage.setItem(KEY, JSON.stringify({ token: tok, expiresAt, user, operator }));
}

export function signOut() { sessionStorage.removeItem(KEY); }

/** Local stack only: POST /local/sign-in {user, operator} → {token, expiresAt}. */
export async function localSignIn(user, operator) {
  const { data } = await api('POST', '/local/sign-in', { body: { user, operator }, auth: false });
  if (!data || !data.token) throw new Error('The sign-in answer had no token.');
  // The checkbox is only a hint: the token's groups decide when it carries them.
  const fromToken = groupsOf(data.token);
  store(data.token, data.expiresAt, user, fromToken.length ? fromToken.includes('operators') : operator);
}

function b64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(n) {
  const a = new Uint8Array(n);
  crypto.getRandomValues(a);
  return b64url(a);
}

/** Sends the browser to Cognito's hosted UI; the verifier and state wait in sessionStorage for the way back. */
export async function cognitoStart(auth) {
  if (!crypto.subtle) throw new Error('This page needs a secure context (https) to sign in.');
  const verifier = random(48);
  const state = random(16);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  sessionStorage.setItem(PKCE, JSON.stringify({ verifier, state }));
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: auth.scopes || 'openid email',
    state,
    code_challenge: b64url(new Uint8Array(digest)),
    code_challenge_method: 'S256',
  });
  location.assign(`${auth.domain.replace(/\/+$/, '')}/oauth2/authorize?${q}`);
}

/** On the way back from Cognito (?code=&state=): checks state, exchanges the code. Returns false when not a callback. */
export async function cognitoFinish(auth) {
  const q = new URLSearchParams(location.search);
  if (!q.has('code') && !q.has('error')) return false;
  const clean = () => history.replaceState(null, '', `${location.pathname}#/`);
  const saved = JSON.parse(sessionStorage.getItem(PKCE) || 'null');
  sessionStorage.removeItem(PKCE);
  try {
    if (q.has('error')) throw new Error(`Sign-in failed: ${q.get('error_description') || q.get('error')}`);
    if (!saved || q.get('state') !== saved.state) throw new Error('Sign-in failed: the answer did not match this sign-in (state). Please try again.');
    const res = await fetch(`${auth.domain.replace(/\/+$/, '')}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: auth.clientId,
        code: q.get('code'),
        redirect_uri: auth.redirectUri,
        code_verifier: saved.verifier,
      }),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(`Sign-in failed: ${body.error_description || body.error || res.status}`);
    // The API's JWT authorizer checks audience = client id, which only the id_token carries.
    const tok = body.id_token || body.access_token;
    const c = claims(tok);
    const expiresAt = new Date(Date.now() + (body.expires_in || 3600) * 1000).toISOString();
    store(tok, expiresAt, c.email || c['cognito:username'] || c.sub || 'signed in', false);
    return true;
  } finally {
    clean();
  }
}
