// The fields table of the detail view, with inline, typed editing of one field at a time.
import { h, say, uid } from './ui.js';
import { label, value as fmt, percent, when, LOW_CONFIDENCE } from './format.js';

const DATE_FIELDS = new Set(['invoiceDate', 'dueDate', 'deliveryDate', 'servicePeriodStart', 'servicePeriodEnd']);
const AMOUNT_FIELDS = new Set(['subtotal', 'tax', 'total', 'amountDue', 'amountPaid', 'discount', 'allowanceTotal',
  'chargeTotal', 'taxBasis', 'rounding']);
const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK', 'HUF', 'RON', 'BGN', 'JPY', 'CNY',
  'CAD', 'AUD', 'NZD', 'INR', 'SGD', 'HKD', 'ZAR', 'BRL', 'MXN', 'TRY'];
// The contract's order: who, what, when, how much, how to pay. Unknown fields follow, as the API sends them.
export const KNOWN = ['vendorName', 'vendorTradingName', 'vendorAddress', 'vendorPhone', 'vendorTaxId', 'vendorTaxNumber',
  'vendorRegistrationId', 'vendorEmail', 'vendorContact', 'receiverName', 'receiverTradingName', 'receiverAddress',
  'receiverTaxId', 'receiverRegistrationId', 'receiverEmail', 'receiverContact', 'documentType', 'invoiceNumber',
  'invoiceDate', 'dueDate', 'deliveryDate', 'servicePeriodStart', 'servicePeriodEnd', 'poNumber', 'buyerReference',
  'contractReference', 'projectReference', 'precedingInvoice', 'paymentTerms', 'currency', 'subtotal', 'allowanceTotal',
  'chargeTotal', 'discount', 'taxBasis', 'tax', 'total', 'amountPaid', 'rounding', 'amountDue', 'paymentMeansCode',
  'iban', 'bic', 'accountHolder', 'mandateReference', 'remittanceInformation', 'note'];

const isDate = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const isNumeric = (v) => typeof v === 'number' || (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v));

function kindOf(name, v) {
  if (name === 'currency') return 'currency';
  if (isDate(v) || (DATE_FIELDS.has(name) && (v == null || v === ''))) return 'date';
  if (typeof v === 'number' || (AMOUNT_FIELDS.has(name) && (v == null || v === '' || isNumeric(v)))) return 'number';
  return 'text';
}

function editorFor(name, v, id) {
  const kind = kindOf(name, v);
  const common = { id, name, 'data-test': 'field-input' };
  if (kind === 'currency') {
    const codes = CURRENCIES.includes(v) || !v ? CURRENCIES : [String(v), ...CURRENCIES];
    return h('select', common, h('option', { value: '', text: '(none)' }),
      codes.map((c) => h('option', { value: c, text: c, selected: c === v })));
  }
  if (kind === 'date') return h('input', { ...common, type: 'date', value: v || '' });
  if (kind === 'number') return h('input', { ...common, type: 'number', step: '0.01', inputmode: 'decimal', value: v == null ? '' : String(v) });
  return h('input', { ...common, type: 'text', value: v == null ? '' : String(v) });
}

/** The input's value as the API takes it: a number, YYYY-MM-DD, a code or text; empty clears (null). */
function parse(input) {
  if (input.type === 'number') {
    if (input.validity.badInput) throw new Error('Enter a number, e.g. 119.00.');
    return input.value === '' ? null : Number(input.value);
  }
  const v = input.value.trim();
  return v === '' ? null : v;
}

/** "page 1: “line”"; where the page viewer can show the box, "page 1" is a button that does. */
function evidenceOf(name, f, opts) {
  if (!f || !f.evidence) return '';
  const e = f.evidence;
  const key = `field:${name}`;
  const page = opts.canShow && opts.canShow(key)
    ? h('button', { type: 'button', class: 'linkish', 'data-test': 'show-evidence', 'aria-label': `Show ${label(name)} on page ${e.page}`,
      text: `page ${e.page}`, onclick: () => opts.onShow(key) })
    : `page ${e.page}`;
  return h('span', {}, page, e.line ? [': ', h('q', { text: e.line })] : null);
}

function sourceOf(f) {
  if (!f) return '';
  if (f.source === 'person') {
    const machine = f.machine ? ` (the engine read ${fmt(f.machine.value) || 'nothing'})` : '';
    return `corrected by ${f.correctedBy || 'someone'} at ${when(f.correctedAt)}${machine}`;
  }
  return f.flags && f.flags.length ? `flags: ${f.flags.join(', ')}` : 'read by the engine';
}

