/** SPA route detection: calls back when the page URL changes without a reload. */
import { guard, listen } from './util';

type Method = 'pushState' | 'replaceState';

export function watchRoutes(onChange: () => void): () => void {
  let last = location.href;
  const check = guard(() => {
    if (location.href === last) return;
    last = location.href;
    onChange();
  });
  const offs = [listen(window, 'popstate', check), listen(window, 'hashchange', check)];
  const nav = (window as { navigation?: EventTarget }).navigation;
  if (nav && typeof nav.addEventListener === 'function') {
    // The Navigation API sees every same-document navigation, also those made through a
    // history.pushState reference the host captured before we loaded.
    offs.push(listen(nav, 'currententrychange', check));
  } else {
    for (const m of ['pushState', 'replaceState'] as Method[]) {
      const original = history[m];
      const wrapped = function (this: History, ...args: Parameters<History[Method]>) {
        const r = original.apply(this, args);
        check();
        return r;
      };
      history[m] = wrapped;
      offs.push(() => {
        if (history[m] === wrapped) history[m] = original;
      });
    }
  }
  return () => offs.forEach((off) => off());
}
