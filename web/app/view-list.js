// #/ — upload, then the caller's invoices newest first: status filter, search, export, paging, live rows.
import { api, enc } from './api.js';
import { h, say, sayError, uid } from './ui.js';
import { STATUSES, BUSY } from './format.js';
import { createPoller } from './poll.js';
import { invoiceTable, invoiceRow, summaryFromView, matches } from './rows.js';
import { renderUpload } from './upload.js';

export function renderList(root) {
  const state = { status: '', query: '', cursor: null, gen: 0 };
  const rows = new Map(); // invoiceId → {summary, tr}
  const poller = createPoller(async (id) => (await api('GET', `/invoices/${enc(id)}`)).data,
    (view) => update(summaryFromView(view)));

  root.append(h('h1', { text: 'Invoices' }));
  renderUpload(root, {
    onCreated: (created, file) => {
      if (state.status && state.status !== created.status) return;
      add({ invoiceId: created.invoiceId, status: created.status, fileName: file.name }, true);
    },
    onUploaded: (id) => { if (rows.has(id)) poller.watch(id); },
  });

  const filterId = uid('status');
  const searchId = uid('search');
  const filter = h('select', { id: filterId, 'data-test': 'status-filter' },
    h('option', { value: '', text: 'All' }), STATUSES.map((s) => h('option', { value: s, text: s })));
  const search = h('input', { id: searchId, type: 'search', 'data-test': 'search', placeholder: 'Vendor or invoice number' });
  const exportBtn = h('button', { type: 'button', 'data-test': 'export', text: 'Export CSV' });
  root.append(h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Filter the invoices' },
    h('div', { class: 'field' }, h('label', { for: filterId, text: 'Status' }), filter),
    h('div', { class: 'field grow' }, h('label', { for: searchId, text: 'Search loaded invoices' }), search),
    exportBtn));

  const { wrap, tbody } = invoiceTable({ caption: 'Your invoices' });
  const empty = h('p', { class: 'empty', hidden: true });
  const more = h('button', { type: 'button', class: 'more', hidden: true, text: 'Load more' });
  root.append(wrap, empty, more);

  function applySearch(entry) { entry.tr.hidden = !matches(entry.summary, state.query); }

  function refreshEmpty() {
    const shown = [...rows.values()].filter((r) => !r.tr.hidden).length;
    empty.hidden = shown > 0;
    empty.textContent = rows.size ? 'No loaded invoice matches the search.' : 'No invoices here yet.';
  }

  function add(summary, first = false) {
    if (rows.has(summary.invoiceId)) { update(summary); return; }
    const entry = { summary, tr: invoiceRow(summary) };
    rows.set(summary.invoiceId, entry);
    if (first) tbody.prepend(entry.tr); else tbody.append(entry.tr);
    applySearch(entry);
    // A new upload is watched once its file is sent; a loaded unfinished row at once.
    if (!first && BUSY.has(summary.status)) poller.watch(summary.invoiceId);
    refreshEmpty();
  }

  function update(summary) {
    const entry = rows.get(summary.invoiceId);
    if (!entry) return;
    entry.summary = { ...entry.summary, ...summary };
    const tr = invoiceRow(entry.summary);
    entry.tr.replaceWith(tr);
    entry.tr = tr;
    applySearch(entry);
    refreshEmpty();
  }

  async function load(reset) {
    const gen = reset ? ++state.gen : state.gen;
    if (reset) { state.cursor = null; rows.clear(); tbody.replaceChildren(); poller.clear(); }
    const q = new URLSearchParams({ limit: '20' });
    if (state.status) q.set('status', state.status);
    if (state.cursor) q.set('cursor', state.cursor);
    more.disabled = true;
    wrap.setAttribute('aria-busy', 'true');
    try {
      const { data } = await api('GET', `/invoices?${q}`);
      if (gen !== state.gen) return; // a newer filter won
      for (const s of data.items || []) add(s);
      state.cursor = data.nextCursor || null;
      more.hidden = !state.cursor;
      refreshEmpty();
    } catch (err) {
      if (gen === state.gen) sayError(err);
    } finally {
      more.disabled = false;
      wrap.removeAttribute('aria-busy');
    }
  }

  async function exportCsv() {
    const q = new URLSearchParams({ format: 'csv' });
    if (state.status) q.set('status', state.status);
    exportBtn.disabled = true;
    try {
      // A large export answers 303 to a presigned URL; fetch follows it.
      const res = await api('GET', `/invoices/export?${q}`, { raw: true, headers: { accept: 'text/csv, application/json' } });
      const blob = await res.blob();
      const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(res.headers.get('content-disposition') || '');
      const name = m ? decodeURIComponent(m[1]) : `invoices-${new Date().toISOString().slice(0, 10)}.csv`;
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 30000);
      say(`Export saved as ${name}.`);
    } catch (err) {
      sayError(err);
    } finally {
      exportBtn.disabled = false;
    }
  }

  filter.addEventListener('change', () => { state.status = filter.value; load(true); });
  const onSearch = () => {
    state.query = search.value.trim();
    for (const e of rows.values()) applySearch(e);
    refreshEmpty();
  };
  // "change" too: a cleared field (the ✕ of type=search, WebDriver's clear) may not fire "input".
  search.addEventListener('input', onSearch);
  search.addEventListener('change', onSearch);
  more.addEventListener('click', () => load(false));
  exportBtn.addEventListener('click', exportCsv);

  // Infinite scroll: the "Load more" button loads by itself when it scrolls into view.
  let observer = null;
  if ('IntersectionObserver' in window) {
    observer = new IntersectionObserver((es) => {
      if (es.some((e) => e.isIntersecting) && !more.hidden && !more.disabled) load(false);
    });
    observer.observe(more);
  }

  load(true);
  return () => { poller.stop(); state.gen++; if (observer) observer.disconnect(); };
}
