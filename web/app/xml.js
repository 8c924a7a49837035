// A readable rendering of an e-invoice's XML: fetched through the original file's presigned URL, parsed with
// DOMParser (never put into the page as markup) and shown as a collapsible outline of elements and their values,
// with local names (namespace prefixes dropped). Every name and value goes in as text.
import { api, enc } from './api.js';
import { h, errorText } from './ui.js';

export const MAX_XML_BYTES = 2 * 1024 * 1024;
const MAX_NODES = 5000; // more elements than any invoice has; the rest is left out, saying so
const OPEN_DEPTH = 2; // levels shown open at first

function attrText(el) {
  const parts = [];
  for (const a of el.attributes) {
    if (a.name === 'xmlns' || a.prefix === 'xmlns') continue;
    parts.push(`${a.localName}: ${a.value}`);
  }
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function ownText(el) {
  let t = '';
  for (const n of el.childNodes) if (n.nodeType === 3 || n.nodeType === 4) t += n.nodeValue;
  return t.replace(/\s+/g, ' ').trim();
}

/** A local name that may break between its words: "IncludedSupplyChainTradeLineItem". */
function nameOf(el) {
  const words = el.localName.split(/(?<=[a-z0-9])(?=[A-Z])/);
  return words.flatMap((w, i) => (i ? [h('wbr'), w] : [w]));
}

/**
 * The outline of el as nested lists; budget.left counts the elements still allowed. A chain of wrappers holding one
 * element each (no text, no attributes) is shown on one line: "IssueDateTime › DateTimeString (format: 102): 20240301".
 */
function outline(el, depth, budget) {
  budget.left -= 1;
  const names = [nameOf(el)];
  let kids = [...el.children];
  while (kids.length === 1 && !ownText(el) && !attrText(el)) {
    el = kids[0];
    budget.left -= 1;
    names.push(' › ', nameOf(el));
    kids = [...el.children];
  }
  const attrs = attrText(el);
  const name = h('span', { class: 'x-name' }, names);
  if (!kids.length) {
    return h('li', { class: 'x-leaf', 'data-test': 'xml-node', 'data-name': el.localName },
      name, attrs ? h('span', { class: 'x-attr', text: attrs }) : null, ': ', h('span', { class: 'x-value', text: ownText(el) }));
  }
  const items = [];
  for (const k of kids) {
    if (budget.left <= 0) { items.push(h('li', { class: 'empty', text: '… the rest is left out here; download the file to see it all.' })); break; }
    items.push(outline(k, depth + 1, budget));
  }
  const text = ownText(el);
  return h('li', { 'data-test': 'xml-node', 'data-name': el.localName },
    h('details', { open: depth < OPEN_DEPTH },
      h('summary', {}, name, attrs ? h('span', { class: 'x-attr', text: attrs }) : null,
        text ? [': ', h('span', { class: 'x-value', text })] : null,
        h('span', { class: 'x-count', text: ` ${kids.length} ${kids.length === 1 ? 'element' : 'elements'}` })),
      h('ul', {}, items)));
}

/** Parses text as XML; throws a readable Error when it is not well-formed. */
export function parseXml(text) {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const err = doc.getElementsByTagName('parsererror')[0];
  if (err || !doc.documentElement) throw new Error(`The XML could not be read: ${(err && err.textContent.split('\n')[0]) || 'not well-formed'}.`);
  return doc;
}

/** The outline of a parsed document, with expand/collapse-all buttons. */
export function xmlOutline(doc) {
  const budget = { left: MAX_NODES };
  const tree = h('ul', { class: 'xml-tree', 'data-test': 'xml-outline' }, outline(doc.documentElement, 0, budget));
  const setAll = (open) => { for (const d of tree.querySelectorAll('details')) d.open = open; };
  const expand = h('button', { type: 'button', text: 'Expand all', onclick: () => setAll(true) });
  const collapse = h('button', { type: 'button', text: 'Collapse all', onclick: () => setAll(false) });
  return h('div', { class: 'xml-view' }, h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Outline' }, expand, collapse), tree);
}

/**
 * The XML section of an e-invoice: {el, load()}. load() fetches the XML once (GET /einvoice, then its URL: the XML
 * upload itself, or the XML a hybrid PDF carries);
 * download is the "Download original" handler, offered when the file is too large or cannot be shown.
 */
export function xmlSection({ id, sizeBytes, download }) {
  const body = h('div', { class: 'xml-body' }, h('p', { class: 'hint', text: 'Loading the XML…' }));
  const el = h('section', { class: 'xml', 'aria-label': 'The e-invoice XML', 'data-test': 'xml-section' },
    h('h2', { text: 'The e-invoice XML' }), body);
  let started = false;

  function fallback(text, retry = false) {
    const again = retry ? h('button', { type: 'button', text: 'Try again', onclick: () => { started = false; load(); } }) : null;
    body.replaceChildren(h('p', { 'data-test': 'xml-message', text }), h('div', { class: 'actions' }, again, download()));
  }

  async function load() {
    if (started) return;
    started = true;
    if (sizeBytes > MAX_XML_BYTES) {
      fallback(`The XML is ${(sizeBytes / 1048576).toFixed(1)} MB, too large to show here; download it to read it.`);
      return;
    }
    try {
      const { data } = await api('GET', `/invoices/${enc(id)}/einvoice`);
      let res;
      try { res = await fetch(data.url); } catch (err) { throw new Error(`The file could not be fetched (${err.message}).`); }
      if (!res.ok) throw new Error(`The storage answered HTTP ${res.status}.`);
      const size = Number(res.headers.get('content-length') || 0);
      if (size > MAX_XML_BYTES) { fallback('The XML is too large to show here; download it to read it.'); return; }
      const text = await res.text();
      if (text.length > MAX_XML_BYTES) { fallback('The XML is too large to show here; download it to read it.'); return; }
      body.replaceChildren(h('p', { class: 'hint', text: 'Elements with their values, as the file states them (namespace prefixes left out).' }),
        xmlOutline(parseXml(text)));
    } catch (err) {
      fallback(err.code ? errorText(err) : err.message, true);
    }
  }

  return { el, load };
}
