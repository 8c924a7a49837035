// The page viewer of the detail view: the current page's image (a short-lived presigned URL, fetched again when it
// fails or is about to expire), a page switcher, and one box per field (or line item) read on that page, placed in %
// of the image so it scales with it. Rows and boxes highlight each other through onHover / highlight().
import { api, enc } from './api.js';
import { h, errorText, uid } from './ui.js';
import { label, percent, BUSY, LOW_CONFIDENCE } from './format.js';

const EARLY = 15000; // fetch a new URL when the cached one has less than this (ms) to live
const clamp = (n) => Math.min(1, Math.max(0, Number(n) || 0));
const pct = (n) => `${(clamp(n) * 100).toFixed(3)}%`;

function evidenceOf(f) {
  if (!f) return null;
  const e = f.evidence || (f.machine && f.machine.evidence);
  return e && e.box && Number.isInteger(e.page) ? e : null;
}

const isLow = (f) => f && f.source !== 'person' && typeof f.confidence === 'number' && f.confidence < LOW_CONFIDENCE;

/** What can be drawn: {key, name, page, box, low, confidence}, fields first, then one box around each line item's cells. */
export function evidenceItems(v) {
  const items = [];
  for (const [name, f] of Object.entries(v.fields || {})) {
    const e = evidenceOf(f);
    if (e) items.push({ key: `field:${name}`, name: label(name), page: e.page, box: e.box, low: isLow(f), confidence: f.confidence });
  }
  (v.lineItems || []).forEach((li, i) => {
    const cells = Object.values(li).filter((c) => c && typeof c === 'object' && evidenceOf(c));
    if (!cells.length) return;
    const page = evidenceOf(cells[0]).page;
    const boxes = cells.map(evidenceOf).filter((e) => e.page === page).map((e) => e.box);
    const left = Math.min(...boxes.map((b) => clamp(b.left)));
    const top = Math.min(...boxes.map((b) => clamp(b.top)));
    const right = Math.max(...boxes.map((b) => clamp(b.left) + clamp(b.width)));
    const bottom = Math.max(...boxes.map((b) => clamp(b.top) + clamp(b.height)));
    items.push({ key: `line:${i}`, name: `Line item ${i + 1}`, page, box: { left, top, width: right - left, height: bottom - top },
      low: cells.some(isLow), line: true });
  });
  return items;
}

/**
 * id: the invoice; onHover(key|null) when the pointer enters/leaves a box; onActivate(key) when a box is clicked.
 * Returns {el, update(view), highlight(key, reveal), reveal(key)}.
 */
