// Small DOM helpers. Text always goes in through text nodes, never innerHTML, so API data cannot inject markup.
const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'required', 'multiple', 'selected', 'open']);

export function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = String(v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, kids);
  return el;
}

function append(el, kids) {
  for (const c of kids.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

let area = null;
let seq = 0;
export function initMessages(el) { area = el; }

/** Shows the last info or error message in the one role="status" area. */
export function say(text, kind = 'info') {
  if (!area) return;
  area.textContent = text;
  area.dataset.kind = kind;
  area.dataset.seq = String(++seq);
}

/** An API error as "message (CODE)" plus every refused input from details. */
export function errorText(err) {
  if (!err) return 'Something went wrong.';
  const code = err.code ? ` (${err.code})` : '';
  let text = `${err.message || 'Something went wrong.'}${code}`;
  if (err.details && typeof err.details === 'object') {
    const parts = Object.entries(err.details).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
    if (parts.length) text += ` — ${parts.join('; ')}`;
  }
  if (err.requestId) text += ` [request ${err.requestId}]`;
  return text;
}

export function sayError(err) { if (!err || !err.handled) say(errorText(err), 'error'); }

let ids = 0;
export function uid(prefix) { return `${prefix}-${++ids}`; }

/**
 * A modal <dialog>: focus moves into it and back to the opener when it closes.
 * Resolves true on confirm, false on cancel or Escape. Required inputs in `content` are checked by the form.
 */
export function askDialog({ title, content = [], confirmLabel = 'OK', confirmTest, danger = false }) {
  return new Promise((resolve) => {
    const opener = document.activeElement;
    const titleId = uid('dlg');
    const confirm = h('button', { type: 'submit', class: danger ? 'danger' : 'primary', 'data-test': confirmTest, text: confirmLabel });
    const cancel = h('button', { type: 'button', text: 'Cancel' });
    const form = h('form', { method: 'dialog' }, h('h2', { id: titleId, text: title }), content,
      h('div', { class: 'actions' }, confirm, cancel));
    const dlg = h('dialog', { 'aria-labelledby': titleId }, form);
    let settled = false;
    const done = (value) => {
      if (settled) return;
      settled = true;
      if (dlg.open) dlg.close();
      dlg.remove();
      if (opener && opener.isConnected && opener.focus) opener.focus();
      resolve(value);
    };
    form.addEventListener('submit', (e) => { e.preventDefault(); done(true); });
    cancel.addEventListener('click', () => done(false));
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); done(false); });
    document.body.append(dlg);
    dlg.showModal();
    (form.querySelector('textarea, input, select') || confirm).focus();
  });
}
