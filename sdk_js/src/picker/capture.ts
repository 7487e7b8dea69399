/** Window listeners in the capture phase: the picker hears events before the host page does. */
import { guard } from '../util';

export function capture<E extends Event>(type: string, fn: (e: E) => void): () => void {
  const handler = guard(fn as (e: Event) => void);
  window.addEventListener(type, handler, true);
  return () => window.removeEventListener(type, handler, true);
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
