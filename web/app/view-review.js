// #/review — the review queue: the caller's own NEEDS_REVIEW invoices oldest first, or, for an operator,
// everyone's (GET /review) with an owner column.
import { api } from './api.js';
import * as auth from './auth.js';
import { h, sayError } from './ui.js';
import { invoiceTable, invoiceRow } from './rows.js';

export function renderReview(root) {
  const operator = auth.isOperator();
  let cursor = null;
  let alive = true;
  root.append(h('h1', { text: 'Review queue' }),
    h('p', { class: 'hint', text: operator
      ? 'Every user’s invoices waiting for review, oldest first (you are an operator).'
      : 'Your invoices waiting for review, oldest first.' }));
  const { wrap, tbody } = invoiceTable({ owner: operator, caption: 'Invoices waiting for review' });
  const empty = h('p', { class: 'empty', hidden: true, text: 'Nothing waits for review.' });
  const more = h('button', { type: 'button', class: 'more', hidden: true, text: 'Load more' });
  root.append(wrap, empty, more);

  async function load() {
    const q = new URLSearchParams({ limit: '20' });
    if (cursor) q.set('cursor', cursor);
    const path = operator ? `/review?${q}` : `/invoices?status=NEEDS_REVIEW&order=oldest&${q}`;
    more.disabled = true;
    try {
      const { data } = await api('GET', path);
      if (!alive) return;
      for (const s of data.items || []) tbody.append(invoiceRow(s, { owner: operator }));
      cursor = data.nextCursor || null;
      more.hidden = !cursor;
      empty.hidden = tbody.children.length > 0;
    } catch (err) {
      if (alive) sayError(err);
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);
  load();
  return () => { alive = false; };
}
