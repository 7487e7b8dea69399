/** HTTP client for the SDK endpoints (api-contract §2); answers are checked, never trusted. */
import { dirFor } from './i18n';
import { getState } from './state';
import type { Bootstrap, Tour, WaypostEvent } from './types';

export interface Reply {
  status: number;
  data: any;
}

const config = () => getState().config!;

export async function request(method: string, path: string, body?: unknown, cache?: RequestCache): Promise<Reply> {
  const { server, key } = config();
  const headers: Record<string, string> = { 'X-Waypost-Key': key };
  if (body) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server}/api/v1/sdk/${path}`, {
    method,
    headers,
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'omit',
    cache,
    signal: AbortSignal.timeout?.(10000),
  });
  return { status: res.status, data: await res.json().catch(() => null) };
}

/** The query every GET carries: who asks, in which language, from which page. */
function query(url: string): string {
  const { user, config } = getState();
  const q = new URLSearchParams({ url: url.slice(0, 2048), user_id: user!.id });
  if (user!.token) q.set('user_token', user!.token);
  if (config!.locale) q.set('locale', config!.locale);
  if (user!.traits) q.set('traits', JSON.stringify(user!.traits));
  return `${q}`;
}

/** GET bootstrap; `no-cache` makes the browser revalidate with If-None-Match every time. */
export async function fetchBootstrap(url: string): Promise<Bootstrap | null> {
  const r = await request('GET', `bootstrap?${query(url)}`, undefined, 'no-cache');
  return r.status == 200 ? parseBootstrap(r.data) : null;
}

/** GET one published tour by id, wherever the user is (for `start(id)` off its pages). */
export async function fetchTour(id: string, url: string): Promise<Tour | null> {
  const r = await request('GET', `tours/${encodeURIComponent(id)}?${query(url)}`, undefined, 'no-cache');
  return (r.status == 200 && parseTours([r.data])[0]) || null;
}

export const postEvents = (user_id: string, user_token: string | undefined, events: WaypostEvent[]) =>
  request('POST', 'events', { user_id, user_token, events });

export function putOptOut(opted_out: boolean, tour_id?: string): Promise<Reply> {
  const { id, token } = getState().user!;
  return request('PUT', `users/${encodeURIComponent(id)}/opt-out`, { opted_out, tour_id, user_token: token });
}

/** Delivery while the page goes away: a beacon sends no custom headers, so the key is in the query. */
export function beacon(body: unknown): boolean {
  const { server, key } = config();
  return navigator.sendBeacon(
    `${server}/api/v1/sdk/events?key=${encodeURIComponent(key)}`,
    new Blob([JSON.stringify(body)], { type: 'text/plain' }),
  );
}

const isStr = (v: unknown): v is string => typeof v == 'string';
const isObj = (v: unknown): v is Record<string, any> => !!v && typeof v == 'object';

/**
 * Turns whatever the server answered into a Bootstrap, or null for junk. Tours without an id or
 * without a step with an id are dropped; the step view copes with odd field values itself.
 */
const parseTours = (list: unknown): Tour[] =>
  (Array.isArray(list) ? list : []).filter(
    (t: any) =>
      isObj(t) && isStr(t.id) && Array.isArray(t.steps) && (t.steps = t.steps.filter((s: any) => isObj(s) && isStr(s.id))).length,
  );

export function parseBootstrap(d: unknown): Bootstrap | null {
  if (!isObj(d) || Array.isArray(d)) return null;
  return {
    user: { id: String(d.user?.id ?? ''), opted_out: d.user?.opted_out === true },
    tours: parseTours(d.tours),
    help: { articles: Array.isArray(d.help?.articles) ? d.help.articles : [] },
    locale: isStr(d.locale) ? d.locale : '',
    dir: d.dir === 'rtl' || d.dir === 'ltr' ? d.dir : dirFor(d.locale),
    strings: isObj(d.strings) ? d.strings : {},
  };
}
