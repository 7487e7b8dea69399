/** Finding a step's target: now, or when it appears (MutationObserver), within a time limit. */

function find(selector: string): Element | null {
  let el: Element | null;
  try {
    el = document.querySelector(selector);
  } catch {
    return null; // an invalid selector never matches
  }
  // Present but not rendered (display:none, detached) counts as not there yet.
  return el && el.getClientRects().length ? el : null;
}

/** Calls `done(el)` once the target is visible or `done(null)` after `timeout` ms; returns the cancel. */
export function waitForTarget(selector: string, timeout: number, done: (el: Element | null) => void): () => void {
  let finished = false;
  let observer: MutationObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    finished = true;
    observer?.disconnect();
    clearTimeout(timer);
  };
  const settle = (el: Element | null) => {
    if (finished) return;
    stop();
    done(el);
  };
  const now = find(selector);
  if (now) {
    // Answer asynchronously, like the waiting case, so callers see one behaviour.
    queueMicrotask(() => settle(now));
    return stop;
  }
  observer = new MutationObserver(() => {
    const el = find(selector);
    if (el) settle(el);
  });
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['class', 'style', 'hidden', 'id'],
  });
  timer = setTimeout(() => settle(null), timeout);
  return stop;
}
