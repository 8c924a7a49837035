// #/invoices/{id} — status, reasons, the pages with the evidence boxes (or an e-invoice's XML), fields with inline
// correction, line items, approve, reprocess, download the original, history, delete.
import { api, enc } from './api.js';
import { h, say, sayError, errorText, askDialog, uid } from './ui.js';
import { BUSY, when, percent, label, value as fmt } from './format.js';
import { createPoller } from './poll.js';
import { statusChip } from './rows.js';
import { fieldsTable } from './fields.js';
import { historySection } from './history.js';
import { pageViewer } from './pages.js';
import { xmlSection } from './xml.js';
import { go } from './router.js';

const LINE_COLUMNS = ['lineId', 'description', 'quantity', 'unitCode', 'unitPrice', 'amount', 'taxRate', 'productCode'];

/** The message without its code when it repeats it ("BR-CO-09: …" after the code BR-CO-09). */
const messageOf = (r) => { const m = String(r.message || ''); return m.startsWith(`${r.code}: `) ? m.slice(r.code.length + 2) : m; };

function reasonItem(r) {
  return h('li', { 'data-test': 'review-reason', 'data-code': r.code },
    h('code', { text: r.code }), ' ', h('span', { text: messageOf(r) }),
    r.field ? h('span', { class: 'muted', text: ` (field: ${label(r.field)})` }) : null,
    r.duplicateOf ? [' — first uploaded as ', h('a', { href: `#/invoices/${enc(r.duplicateOf)}`, text: r.duplicateOf })] : null);
}

const isFinding = (r) => /^(BR-|EINVOICE_)/.test(String(r.code));

function lineItemsTable(items) {
  const cols = LINE_COLUMNS.filter((c) => items.some((li) => li[c]));
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Line items' },
    h('table', { class: 'lines' },
      h('caption', { class: 'visually-hidden', text: 'Line items' }),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: '#' }), cols.map((c) => h('th', { scope: 'col', text: label(c) })), h('th', { scope: 'col', text: 'Page' }))),
      h('tbody', {}, items.map((li, i) => h('tr', { 'data-test': 'line-item', 'data-evidence-key': `line:${i}` }, h('td', { text: String(i + 1) }),
        cols.map((c) => h('td', { class: typeof li[c]?.value === 'number' ? 'num' : '', text: li[c] ? fmt(li[c].value) : '' })),
        h('td', { text: li.page ?? '' }))))));
}

