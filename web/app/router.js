// Hash routes: #/ list, #/review, #/invoices/{id}, #/sign-in.
const ROUTES = [
  [/^#\/sign-in$/, 'sign-in'],
  [/^#\/review$/, 'review'],
  [/^#\/invoices\/([^/?#]+)$/, 'detail'],
  [/^(#\/?)?$/, 'list'],
];

export function parse(hash) {
  for (const [re, name] of ROUTES) {
    const m = re.exec(hash);
    if (m) return { name, id: m[1] ? decodeURIComponent(m[1]) : undefined };
  }
  return { name: 'not-found' };
}

let handler = () => {};

export function startRouter(onRoute) {
  handler = onRoute;
  window.addEventListener('hashchange', () => handler(parse(location.hash)));
  handler(parse(location.hash));
}

/** Navigates; the same hash again re-renders (e.g. after signing in on #/sign-in). */
export function go(hash) {
  if (location.hash === hash || (hash === '#/' && location.hash === '')) handler(parse(hash));
  else location.hash = hash;
}
