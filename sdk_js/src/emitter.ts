/** Subscriptions for `Waypost('on', type, fn)`: typed listeners, each bind returns its unbind. */
import { debug } from './util';
import type { WaypostEvent } from './types';

type Listener = (event: WaypostEvent) => void;

const listeners: Record<string, Listener[]> = {};

/** Listens to one event type, or '*' for all; returns the function that unbinds it. (A listener that is no function fails harmlessly in emit.) */
export function on(type: string, fn: Listener): () => void {
  (listeners[type] ||= []).push(fn);
  return () => {
    listeners[type] = (listeners[type] || []).filter((f) => f !== fn);
  };
}

export function emit(event: WaypostEvent): void {
  for (const fn of [...(listeners[event.type] || []), ...(listeners['*'] || [])]) {
    try {
      fn(event);
    } catch (e) {
      debug('listener', e); // a host listener that throws must not break the tour
    }
  }
}
