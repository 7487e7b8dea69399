/** The help widget in happy-dom against a fake backend: rendering, search, articles, feedback, contact, keyboard. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listView } from '../src/help/panel';
import { SEARCH_DELAY, SEARCH_SETTLED } from '../src/help/search';
import { bootstrapBody, fakeServer, freshSdk, settle, shadow, shownStep, tour, type FakeServer } from './helpers';

const INIT = { key: 'pk_test', server: 'https://guide.test/', user: { id: 'u1' } };
const ARTICLES = [
  { id: 7, slug: 'reset-password', title: 'Reset your password', locale: 'en', faq_answer: 'Settings → Security.' },
  { id: 8, slug: 'invite', title: 'Invite <b>people</b>', locale: 'en', faq_answer: null },
];
const ARTICLE = {
  id: 7,
  slug: 'reset-password',
  title: 'Reset your password',
  body_html: '<p>Open <strong>Settings</strong>.</p><video controls src="/media/reset.mp4"></video><img src="https://cdn.test/a.png" alt="a">',
  category: null,
  locale: 'en',
  dir: 'ltr',
  updated_at: '2025-01-01T00:00:00Z',
  faq_answer: null,
};
let sdk: Awaited<ReturnType<typeof freshSdk>>;

const $ = (selector: string) => (shadow()?.querySelector(selector) ?? null) as HTMLElement | null;
const $$ = (selector: string) => Array.from(shadow()?.querySelectorAll(selector) || []) as HTMLElement[];
const panel = () => $('[data-waypost-help]');
const launcher = () => $('[data-waypost-launcher]') as HTMLButtonElement | null;
const input = () => $('[data-waypost-search]') as HTMLInputElement;
const posted = (server: FakeServer, path: string) => server.calls.filter((c) => c.method === 'POST' && c.url.includes(path));

function kbServer(extra: Record<string, unknown> = {}) {
  const server = fakeServer({ status: 200, body: bootstrapBody([], { help: { articles: ARTICLES }, ...extra }) });
  server.routes['/kb/search'] = (call) => {
    const q = new URL(call.url).searchParams.get('q')!;
    return q === 'nothing'
      ? { status: 200, body: { results: [], total: 0 } }
      : { status: 200, body: { results: [{ ...ARTICLES[0], score: 1, snippet_html: `<mark>${q}</mark> it` }], total: 1 } };
  };
  server.routes['/kb/articles/reset-password'] = { status: 200, body: ARTICLE };
  server.routes['/feedback'] = { status: 201, body: { id: 1 } };
  server.routes['/support-requests'] = { status: 201, body: { id: 1, status: 'new' } };
  return server;
}

async function type(text: string) {
  input().value = text;
  input().dispatchEvent(new Event('input'));
  await settle(SEARCH_DELAY / 5 + 1); // settle() waits 5 times
}

async function flushEvents() {
  const { flush } = await import('../src/events');
  await flush();
}

describe('help widget', () => {
  beforeEach(async () => {
    sdk = await freshSdk();
  });
  afterEach(async () => {
    sdk.stop();
    await sdk.init({ key: 'x', server: 'https://off.test', help: false });
  });

  it('shows a launcher (bottom-right by default) that opens the labelled panel with the page\'s articles', async () => {
    kbServer();
    await sdk.init(INIT);
    await settle();
    const button = launcher()!;
    expect(button.getAttribute('aria-label')).toBe('Help');
    expect(button.className).toBe('l'); // the inline-end corner: bottom-right in ltr
    expect(button.getAttribute('aria-expanded')).toBe('false');
    button.click();
    const dialog = panel()!;
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(shadow()!.getElementById(dialog.getAttribute('aria-labelledby')!)!.textContent).toBe('Help');
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(shadow()!.activeElement).toBe(input());
    expect($$('[data-waypost-article]').map((a) => a.dataset.waypostArticle)).toEqual(['reset-password', 'invite']);
    // titles and FAQ answers are text, never HTML
    expect($('[data-waypost-article="invite"]')!.textContent).toBe('Invite <b>people</b>');
    expect(dialog.textContent).toContain('Settings → Security.');
    expect(dialog.querySelector('b')).toBeNull();
    button.click();
    expect(panel()).toBeNull();
  });

  it('is loaded on first use and keeps the order of calls meanwhile: open, then identify, leaves it closed', async () => {
    kbServer();
    await sdk.init({ ...INIT, help: { launcher: false } });
    await settle();
    expect(document.querySelector('waypost-root')).toBeNull(); // nothing of the widget until it is asked for
    const opening = sdk.help('open');
    sdk.identify({ id: 'someone-else' });
    await opening;
    await settle();
    expect(panel()).toBeNull();
    await sdk.help('open');
    expect(panel()).not.toBeNull();
  });

  it('opens an article by slug: help("article", slug), and links to articles on the host page', async () => {
    const server = kbServer();
    document.body.innerHTML = '<a id="plain" href="#go" data-waypost-article="reset-password">Reset</a>';
    await sdk.init(INIT);
    await settle();
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    document.getElementById('plain')!.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true); // opened here instead (the browser test follows it unloaded)
    await settle();
    expect($('article[data-waypost-article="reset-password"]')).not.toBeNull();
    await sdk.help('close');
    await sdk.help('article', 'reset-password');
    await settle();
    expect($('article[data-waypost-article="reset-password"] h3')!.textContent).toBe('Reset your password');
    await flushEvents();
    const opened = server.eventsPosted().filter((e) => e.type === 'help_opened');
    expect(opened.map((e) => e.data.via)).toEqual(['link', 'link']);
  });

  it('browses categories (names as text) and searches within the one browsed', async () => {
    const server = kbServer();
    server.routes['/kb/categories'] = {
      status: 200,
      body: { categories: [{ slug: 'billing', name: 'Billing <i>x</i>', articles: [ARTICLES[1]] }, { slug: 7, name: 'junk' }] },
    };
    await sdk.init(INIT);
    await settle();
    await sdk.help('open');
    await settle();
    const topic = $('[data-waypost-category="billing"]')!;
    expect(topic.textContent).toBe('Billing <i>x</i>');
    expect($$('[data-waypost-category]')).toHaveLength(1); // the junk one is dropped
    topic.click();
    expect($$('[data-waypost-article]').map((a) => a.dataset.waypostArticle)).toEqual(['invite']);
    expect($('h3')!.textContent).toBe('Billing <i>x</i>');
    await type('pass');
    const asked = server.calls.filter((c) => c.url.includes('/kb/search')).at(-1)!;
    expect(new URL(asked.url).searchParams.get('category')).toBe('billing');
    $('[data-waypost-action="help-topics"]')!.click();
    await settle(SEARCH_DELAY / 5 + 1);
    const again = server.calls.filter((c) => c.url.includes('/kb/search')).at(-1)!;
    expect(new URL(again.url).searchParams.get('category')).toBeNull(); // the same words, everywhere now
  });

  it('takes its corner from the options and mirrors it in right-to-left languages', async () => {
    kbServer();
    await sdk.init({ ...INIT, help: { position: 'bottom-left' } });
    await settle();
    expect(launcher()!.className).toBe('l z'); // the inline-start corner
    expect(launcher()!.dir).toBe('ltr');
    await sdk.help('open');
    expect(panel()!.className).toBe('h z');
    await sdk.init({ key: 'x', server: 'https://off.test', help: false }); // this instance leaves the page
    sdk = await freshSdk();
    kbServer({ locale: 'ar', dir: 'rtl', strings: { help: 'مساعدة' } });
    await sdk.init({ ...INIT, locale: 'ar' });
    await settle();
    expect(launcher()!.className).toBe('l');
    expect(launcher()!.dir).toBe('rtl'); // inline-end: bottom-left (the browser test measures it)
    expect(launcher()!.getAttribute('aria-label')).toBe('مساعدة');
    await sdk.help('open');
    expect(panel()!.getAttribute('dir')).toBe('rtl');
    expect(panel()!.getAttribute('lang')).toBe('ar');
    expect(panel()!.className).toBe('h');
  });

  it('without a launcher, help("open") and help("close") still work', async () => {
    kbServer();
    document.body.innerHTML = '<button id="mine">Help me</button>';
    await sdk.init({ ...INIT, help: { launcher: false } });
    await settle();
    expect(launcher()).toBeNull();
    expect(document.querySelector('waypost-root')).toBeNull();
    const mine = document.getElementById('mine')!;
    mine.focus();
    await sdk.Waypost('help', 'open');
    expect(panel()).not.toBeNull();
    input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(panel()).toBeNull();
    expect(document.activeElement).toBe(mine); // focus back where it was
    expect(document.querySelector('waypost-root')).toBeNull();
    await sdk.help('open');
    await sdk.help('close');
    expect(panel()).toBeNull();
  });

  it('searches as you type: one request per pause, <mark> from the snippet as HTML, a "search" event', async () => {
    const server = kbServer();
    const seen: any[] = [];
    await sdk.init(INIT);
    sdk.on('search', (e) => seen.push(e));
    await settle();
    await sdk.help('open');
    input().value = 'pa';
    input().dispatchEvent(new Event('input'));
    await type('pass');
    const searches = server.calls.filter((c) => c.url.includes('/kb/search'));
    expect(searches).toHaveLength(1);
    expect(Object.fromEntries(new URL(searches[0].url).searchParams)).toMatchObject({ q: 'pass', user_id: 'u1', locale: 'en' });
    expect($('[data-waypost-article="reset-password"]')).not.toBeNull();
    expect($('mark')!.textContent).toBe('pass');
    expect(new URL(searches[0].url).searchParams.get('url')).toBe(location.pathname + location.search);
    expect(seen).toHaveLength(0); // a "search" event once the query settles, not at every pause

    await type('');
    expect($$('[data-waypost-article]')).toHaveLength(2); // the page's articles again
    expect(seen).toHaveLength(1); // clearing the box settles the search
    expect(seen[0]).toMatchObject({ type: 'search', query: 'pass', data: { results: 1 } });

    await type('nothing');
    expect(panel()!.textContent).toContain('No results');
    await settle(SEARCH_SETTLED / 5 + 1);
    expect(seen).toHaveLength(2); // left alone long enough, it settles by itself
    expect(seen[1]).toMatchObject({ type: 'search', query: 'nothing', data: { results: 0 } });
  });

  it('reports help_opened, in the help\'s locale, each time the panel opens', async () => {
    kbServer({ locale: 'th' }); // the locale the server answers in, which the help is shown in
    const seen: any[] = [];
    await sdk.init({ ...INIT, locale: 'th-TH' });
    sdk.on('help_opened', (e) => seen.push(e));
    await settle();
    await sdk.help('open');
    await sdk.help('open'); // already open: not again
    await sdk.help('close');
    await sdk.help('open');
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ type: 'help_opened', data: { locale: 'th' } });
  });

  it('opens an article inside the panel (body as HTML, media from the Waypost server) and reports article_viewed', async () => {
    const server = kbServer();
    await sdk.init(INIT);
    await settle();
    await sdk.help('open');
    await type('reset');
    $('[data-waypost-article="reset-password"]')!.click();
    await settle();
    const article = $('article[data-waypost-article="reset-password"]')!;
    expect(article.querySelector('h3')!.textContent).toBe('Reset your password');
    expect(article.querySelector('strong')!.textContent).toBe('Settings');
    expect(article.querySelector('video')!.getAttribute('src')).toBe('https://guide.test/media/reset.mp4');
    expect(article.querySelector('img')!.getAttribute('src')).toBe('https://cdn.test/a.png');
    const updated = article.querySelector('h3 + p')!;
    expect(updated.textContent).toBe(`Updated ${new Date('2025-01-01T00:00:00Z').toLocaleDateString('en', { dateStyle: 'medium' })}`);
    expect(updated.getAttribute('lang')).toBe('en'); // the UI's language, not necessarily the article's
    expect(new URL(server.calls.find((c) => c.url.includes('/kb/articles/'))!.url).searchParams.get('locale')).toBe('en');
    await flushEvents();
    const viewed = server.eventsPosted().find((e) => e.type === 'article_viewed');
    expect(viewed).toMatchObject({ article_id: '7', query: 'reset' });

    $('[data-waypost-action="help-back"]')!.click();
    expect($('article')).toBeNull();
    expect($('mark')!.textContent).toBe('reset'); // back to the results it came from
  });

  it('sends "helpful: yes" at once; a "no" with its comment, or without one when the reader leaves', async () => {
    const server = kbServer();
    const signals: unknown[] = [];
    sdk.on('article_voted', (e) => signals.push([e.article_id, e.data]));
    await sdk.init(INIT);
    await settle();
    await sdk.help('open');
    const openArticle = async () => {
      $('[data-waypost-article="reset-password"]')!.click();
      await settle();
    };
    await openArticle();
    $('[data-waypost-action="helpful-yes"]')!.click();
    await settle();
    expect(posted(server, '/kb/articles/7/feedback').map((c) => c.body)).toEqual([{ user_id: 'u1', helpful: true, url: location.pathname + location.search }]);
    expect(panel()!.textContent).toContain('Thank you!');

    $('[data-waypost-action="help-back"]')!.click();
    await openArticle();
    $('[data-waypost-action="helpful-no"]')!.click();
    const comment = $('textarea') as HTMLTextAreaElement;
    expect(shadow()!.activeElement).toBe(comment);
    comment.value = '  Missing the SSO case ';
    $('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    expect(posted(server, '/feedback').at(-1)!.body).toEqual({
      user_id: 'u1',
      helpful: false,
      comment: 'Missing the SSO case',
      url: location.pathname + location.search,
    });

    $('[data-waypost-action="help-back"]')!.click();
    await openArticle();
    $('[data-waypost-action="helpful-no"]')!.click();
    await sdk.help('close'); // the vote is not lost
    expect(posted(server, '/feedback').at(-1)!.body).toEqual({ user_id: 'u1', helpful: false, url: location.pathname + location.search });
    expect(posted(server, '/feedback')).toHaveLength(3);
    // listeners (and surveys waiting for it) hear each vote the server took; it is not sent as an event too
    await settle();
    expect(signals).toEqual([['7', { helpful: true }], ['7', { helpful: false }], ['7', { helpful: false }]]);
    await flushEvents();
    expect(server.eventsPosted().map((e) => e.type)).not.toContain('article_voted');
  });

  it('posts a support request with the page it came from, then thanks; says so when it fails', async () => {
    const server = kbServer();
    history.replaceState(null, '', '/app/billing?tab=2');
    await sdk.init(INIT);
    await settle();
    await sdk.help('open');
    $('[data-waypost-action="contact"]')!.click();
    expect($('[data-waypost-action="contact"]')!.hidden).toBe(true);
    const [message, email] = [$('textarea') as HTMLTextAreaElement, $('input[type="email"]') as HTMLInputElement];
    expect(message.closest('label')!.textContent).toBe('Message');
    expect(email.closest('label')!.textContent).toBe('Email (optional)');
    message.value = 'I cannot export';
    const signals: string[] = [];
    sdk.on('support_requested', (e) => signals.push(e.type));
    server.routes['/support-requests'] = { status: 500 };
    $('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    expect(panel()!.textContent).toContain('Something went wrong');
    server.routes['/support-requests'] = { status: 201, body: { id: 1 } };
    email.value = 'ann@example.com';
    $('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    expect(posted(server, '/support-requests').at(-1)!.body).toEqual({
      user_id: 'u1',
      message: 'I cannot export',
      email: 'ann@example.com',
      url: '/app/billing?tab=2',
    });
    expect(signals).toEqual(['support_requested']); // once, for the request that was taken
    expect($('form')).toBeNull();
    expect(panel()!.textContent).toContain('Thank you!');
    history.replaceState(null, '', '/');
  });

  it('refreshes the page\'s articles on a route change, but leaves an open article alone', async () => {
    const server = kbServer();
    await sdk.init(INIT);
    await settle();
    await sdk.help('open');
    server.bootstrap = { status: 200, body: bootstrapBody([], { help: { articles: [ARTICLES[1]] } }) };
    history.pushState({}, '', '/other');
    await settle();
    expect($$('[data-waypost-article]').map((a) => a.dataset.waypostArticle)).toEqual(['invite']);
    server.routes['/kb/articles/invite'] = { status: 200, body: { ...ARTICLE, id: 8, slug: 'invite' } };
    $('[data-waypost-article="invite"]')!.click();
    await settle();
    history.pushState({}, '', '/third');
    await settle();
    expect($('article[data-waypost-article="invite"]')).not.toBeNull();
    history.replaceState({}, '', '/');
  });

  it('Escape closes the panel and gives focus back to the launcher, without ending a tour shown meanwhile', async () => {
    const server = kbServer();
    server.bootstrap = { status: 200, body: bootstrapBody([tour()], { help: { articles: ARTICLES } }) };
    await sdk.init(INIT);
    await settle();
    expect(shownStep()!.dataset.waypostStep).toBe('welcome');
    // stacking: the launcher below the tour's overlay, the step above everything
    const z = (el: Element | null) => Number(getComputedStyle(el as Element).zIndex) || 0;
    expect([z(launcher()), z($('.o')), z(shownStep())]).toEqual([0, 1, 3]);
    launcher()!.focus();
    launcher()!.click();
    input().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(panel()).toBeNull();
    expect(shadow()!.activeElement).toBe(launcher());
    expect(shownStep()).not.toBeNull();
    // the tour ends; the launcher stays
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(shownStep()).toBeNull();
    expect(launcher()).not.toBeNull();
  });

  it('another user (identify) closes the panel: what is in it was the previous user\'s', async () => {
    kbServer();
    await sdk.init(INIT);
    await settle();
    await sdk.help('open');
    await sdk.identify({ id: 'u2' });
    expect(panel()).toBeNull();
    expect(launcher()).not.toBeNull();
  });

  it('with the backend down the launcher still opens; search and articles say so; nothing is thrown', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('unhandledRejection', onError);
    try {
      await sdk.init(INIT);
      await settle();
      launcher()!.click();
      expect($$('[data-waypost-article]')).toHaveLength(0);
      await type('password');
      expect(panel()!.textContent).toContain('Something went wrong');
      $('[data-waypost-action="contact"]')!.click();
      ($('textarea') as HTMLTextAreaElement).value = 'help';
      $('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
      await settle();
      expect(panel()!.textContent).toContain('Something went wrong');
      expect(errors).toEqual([]);
    } finally {
      process.off('unhandledRejection', onError);
    }
  });
});

describe('article lists', () => {
  it('set titles and FAQ answers as text and only the snippet as HTML', () => {
    const list = listView(
      [
        { id: 1, slug: 'a', title: '<img src=x onerror=alert(1)>', faq_answer: '<i>not html</i>' },
        { id: 2, slug: 'b', title: 'B', snippet_html: 'reset your <mark>password</mark>' },
      ],
      () => {},
    ) as HTMLElement;
    expect(list.querySelector('img')).toBeNull();
    expect(list.querySelector('i')).toBeNull();
    expect(list.querySelector('[data-waypost-article="a"]')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(list.textContent).toContain('<i>not html</i>');
    expect(list.querySelector('mark')!.textContent).toBe('password');
  });

  it('say "no results" only for a search', () => {
    expect(listView([], () => {})).toBe('');
    expect((listView([], () => {}, 'No results') as HTMLElement).textContent).toBe('No results');
  });
});