export function renderDetail(root, { id }) {
  let view = null;
  let etag = null;
  let alive = true;
  let lastEtag = null;
  const history = historySection(id);
  const linkSlot = h('div', { class: 'download-link' }); // the last download link, kept across redraws
  let xml = null; // the XML section of an e-invoice upload, made once
  const viewer = pageViewer({ id, onHover: markRow, onActivate: focusRow });

  /** The row (field or line item) whose evidence key is key, marked while its box is pointed at. */
  function markRow(key) {
    for (const r of root.querySelectorAll('.hot-row')) r.classList.remove('hot-row');
    const row = key && root.querySelector(`[data-evidence-key="${key}"]`);
    if (row) row.classList.add('hot-row');
  }

  /** A click on a box: focus the row's edit control (its input while editing), else its "page n" button. */
  function focusRow(key) {
    const row = root.querySelector(`[data-evidence-key="${key}"]`);
    if (!row) return;
    const target = row.querySelector('[data-test="field-input"]') || row.querySelector('[data-test="field-edit"]:not([hidden])')
      || row.querySelector('[data-test="show-evidence"]');
    row.scrollIntoView({ block: 'nearest' });
    if (target) target.focus(); else { row.tabIndex = -1; row.focus(); }
  }

  /** Rows and boxes highlight each other: pointer or keyboard focus on a row highlights its box (on its page). */
  function wireRows(c) {
    for (const row of c.querySelectorAll('[data-evidence-key]')) {
      const key = row.dataset.evidenceKey;
      if (!viewer.has(key)) continue;
      const on = () => { markRow(key); viewer.highlight(key, true); };
      const off = () => { markRow(null); viewer.highlight(null); };
      row.addEventListener('mouseenter', on);
      row.addEventListener('mouseleave', off);
      row.addEventListener('focusin', on);
      row.addEventListener('focusout', (e) => { if (!row.contains(e.relatedTarget)) off(); });
    }
  }
  const poller = createPoller(async () => {
    const r = await api('GET', `/invoices/${enc(id)}`);
    lastEtag = r.etag;
    return r.data;
  }, (v) => { if (alive) set(v, lastEtag); });

  function set(v, tag) {
    view = v;
    // The ETag header may be hidden cross-origin; the body's version is the same value.
    etag = tag || `"${v.version}"`;
    draw();
    if (BUSY.has(v.status)) poller.watch(id);
  }

  async function load() {
    try {
      const r = await api('GET', `/invoices/${enc(id)}`);
      if (alive) set(r.data, r.etag);
    } catch (err) {
      if (!alive) return;
      sayError(err);
      root.replaceChildren(h('p', {}, h('a', { href: '#/', 'data-test': 'back', text: '← Back to the invoices' })),
        h('h1', { text: 'Invoice not available' }));
    }
  }

  async function save(name, value) {
    try {
      const r = await api('PATCH', `/invoices/${enc(id)}`, { headers: { 'if-match': etag }, body: { fields: { [name]: value } } });
      set(r.data, r.etag);
      say(`${label(name)} saved.`);
      history.refresh();
      const btn = root.querySelector(`tr[data-field="${name}"] [data-test="field-edit"]`);
      if (btn) btn.focus();
      return true;
    } catch (err) {
      if (err.status === 412) {
        say(`Someone changed this invoice meanwhile; it has been reloaded. Your change was not saved. (${err.code})`, 'error');
        await load();
        return false;
      }
      sayError(err);
      return false;
    }
  }

  async function approve(body = {}) {
    try {
      const r = await api('POST', `/invoices/${enc(id)}/approve`, { body });
      set(r.data, r.etag);
      say(body.override ? 'Approved over the blocking reasons.' : 'Approved.');
      history.refresh();
    } catch (err) {
      if (err.code === 'APPROVAL_BLOCKED' && !body.override) { await offerOverride(err); return; }
      sayError(err);
    }
  }

  async function offerOverride(err) {
    say(errorText(err), 'error');
    const blocking = Object.entries(err.details || {});
    const taId = uid('why');
    const ta = h('textarea', { id: taId, required: true, maxlength: 500, rows: 3, 'data-test': 'override-reason' });
    const ok = await askDialog({
      title: 'Approval is blocked',
      content: [
        h('p', { text: 'These reasons block the approval:' }),
        h('ul', { class: 'reasons' }, blocking.map(([code, msg]) => h('li', {}, h('code', { text: code }), ' ', msg))),
        h('label', { for: taId, text: 'Why approve anyway? (required; recorded with the approval)' }), ta],
      confirmLabel: 'Approve anyway',
      confirmTest: 'override-confirm',
    });
    if (!ok) return;
    const reason = ta.value.trim();
    if (!reason) { say('An override needs its reason.', 'error'); return; }
    await approve({ override: true, reason });
  }

  async function reprocess() {
    try {
      const r = await api('POST', `/invoices/${enc(id)}/reprocess`, { body: {} });
      set(r.data.invoice, r.etag);
      say(r.data.started ? 'Reprocessing started; this page updates by itself.' : 'Reprocessing was already started.');
      history.refresh();
    } catch (err) {
      sayError(err);
    }
  }

  async function remove() {
    const ok = await askDialog({
      title: 'Delete this invoice?',
      content: [h('p', { text: `“${view.fileName}”, its file and its history are erased for good. This cannot be undone.` })],
      confirmLabel: 'Delete', confirmTest: 'confirm-delete', danger: true,
    });
    if (!ok) return;
    try {
      await api('DELETE', `/invoices/${enc(id)}`);
      say(`Invoice “${view.fileName}” deleted.`);
      go('#/');
    } catch (err) {
      sayError(err);
    }
  }

  /** GET /file, then the browser downloads the presigned URL (it answers with Content-Disposition: attachment). */
  async function download() {
    try {
      const { data } = await api('GET', `/invoices/${enc(id)}/file`);
      const name = data.fileName || (view && view.fileName) || '';
      const a = h('a', { href: data.url, download: name, rel: 'noopener', hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      say(`Downloading “${name}”.`);
      linkSlot.replaceChildren(h('p', { class: 'hint' }, 'If the download did not start: ',
        h('a', { href: data.url, rel: 'noopener', 'data-test': 'download-link', text: `“${name}”` }),
        data.expiresAt ? ` (link valid until ${when(data.expiresAt)})` : ''));
    } catch (err) {
      sayError(err);
    }
  }

  function button(text, test, onClick, cls) {
    const b = h('button', { type: 'button', 'data-test': test, class: cls, text });
    b.addEventListener('click', async () => { b.disabled = true; try { await onClick(); } finally { b.disabled = false; } });
    return b;
  }

  function draw() {
    const v = view;
    const doc = v.document || {};
    const reasons = v.reviewReasons || [];
    const einvoice = doc.kind === 'einvoice-xml' || doc.kind === 'pdf+einvoice';
    const xmlOnly = doc.kind === 'einvoice-xml'; // no pages: the XML is shown instead of pages and boxes
    const findings = einvoice ? reasons.filter(isFinding) : [];
    const others = reasons.filter((r) => !findings.includes(r));
    const busy = BUSY.has(v.status);
    const facts = [
      ['Status', h('span', {}, statusChip(v.status, 'detail-status'), busy ? ' being read; this page updates by itself' : '')],
      ['Uploaded', when(v.createdAt)], ['Updated', when(v.updatedAt)],
      v.engine ? ['Engine', v.engine] : null,
      typeof v.confidence === 'number' ? ['Confidence', percent(v.confidence)] : null,
      doc.kind ? ['Document', `${doc.kind}${doc.pages ? `, ${doc.pages} page(s)` : ''}, ${Math.ceil((doc.sizeBytes || 0) / 1024)} KB`] : null,
      v.approval ? ['Approved', `by ${v.approval.by} at ${when(v.approval.at)}${v.approval.overrideReason ? ` — override: ${v.approval.overrideReason} (${(v.approval.overriddenCodes || []).join(', ')})` : ''}`] : null,
    ].filter(Boolean);
    const canEdit = !busy && v.status !== 'EXPIRED' && v.status !== 'AWAITING_UPLOAD';
    const hasFile = v.status !== 'EXPIRED' && v.status !== 'AWAITING_UPLOAD';
    const findingsList = findings.length
      ? [h('h2', { text: 'EN 16931 findings' }), h('ul', { class: 'reasons', 'data-test': 'einvoice-findings' }, findings.map(reasonItem))]
      : h('p', { 'data-test': 'einvoice-findings', text: 'No EN 16931 findings.' });
    const downloadButton = () => button('Download original', 'download-original', download);

    // The XML of an e-invoice: beside the fields for an XML upload (it has no pages), under them for a hybrid PDF.
    if (einvoice && hasFile && !busy) {
      if (!xml) xml = xmlSection({ id, sizeBytes: xmlOnly ? doc.sizeBytes || 0 : 0, download: downloadButton });
      xml.load();
    }
    let side;
    if (xmlOnly && xml) {
      side = h('div', { class: 'side' }, xml.el);
    } else {
      viewer.update(v);
      side = h('div', { class: 'side' }, viewer.el);
    }

    const c = h('article', { class: 'detail', 'data-test': 'invoice-detail', 'data-invoice-id': v.invoiceId },
      h('p', {}, h('a', { href: '#/', 'data-test': 'back', text: '← Back to the invoices' })),
      h('h1', { text: v.fileName }),
      h('dl', { class: 'facts' }, facts.map(([k, val]) => [h('dt', { text: k }), h('dd', {}, val)])),
      einvoice ? h('section', { class: 'box einvoice', 'aria-label': 'E-invoice', 'data-test': 'einvoice' },
        h('p', {}, h('strong', { text: `Read from the e-invoice (${doc.eInvoice || doc.einvoice || doc.kind})` }),
          xmlOnly ? ' — its values are exact, so there are no boxes on a page; the XML itself is shown beside the fields.'
            : ' — the values come from the XML the PDF carries; the page is shown for comparison and the XML under the fields.'),
        findingsList) : null,
      v.failure ? h('section', { class: 'box failure', 'aria-label': 'Failure' },
        h('h2', { text: 'Failed' }), h('p', {}, h('code', { text: v.failure.code }), ' ', v.failure.message)) : null,
      others.length ? h('section', { class: 'box review', 'aria-label': 'Review reasons' },
        h('h2', { text: 'Review reasons' }), h('ul', { class: 'reasons' }, others.map(reasonItem))) : null,
      h('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' },
        v.status === 'NEEDS_REVIEW' || (v.status === 'COMPLETED' && !v.approval) ? button('Approve', 'approve', () => approve({}), 'primary') : null,
        ['COMPLETED', 'NEEDS_REVIEW', 'FAILED'].includes(v.status) ? button('Reprocess', 'reprocess', reprocess) : null,
        hasFile ? downloadButton() : null,
        button('Delete', 'delete', remove, 'danger')),
      linkSlot,
      h('div', { class: 'detail-body' }, side,
        h('div', { class: 'main-col' },
          h('section', { 'aria-label': 'Fields' }, h('h2', { text: 'Fields' }),
            fieldsTable(v.fields || {}, { editable: canEdit, onSave: save, canShow: (k) => viewer.has(k) && !xmlOnly, onShow: (k) => viewer.reveal(k) })),
          v.lineItems && v.lineItems.length
            ? h('section', { 'aria-label': 'Line items' }, h('h2', { text: `Line items (${v.lineItems.length})` }), lineItemsTable(v.lineItems)) : null,
          !xmlOnly && xml ? xml.el : null)),
      history.el);
    wireRows(c);
    root.replaceChildren(c);
  }

  load();
  return () => { alive = false; poller.stop(); };
}
