// The history timeline: every change of the invoice, oldest first, loaded on demand.
import { api, enc } from './api.js';
import { h, sayError } from './ui.js';
import { value as fmt, when, percent } from './format.js';
import { statusChip } from './rows.js';

const KIND = { created: 'Created', status: 'Status', correction: 'Correction', 'line-items': 'Line items',
  approval: 'Approval', reprocess: 'Reprocess' };
const MAX_PAGES = 20; // 20 × 100 entries is far more than any invoice has

function entry(e) {
  const actor = e.actor ? `${e.actor.kind} ${e.actor.id}` : '';
  const parts = [];
  if (e.status) parts.push(h('span', {}, statusChip(e.status, null), e.attempt ? ` (attempt ${e.attempt})` : ''));
  if (e.field || e.kind === 'correction') {
    parts.push(h('span', { class: 'change' }, h('code', { text: e.field || '' }), ': ',
      h('span', { class: 'old', text: fmt(e.oldValue) || 'empty' }), ' → ', h('span', { class: 'new', text: fmt(e.newValue) || 'empty' })));
  }
  if (e.reason) parts.push(h('span', { text: `reason: ${e.reason}` }));
  if (e.result) {
    const r = e.result;
    parts.push(h('span', { text: `${r.engine}, ${percent(r.confidence)}${r.reviewReasons && r.reviewReasons.length ? `, review: ${r.reviewReasons.join(', ')}` : ''}` }));
  }
  if (e.detail) parts.push(h('span', { text: e.detail }));
  return h('li', { 'data-test': 'history-entry', 'data-kind': e.kind },
    h('p', { class: 'head' }, h('strong', { text: KIND[e.kind] || e.kind }), ' · ',
      h('time', { datetime: e.at, text: when(e.at) }), actor ? ` · ${actor}` : ''),
    parts.length ? h('p', { class: 'body' }, parts.map((p, i) => [i ? ' · ' : '', p])) : null);
}

export function historySection(id) {
  const list = h('ol', { class: 'timeline', id: `history-${id}`, hidden: true });
  const btn = h('button', { type: 'button', 'data-test': 'history', 'aria-expanded': 'false', 'aria-controls': list.id, text: 'Show history' });
  let loaded = false;

  async function load() {
    btn.disabled = true;
    try {
      const items = [];
      let cursor = null;
      for (let i = 0; i < MAX_PAGES; i++) {
        const q = new URLSearchParams({ limit: '100' });
        if (cursor) q.set('cursor', cursor);
        const { data } = await api('GET', `/invoices/${enc(id)}/history?${q}`);
        items.push(...(data.items || []));
        cursor = data.nextCursor;
        if (!cursor) break;
      }
      list.replaceChildren(...items.map(entry));
      if (!items.length) list.append(h('li', { text: 'No changes recorded.' }));
      loaded = true;
    } catch (err) {
      sayError(err);
    } finally {
      btn.disabled = false;
    }
  }

  btn.addEventListener('click', async () => {
    const open = btn.getAttribute('aria-expanded') === 'true';
    if (open) {
      list.hidden = true;
      btn.setAttribute('aria-expanded', 'false');
      btn.textContent = 'Show history';
      return;
    }
    await load(); // always fresh: the invoice may have changed since
    list.hidden = false;
    btn.setAttribute('aria-expanded', 'true');
    btn.textContent = 'Hide history';
  });

  return {
    el: h('section', { class: 'history', 'aria-label': 'History' }, h('h2', { text: 'History' }), btn, list),
    /** Reloads an open timeline after a change. */
    refresh() { if (loaded && !list.hidden) load(); },
  };
}
