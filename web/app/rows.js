// The invoice table shared by the list and the review queue.
import { h } from './ui.js';
import { amount } from './format.js';

/** A detail view (GET /invoices/{id}) reduced to the list's summary shape, for rows refreshed by polling. */
export function summaryFromView(v) {
  const f = v.fields || {};
  const val = (n) => (f[n] ? f[n].value : undefined);
  return {
    invoiceId: v.invoiceId, status: v.status, fileName: v.fileName, createdAt: v.createdAt,
    vendorName: val('vendorName'), invoiceNumber: val('invoiceNumber'), invoiceDate: val('invoiceDate'),
    total: val('total'), currency: val('currency'), failureCode: v.failure ? v.failure.code : undefined,
    reviewReasons: v.reviewReasons || [], owner: v.owner,
  };
}

export function statusChip(status, test = 'status-chip') {
  return h('span', { class: `chip chip-${String(status).toLowerCase()}`, 'data-test': test, text: status });
}

export function invoiceTable({ owner = false, caption }) {
  const cols = ['File', 'Status', ...(owner ? ['Owner'] : []), 'Vendor', 'Number', 'Date', 'Total', 'Review'];
  const tbody = h('tbody');
  const table = h('table', { class: 'invoices' },
    h('caption', { class: 'visually-hidden', text: caption }),
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', text: c })))),
    tbody);
  return { wrap: h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption }, table), tbody };
}

export function invoiceRow(s, { owner = false } = {}) {
  const reasons = (s.reviewReasons || []).map((r) => (typeof r === 'string' ? r : r.code));
  if (s.failureCode) reasons.unshift(s.failureCode);
  return h('tr', { 'data-test': 'invoice-row', 'data-invoice-id': s.invoiceId, 'data-file-name': s.fileName },
    h('td', { class: 'file' }, h('a', { href: `#/invoices/${encodeURIComponent(s.invoiceId)}`, 'data-test': 'open-invoice', text: s.fileName || s.invoiceId })),
    h('td', {}, statusChip(s.status)),
    owner ? h('td', { text: s.owner || '' }) : null,
    h('td', { text: s.vendorName || '' }),
    h('td', { text: s.invoiceNumber || '' }),
    h('td', { class: 'nowrap', text: s.invoiceDate || '' }),
    h('td', { class: 'num nowrap', text: amount(s.total, s.currency) }),
    h('td', { class: 'codes', text: reasons.join(', ') }));
}

/** Hides rows whose vendor name or invoice number does not contain the query (client-side search). */
export function matches(s, query) {
  if (!query) return true;
  const q = query.toLowerCase();
  return [s.vendorName, s.invoiceNumber].some((v) => v != null && String(v).toLowerCase().includes(q));
}
