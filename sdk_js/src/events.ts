/**
 * The analytics queue: events wait in localStorage until the server acknowledges them (202),
 * are sent in batches every few seconds or when enough pile up, retried with backoff, and
 * beaconed when the page goes away. Event ids make every resend idempotent on the server.
 */
import { beacon, request } from './api';
import { emit } from './emitter';
import { getState } from './state';
import type { WaypostEvent } from './types';
import { debug, listen, load, pagePath, save, uuid } from './util';

interface Item {
  u: string; // the user the event belongs to
  e: WaypostEvent;
}

export const FLUSH_DELAY = 3000;
export const FLUSH_AT = 10;
export const BATCH = 100;
const KEEP = 500;
const MAX_BACKOFF = 60000;

let timer: ReturnType<typeof setTimeout> | undefined;
let due = Infinity;
let failures = 0;
let sending = false;

const storeKey = () => 'q.' + (getState().config_?.key_ || '');
const read = (): Item[] => {
  const v = load<Item[]>(storeKey(), []);
  return Array.isArray(v) ? v : [];
};
const write = (items: Item[]) => save(storeKey(), items.length ? items.slice(-KEEP) : null);

/** Events waiting for acknowledgement (oldest first). */
export const pending = (): WaypostEvent[] => read().map((i) => i.e);

/** Records an event for the current user, tells `on()` listeners, and schedules delivery. */
export function track(type: string, fields: Partial<WaypostEvent> = {}): WaypostEvent | undefined {
  const { user_: user, config_ } = getState();
  if (!user || !config_) return undefined;
  const e: WaypostEvent = { id: uuid(), type, ts: new Date().toISOString(), url: pagePath(), ...fields };
  const items = read();
  items.push({ u: user.id, e });
  write(items);
  emit(e);
  schedule(items.length >= FLUSH_AT ? 0 : FLUSH_DELAY);
  return e;
}

export function schedule(ms: number): void {
  const at = Date.now() + ms;
  if (timer !== undefined && due <= at) return;
  clearTimeout(timer);
  due = at;
  timer = setTimeout(() => {
    timer = undefined;
    due = Infinity;
    flush().catch(debug);
  }, ms);
}

/** The body of the next POST: the first user's events (one user's per POST), with their token if they are still the user. */
function nextBatch(items: Item[]) {
  const u = items[0]?.u;
  const { user_: user } = getState();
  return u == null
    ? null
    : {
        user_id: u,
        user_token: user?.id === u ? user.token : undefined,
        events: items.filter((i) => i.u === u).slice(0, BATCH).map((i) => i.e),
      };
}

function forget(ids: Set<string>): number {
  const rest = read().filter((i) => !ids.has(i.e.id));
  write(rest);
  return rest.length;
}

/** Sends one batch now; on success (or a batch the server will never take) forgets it. */
export async function flush(): Promise<void> {
  if (sending || !getState().config_) return;
  const batch = nextBatch(read());
  if (!batch) return;
  sending = true;
  try {
    const r = await request('events', batch);
    if (r.status >= 500 || r.status === 429) throw r.status;
    // 2xx: stored; other 4xx (bad key, bad token, invalid batch): resending cannot help.
    if (r.status >= 300) debug('events', r.status, r.data);
    failures = 0;
    // More queued: send it next (a timer, so it runs once this batch is done).
    if (forget(new Set(batch.events.map((e) => e.id)))) schedule(0);
  } catch (e) {
    failures++;
    debug('events', e);
    schedule(Math.min(MAX_BACKOFF, 1000 * 2 ** failures));
    return;
  } finally {
    sending = false;
  }
}

/** On pagehide: beacon what is queued. Items stay stored; the next page resends, the server dedupes. */
export function beaconAll(): void {
  let items = read();
  for (let n = 0; n < 5; n++) {
    const batch = nextBatch(items);
    if (!batch) return;
    beacon(batch);
    const sent = new Set(batch.events);
    items = items.filter((i) => !sent.has(i.e));
  }
}

/** Starts delivery for this page: leftovers from earlier pages soon, the rest on pagehide. */
export function startQueue(): () => void {
  failures = 0;
  if (read().length) schedule(500);
  const off = listen(window, 'pagehide', beaconAll);
  return () => {
    off();
    clearTimeout(timer);
    timer = undefined;
    due = Infinity;
  };
}