export function pageViewer({ id, onHover = () => {}, onActivate = () => {} }) {
  let pages = 0;
  let current = 1;
  let items = [];
  let hot = null;
  let started = false;
  let seq = 0;
  let fileName = '';
  const cache = new Map(); // page → {url, expiresAt} | {missing: true}
  const retried = new Set(); // pages whose image failed once since it last loaded

  const labelId = uid('pg');
  const prev = h('button', { type: 'button', 'data-test': 'page-prev', 'aria-label': 'Previous page', text: '‹ Previous' });
  const next = h('button', { type: 'button', 'data-test': 'page-next', 'aria-label': 'Next page', text: 'Next ›' });
  const where = h('span', { id: labelId, class: 'page-of', 'data-test': 'page-label', 'aria-live': 'polite' });
  const switcher = h('div', { class: 'page-switch', role: 'group', 'aria-label': 'Pages', hidden: true }, prev, where, next);
  const zoom = h('button', { type: 'button', 'data-test': 'page-zoom', 'aria-pressed': 'false', text: 'Zoom in', hidden: true });
  const img = h('img', { class: 'page-image', 'data-test': 'page-image', alt: '', hidden: true, decoding: 'async' });
  const layer = h('div', { class: 'page-boxes', 'data-test': 'page-boxes' });
  const frame = h('div', { class: 'page-frame', 'data-test': 'page-frame', hidden: true }, img, layer);
  const scroller = h('div', { class: 'page-scroll' }, frame);
  const note = h('p', { class: 'page-note', 'data-test': 'page-note' });
  const legend = h('p', { class: 'legend hint', hidden: true });
  const el = h('section', { class: 'pages', 'aria-label': 'Pages of the original', 'data-test': 'page-viewer' },
    h('h2', { text: 'The original' }), h('div', { class: 'page-tools' }, switcher, zoom), note, scroller, legend);

  // Twice the width, scrolled inside the viewer: the boxes are in % of the image, so they follow.
  zoom.addEventListener('click', () => {
    const on = frame.classList.toggle('zoomed');
    zoom.setAttribute('aria-pressed', String(on));
    zoom.textContent = on ? 'Fit to width' : 'Zoom in';
  });
  new MutationObserver(() => { zoom.hidden = frame.hidden; }).observe(frame, { attributes: true, attributeFilter: ['hidden'] });

  prev.addEventListener('click', () => { if (current > 1) show(current - 1); });
  next.addEventListener('click', () => { if (current < pages) show(current + 1); });

  img.addEventListener('load', () => {
    if (!img.src) return;
    retried.delete(current);
    img.hidden = false;
    frame.hidden = false;
    frame.classList.remove('loading');
    note.hidden = true;
    note.replaceChildren();
    legend.hidden = !legend.textContent;
  });
  img.addEventListener('error', () => {
    if (!img.getAttribute('src')) return;
    img.removeAttribute('src');
    img.hidden = true;
    frame.hidden = true;
    cache.delete(current);
    // The presigned URL may have expired (or the tab slept): one fresh URL, then a plain message with a retry.
    if (!retried.has(current)) { retried.add(current); show(current); return; }
    const again = h('button', { type: 'button', text: 'Try again' });
    again.addEventListener('click', () => { retried.delete(current); show(current); });
    message(`The image of page ${current} could not be loaded. `, again);
  });

  function message(text, extra) {
    note.hidden = false;
    note.replaceChildren(text, extra || '');
  }

  function drawSwitcher() {
    switcher.hidden = pages < 2;
    where.textContent = `Page ${current} of ${pages}`;
    prev.disabled = current <= 1;
    next.disabled = current >= pages;
  }

  function drawBoxes() {
    const here = items.filter((it) => it.page === current);
    layer.replaceChildren(...here.map((it) => {
      const b = it.box;
      const text = `${it.name}${it.low ? `, low confidence${typeof it.confidence === 'number' ? ` (${percent(it.confidence)})` : ''}` : ''}`;
      const box = h('button', {
        type: 'button', tabindex: -1, class: `ev-box${it.low ? ' low' : ''}${it.line ? ' line' : ''}${it.key === hot ? ' highlight' : ''}`,
        'data-test': 'evidence-box', 'data-key': it.key, title: text, 'aria-label': text,
      }, it.low ? h('span', { class: 'ev-tag', 'aria-hidden': 'true', text: 'low' }) : null);
      // Through the CSSOM: the content security policy refuses style attributes, not style properties.
      Object.assign(box.style, { left: pct(b.left), top: pct(b.top), width: pct(b.width), height: pct(b.height) });
      box.addEventListener('mouseenter', () => { mark(it.key); onHover(it.key); });
      box.addEventListener('mouseleave', () => { mark(null); onHover(null); });
      box.addEventListener('click', () => onActivate(it.key));
      return box;
    }));
    const low = here.some((it) => it.low);
    legend.hidden = frame.hidden || (!here.length && !items.length);
    legend.textContent = here.length
      ? `Each box shows where a value was read; point at a field or a box to see which.${low ? ' Dashed boxes marked “low” were read with low confidence.' : ''}`
      : items.length ? 'No values were read on this page.' : '';
  }

  function mark(key) {
    hot = key;
    for (const b of layer.children) b.classList.toggle('highlight', b.dataset.key === key);
  }

  async function show(n) {
    current = n;
    drawSwitcher();
    drawBoxes();
    const mine = ++seq;
    let entry = cache.get(n);
    if (!entry || (entry.url && Date.parse(entry.expiresAt) - Date.now() < EARLY)) {
      if (frame.hidden) message(`Loading page ${n}…`);
      try {
        const r = await api('GET', `/invoices/${enc(id)}/pages/${n}`);
        entry = { url: r.data.url, expiresAt: r.data.expiresAt };
      } catch (err) {
        if (mine !== seq) return;
        if (err.status === 404 && err.code === 'PAGE_NOT_FOUND') {
          entry = { missing: true };
        } else {
          img.removeAttribute('src');
          img.hidden = true;
          frame.hidden = true;
          const again = h('button', { type: 'button', text: 'Try again' });
          again.addEventListener('click', () => show(current));
          message(`Page ${n} could not be fetched: ${errorText(err)} `, again);
          return;
        }
      }
      if (mine !== seq) return;
      cache.set(n, entry);
    }
    if (entry.missing) {
      img.removeAttribute('src');
      img.hidden = true;
      frame.hidden = true;
      legend.hidden = true;
      message(`There is no image of page ${n} to show; its values were read all the same. “Download original” gives the file.`);
      return;
    }
    img.alt = `Page ${n} of ${pages}${fileName ? ` of ${fileName}` : ''}`;
    if (img.getAttribute('src') === entry.url && img.complete && img.naturalWidth > 0) {
      img.hidden = false;
      frame.hidden = false;
      frame.classList.remove('loading');
      note.hidden = true;
      legend.hidden = !legend.textContent;
    } else {
      // The previous page stays (dimmed) until the next one has loaded, rather than an empty frame.
      frame.classList.add('loading');
      img.src = entry.url;
    }
  }

  return {
    el,
    /** Draws the boxes of the invoice as it is now; the first call with pages loads page 1. */
    update(v) {
      fileName = v.fileName || '';
      items = evidenceItems(v);
      const count = (v.document && v.document.pages) || 0;
      if (BUSY.has(v.status)) {
        // Pages are drawn while the invoice is read; start afresh once it has been (also after a reprocess).
        started = false;
        cache.clear();
        pages = 0;
        frame.hidden = true;
        switcher.hidden = true;
        legend.hidden = true;
        message('The pages are shown once the invoice has been read.');
        return;
      }
      if (!count) {
        pages = 0;
        el.hidden = false;
        frame.hidden = true;
        switcher.hidden = true;
        legend.hidden = true;
        message('This document has no pages to show.');
        return;
      }
      if (count !== pages) { pages = count; if (current > pages) current = 1; }
      if (!started) { started = true; show(current); return; }
      drawSwitcher();
      drawBoxes();
    },
    /** Highlights the box of key (null: none); with reveal, switches to its page first. */
    highlight(key, reveal = false) {
      const it = key && items.find((i) => i.key === key);
      if (it && reveal && it.page !== current && pages) { hot = key; show(it.page); return; }
      mark(key);
      const box = key && frame.classList.contains('zoomed') && [...layer.children].find((b) => b.dataset.key === key);
      if (box) box.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    },
    /** Highlights the box and brings the viewer into sight (a small screen shows it above the fields). */
    reveal(key) {
      this.highlight(key, true);
      el.scrollIntoView({ block: 'nearest' });
    },
    has(key) { return items.some((i) => i.key === key); },
  };
}
