/**
 * Finding a step's target: now, or when it appears (MutationObserver), within a time limit. A target may live
 * where `querySelector` does not reach: `a >>> b` finds `a`, then `b` inside `a`'s open shadow root (a web
 * component) or, when `a` is a same-origin iframe, inside its document; as many times as the selector steps in.
 */

/** The element a selector names, through shadow roots and same-origin frames (`>>>`); throws on a bad selector. */
export function query(selector: string): Element | null {
  let scope: ParentNode | null = document;
  let el: Element | null = null;
  for (const part of selector.split('>>>')) {
    el = scope && scope.querySelector(part);
    if (!el) return null;
    scope = el.shadowRoot || (el as HTMLIFrameElement).contentDocument || null;
  }
  return el;
}

/** The element's box in the page's viewport: inside a same-origin iframe, moved by where each frame sits. */
export function rectOf(el: Element): DOMRect {
  const r = el.getBoundingClientRect();
  let x = r.left;
  let y = r.top;
  for (let frame = el.ownerDocument.defaultView?.frameElement; frame; frame = frame.ownerDocument.defaultView?.frameElement) {
    const f = frame.getBoundingClientRect();
    x += f.left + frame.clientLeft;
    y += f.top + frame.clientTop;
  }
  return new DOMRect(x, y, r.width, r.height);
}

function find(selector: string): Element | null {
  let el: Element | null;
  try {
    el = query(selector);
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
  let poll: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    finished = true;
    observer?.disconnect();
    clearTimeout(timer);
    clearInterval(poll);
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
  const look = () => {
    const el = find(selector);
    if (el) settle(el);
  };
  observer = new MutationObserver(look);
  observer.observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['class', 'style', 'hidden', 'id', 'open'], // open: a <dialog> or <details> shown
  });
  // Changes inside a shadow root or a frame are not the document's: look again now and then.
  if (selector.includes('>>>')) poll = setInterval(look, 200);
  timer = setTimeout(() => settle(null), timeout);
  return stop;
}
