// The API client: adds the bearer token, turns every non-2xx answer into an ApiError with the envelope's code.
let base = '';
let getToken = () => null;
let onUnauthorized = () => {};

export function configureApi(opts) {
  base = (opts.apiUrl || '').replace(/\/+$/, '');
  getToken = opts.getToken;
  onUnauthorized = opts.onUnauthorized;
}

export class ApiError extends Error {
  constructor(status, code, message, details, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

/** Reads the error envelope; AWS gateway answers are {"message"} only, so the status code is the fallback. */
async function toError(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  const e = body && body.error;
  if (e) return new ApiError(res.status, e.code || `HTTP_${res.status}`, e.message || res.statusText, e.details, e.requestId);
  const msg = (body && body.message) || res.statusText || 'The request failed.';
  const code = res.status === 401 ? 'UNAUTHORIZED' : `HTTP_${res.status}`;
  return new ApiError(res.status, code, msg);
}

/**
 * api('GET', '/invoices') → {status, etag, data}; with raw: true the Response itself (for downloads).
 * auth: false leaves the token out (sign-in) and keeps a 401 from logging anyone out.
 */
export async function api(method, path, { body, headers = {}, raw = false, auth = true } = {}) {
  const h = { accept: 'application/json', ...headers };
  const token = auth ? getToken() : null;
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(base + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, 'NETWORK_ERROR', `The API could not be reached (${err.message}).`);
  }
  if (!res.ok) {
    const err = await toError(res);
    if (res.status === 401 && auth) {
      err.handled = true; // the sign-in page explains it; views need not repeat it
      onUnauthorized(err);
    }
    throw err;
  }
  if (raw) return res;
  const text = res.status === 204 ? '' : await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { throw new ApiError(res.status, 'BAD_RESPONSE', 'The API answered something that is not JSON.'); }
  }
  return { status: res.status, etag: res.headers.get('etag'), data };
}

export const enc = encodeURIComponent;
