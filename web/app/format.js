// Plain, locale-independent renderings: the values a person types back must look like what the API returns.
export const TERMINAL = new Set(['COMPLETED', 'NEEDS_REVIEW', 'FAILED', 'EXPIRED']);
export const BUSY = new Set(['AWAITING_UPLOAD', 'QUEUED', 'PROCESSING', 'OCR_COMPLETE', 'EXTRACTING']);
export const STATUSES = ['AWAITING_UPLOAD', 'QUEUED', 'PROCESSING', 'OCR_COMPLETE', 'EXTRACTING', 'COMPLETED',
  'NEEDS_REVIEW', 'FAILED', 'EXPIRED'];

/** "vendorTaxId" → "Vendor tax id"; "iban" → "IBAN". */
export function label(name) {
  const special = { iban: 'IBAN', bic: 'BIC', poNumber: 'PO number', vendorTaxId: 'Vendor tax ID', receiverTaxId: 'Receiver tax ID' };
  if (special[name]) return special[name];
  const words = String(name).replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function value(v) {
  if (v === null || v === undefined || v === '') return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function amount(total, currency) {
  if (total === null || total === undefined || total === '') return '';
  const n = typeof total === 'number' ? total.toFixed(2) : String(total);
  return currency ? `${n} ${currency}` : n;
}

export function percent(c) {
  return typeof c === 'number' ? `${Math.round(c * 100)} %` : '';
}

/** A timestamp as "2026-12-07 10:01 UTC": unambiguous everywhere. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export const LOW_CONFIDENCE = 0.8;
