/** Small shared helpers: logging, the guard that keeps errors away from the host page, ids, storage. */

export const debug = (...args: unknown[]): void => console.debug('[waypost]', ...args);

/**
 * Wraps a function so that nothing it throws (or rejects with) reaches the host page;
 * a returned promise is caught (it resolves to undefined instead of rejecting).
 */
export function guard<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | undefined {
  return function (this: unknown, ...args: A) {
    try {
      const r = fn.apply(this, args);
      return r instanceof Promise ? (r.catch(debug) as R) : r;
    } catch (e) {
      debug(e);
    }
  };
}

/** A v4 UUID; randomUUID needs a secure context, getRandomValues does not. */
export const uuid = (): string =>
  crypto.randomUUID?.() ??
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) =>
    (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16),
  );

/** The page's path and query (as much as the server takes): what it matches tours and articles against. */
export const pagePath = (): string => (location.pathname + location.search).slice(0, 2048);

// localStorage can be missing or throw (privacy modes, sandboxed iframes): fall back to memory.
const memory: Record<string, string | undefined> = {};

export function load<T>(name: string, fallback: T): T {
  const k = 'waypost.' + name;
  let raw: string | null | undefined;
  try {
    raw = localStorage.getItem(k);
  } catch {
    raw = memory[k];
  }
  try {
    return raw ? JSON.parse(raw) : fallback;
  } catch {
    return fallback;
  }
}

/** Stores a JSON value; null or undefined removes it. */
export function save(name: string, value: unknown): void {
  const k = 'waypost.' + name;
  const raw = value == null ? undefined : JSON.stringify(value);
  try {
    if (raw) localStorage.setItem(k, raw);
    else localStorage.removeItem(k);
  } catch {
    memory[k] = raw;
  }
}

/** addEventListener with a guarded handler; returns the cleanup. */
export function listen<E extends Event>(target: EventTarget, type: string, fn: (e: E) => void): () => void {
  const h = guard(fn as (e: Event) => void);
  target.addEventListener(type, h);
  return () => target.removeEventListener(type, h);
}
