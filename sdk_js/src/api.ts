/** HTTP client for the SDK endpoints; answers are checked, never trusted. */
import { getState } from './state';
import type { Article, ArticleRef, Bootstrap, Category, Tour } from './types';
import { pagePath } from './util';

export interface Reply {
  status: number;
  data: any;
}

const config = () => getState().config_!;
const user = () => getState().user_!;

const url = (path: string) => `${config().server_}/api/v1/sdk/${path}`;

/** One call to the SDK API: a body makes it a POST unless `method` says otherwise. */
export async function request(
  path: string,
  body?: unknown,
  method = body ? 'POST' : 'GET',
  signal = AbortSignal.timeout?.(10000),
): Promise<Reply> {
  const res = await fetch(url(path), {
    method,
    // Either header makes a CORS preflight; the server allows both.
    headers: { 'X-Waypost-Key': config().key_, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'omit',
    // GETs revalidate (If-None-Match) every time instead of trusting a cached answer.
    cache: 'no-cache',
    signal,
  });
  return { status: res.status, data: await res.json().catch(() => null) };
}

/** A GET's query: the endpoint's parameters, who asks, and in which language. */
function query(params: Record<string, string>, locale = config().locale_): string {
  const { id, token } = user();
  const q = new URLSearchParams({ ...params, user_id: id });
  if (token) q.set('user_token', token);
  if (locale) q.set('locale', locale);
  return `${q}`;
}

/** Page-specific GETs: this page (what the server matches tours against) and the user's traits. */
function pageQuery(): string {
  const { traits } = user();
  const group = getState().group_;
  return query({
    url: pagePath(),
    ...(traits && { traits: JSON.stringify(traits) }),
    ...(group && { group_id: group.id, group_traits: JSON.stringify(group.traits || {}) }),
  });
}

export async function fetchBootstrap(): Promise<Bootstrap | null> {
  const r = await request(`bootstrap?${pageQuery()}`);
  return r.status === 200 ? parseBootstrap(r.data) : null;
}

/** GET one published tour by id, wherever the user is (for `start(id)` off its pages). */
export async function fetchTour(id: string): Promise<Tour | null> {
  const r = await request(`tours/${encodeURIComponent(id)}?${pageQuery()}`);
  return (r.status === 200 && parseTours([r.data])[0]) || null;
}

export function putOptOut(opted_out: boolean, tour_id?: string): Promise<Reply> {
  const { id, token } = user();
  return request(`users/${encodeURIComponent(id)}/opt-out`, { opted_out, tour_id, user_token: token }, 'PUT');
}

/** Delivery while the page goes away: a beacon sends no custom headers, so the key is in the query. */
export function beacon(body: unknown): boolean {
  return navigator.sendBeacon(
    url(`events?key=${encodeURIComponent(config().key_)}`),
    new Blob([JSON.stringify(body)], { type: 'text/plain' }),
  );
}

/** Searches the knowledge base in the UI's language; null when the server fails (the widget says so). */
export async function searchKb(q: string, signal: AbortSignal, category?: string): Promise<{ results: ArticleRef[]; total: number } | null> {
  const params = { q, limit: '8', url: pagePath(), ...(category && { category }) };
  const r = await request(`kb/search?${query(params, getState().locale_)}`, 0, 'GET', signal);
  return r.status === 200 ? { total: r.data.total, results: parseArticles(r.data.results) } : null;
}

/** GET the categories to browse, each with its articles ([] when they cannot be had). */
export async function fetchCategories(): Promise<Category[]> {
  const r = await request(`kb/categories?${query({}, getState().locale_)}`).catch(() => null);
  return (Array.isArray(r?.data?.categories) ? r!.data.categories : [])
    .filter((c: any) => isObj(c) && isStr(c.slug) && isStr(c.name))
    .map((c: any) => ({ slug: c.slug, name: c.name, articles: parseArticles(c.articles) }));
}

/** GET one article, in the locale it was listed in; null when it cannot be had. */
export async function fetchArticle({ slug, locale }: ArticleRef): Promise<Article | null> {
  const r = await request(`kb/articles/${encodeURIComponent(slug)}${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`).catch(() => null);
  return (r?.status === 200 && (parseArticles([r.data])[0] as Article)) || null;
}

/** POSTs that the widget only needs to know succeeded or not. */
const posted = (path: string, body: object): Promise<boolean> =>
  request(path, { user_id: user().id, user_token: user().token, ...body }).then(
    (r) => r.status < 300,
    () => false,
  );

export const postFeedback = (id: number, helpful: boolean, comment?: string) =>
  posted(`kb/articles/${id}/feedback`, { helpful, comment, url: pagePath() });

export const postSupportRequest = (message: string, email?: string) =>
  posted('support-requests', { message, email, url: pagePath() });

const isStr = (v: unknown): v is string => typeof v === 'string';
const isObj = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object';

/**
 * Turns whatever the server answered into a Bootstrap, or null for junk. Tours without an id or
 * without a step with an id are dropped; the step view copes with odd field values itself.
 */
const parseTours = (list: unknown): Tour[] =>
  (Array.isArray(list) ? list : []).filter(
    (t: any) =>
      isObj(t) && isStr(t.id) && Array.isArray(t.steps) && (t.steps = t.steps.filter((s: any) => isObj(s) && isStr(s.id))).length,
  );

/** Articles (listed, found or fetched) need a slug and a title; the views set other fields as text, or as HTML where sanitized. */
export const parseArticles = (list: unknown): ArticleRef[] =>
  (Array.isArray(list) ? list : []).filter((a) => isObj(a) && isStr(a.slug) && isStr(a.title));

export function parseBootstrap(d: unknown): Bootstrap | null {
  if (!isObj(d) || Array.isArray(d)) return null;
  return {
    user: { opted_out: d.user?.opted_out === true },
    tours: parseTours(d.tours),
    // Each type's chunk checks the rest of what it shows (a chunk that throws is caught, and shows nothing).
    experiences: (Array.isArray(d.experiences) ? d.experiences : []).filter((e: any) => isObj(e) && isStr(e.id) && isStr(e.type)),
    help: { articles: parseArticles(d.help?.articles) },
    locale: isStr(d.locale) ? d.locale : '',
    dir: d.dir === 'rtl' ? 'rtl' : 'ltr', // the server knows which languages are right-to-left
    strings: d.strings, // mergeStrings takes what it can use
  };
}
