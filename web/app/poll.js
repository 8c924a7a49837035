// Polls unfinished invoices, each with its own backoff (1 s, doubling, at most 15 s), until a terminal status.
// Nothing is fetched while the tab is hidden; polling resumes (fast again) when it is shown.
import { TERMINAL } from './format.js';

export function createPoller(fetchOne, onUpdate) {
  const watched = new Map();
  let stopped = false;

  function schedule(id, w) { w.timer = setTimeout(() => tick(id), w.delay); }

  async function tick(id) {
    const w = watched.get(id);
    if (!w || stopped) return;
    w.timer = null;
    if (document.hidden) { w.paused = true; return; }
    try {
      const view = await fetchOne(id);
      if (stopped || !watched.has(id)) return;
      onUpdate(view);
      if (TERMINAL.has(view.status)) { watched.delete(id); return; }
    } catch (err) {
      // A deleted invoice or a lost session ends its polling; anything else is retried with backoff.
      if (err.status === 404 || err.status === 401 || err.status === 403) { watched.delete(id); return; }
    }
    w.delay = Math.min(w.delay * 2, 15000);
    schedule(id, w);
  }

  function onVisibility() {
    if (document.hidden || stopped) return;
    for (const [id, w] of watched) {
      if (w.paused) { w.paused = false; w.delay = 1000; schedule(id, w); }
    }
  }
  document.addEventListener('visibilitychange', onVisibility);

  return {
    watch(id) {
      if (stopped || watched.has(id)) return;
      const w = { delay: 1000, timer: null, paused: false };
      watched.set(id, w);
      schedule(id, w);
    },
    clear() {
      for (const w of watched.values()) clearTimeout(w.timer);
      watched.clear();
    },
    stop() {
      stopped = true;
      this.clear();
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