function confidenceOf(f) {
  if (!f || typeof f.confidence !== 'number') return '';
  if (f.source === 'person') return percent(f.confidence);
  return f.confidence < LOW_CONFIDENCE
    ? h('span', { class: 'low' }, percent(f.confidence), ' (low)')
    : percent(f.confidence);
}

function fieldRow(name, f, opts, startEditing = false) {
  const v = f ? f.value : null;
  const valueCell = h('td', { class: 'value' });
  const edit = opts.editable
    ? h('button', { type: 'button', 'data-test': 'field-edit', 'aria-label': `Edit ${label(name)}`, text: 'Edit' })
    : null;
  const tr = h('tr', { 'data-test': 'field', 'data-field': name, 'data-evidence-key': `field:${name}` },
    h('th', { scope: 'row', text: label(name) }), valueCell,
    h('td', { class: 'nowrap' }, confidenceOf(f)), h('td', { class: 'where' }, evidenceOf(name, f, opts)),
    h('td', { class: 'source', text: sourceOf(f) }), opts.editable ? h('td', {}, edit) : null);

  function show() {
    const raw = f && f.raw && f.raw !== fmt(v) ? h('span', { class: 'raw', text: ` read as “${f.raw}”` }) : null;
    valueCell.replaceChildren(...[h('span', { 'data-test': 'field-value', text: fmt(v) }), raw].filter(Boolean));
    if (edit) edit.hidden = false;
  }

  function startEdit() {
    const id = uid('f');
    const input = editorFor(name, v, id);
    const save = h('button', { type: 'submit', class: 'primary', 'data-test': 'field-save', text: 'Save' });
    const cancel = h('button', { type: 'button', text: 'Cancel' });
    const form = h('form', { class: 'inline-edit' },
      h('label', { for: id, class: 'visually-hidden', text: `New value of ${label(name)} (empty clears it)` }), input, save, cancel);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      let parsed;
      try { parsed = parse(input); } catch (err) { say(err.message, 'error'); input.focus(); return; }
      save.disabled = true;
      const ok = await opts.onSave(name, parsed);
      if (!ok && form.isConnected) { save.disabled = false; input.focus(); }
    });
    cancel.addEventListener('click', () => { show(); if (!f) tr.remove(); else edit.focus(); });
    form.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); cancel.click(); } });
    valueCell.replaceChildren(form);
    if (edit) edit.hidden = true;
    input.focus();
  }

  if (edit) edit.addEventListener('click', startEdit);
  show();
  if (startEditing) queueMicrotask(startEdit);
  return tr;
}

/**
 * fields: the view's fields; opts: {editable, onSave(name, value) → Promise<boolean>, canShow(key), onShow(key)} — the
 * last two link a field's page to the page viewer (key: "field:<name>").
 */
export function fieldsTable(fields, opts) {
  const present = Object.keys(fields || {});
  const names = [...KNOWN.filter((n) => present.includes(n)), ...present.filter((n) => !KNOWN.includes(n))];
  const tbody = h('tbody', {}, names.map((n) => fieldRow(n, fields[n], opts)));
  const table = h('table', { class: 'fields' },
    h('caption', { class: 'visually-hidden', text: 'Fields read from the invoice' }),
    h('thead', {}, h('tr', {}, ['Field', 'Value', 'Confidence', 'Where it was read', 'Source'].map((c) => h('th', { scope: 'col', text: c })),
      opts.editable ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden', text: 'Edit' })) : null)),
    tbody);
  const out = h('div', {}, h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Fields' }, table));
  if (!names.length) out.prepend(h('p', { class: 'empty', text: 'No fields were read.' }));

  // A field the engine did not find (e.g. a missing total) can be set by a person.
  const missing = KNOWN.filter((n) => !present.includes(n));
  if (opts.editable && missing.length) {
    const id = uid('add');
    const pick = h('select', { id }, missing.map((n) => h('option', { value: n, text: label(n) })));
    const add = h('button', { type: 'button', text: 'Add' });
    add.addEventListener('click', () => {
      const name = pick.value;
      if (tbody.querySelector(`tr[data-field="${name}"]`)) return;
      tbody.append(fieldRow(name, null, opts, true));
    });
    out.append(h('div', { class: 'toolbar' }, h('div', { class: 'field' }, h('label', { for: id, text: 'Set a field that was not read' }), pick), add));
  }
  return out;
}
