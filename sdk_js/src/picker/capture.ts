/** Window listeners in the capture phase: the picker hears events before the host page does, in the page and in its
 * same-origin iframes (whose events never reach the page's window). */
import { guard } from '../util';

/** This window and the windows of the same-origin iframes on the page now. */
function windows(): Window[] {
  const frames = [...document.querySelectorAll('iframe')].map((frame) => {
    try {
      return frame.contentWindow?.document ? frame.contentWindow : null; // another origin's throws
    } catch {
      return null;
    }
  });
  return [window, ...(frames.filter(Boolean) as Window[])];
}

export function capture<E extends Event>(type: string, fn: (e: E) => void): () => void {
  const handler = guard(fn as (e: Event) => void);
  const heard = windows();
  heard.forEach((w) => w.addEventListener(type, handler, true));
  return () => heard.forEach((w) => w.removeEventListener(type, handler, true));
}

/** Calls `fn` once on Escape, which the host page then never sees; returns the cleanup. */
export function onEscape(fn: () => void): () => void {
  const off = capture('keydown', (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopImmediatePropagation();
    off();
    fn();
  });
  return off;
}
