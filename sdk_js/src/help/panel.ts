/**
 * The help panel: a labelled, non-modal dialog with the search box on top and one view below
 * it: the page's articles, search results, an article, or the contact form.
 */
import { fetchArticle, fetchCategories, searchKb } from '../api';
import { button, h, html, status } from '../dom';
import { track } from '../events';
import { getState } from '../state';
import type { ArticleRef, Category } from '../types';
import { articleView } from './article';
import { contactView } from './contact';
import { SEARCH_SETTLED, searcher } from './search';

export interface Panel {
  el_: HTMLElement;
  focus_: () => void;
  /** Strings, direction or the page's articles changed (bootstrap answered, the route changed). */
  refresh_: () => void;
  /** The panel is closing: cancel the search, send a pending vote. */
  leave_: () => void;
  /** Shows one article (by slug, in the user's language), as a link from the host page asks. */
  open_: (a: ArticleRef) => void;
}

/**
 * Article links, each `[data-waypost-article=SLUG]`, in the article's language. Titles and FAQ answers are text; a search
 * result's snippet is the server's sanitized HTML (its only tag is `<mark>`).
 */
export function listView(items: ArticleRef[], open: (a: ArticleRef) => void, empty = ''): Node | string {
  if (!items.length) return empty && status(empty);
  return h(
    'ul',
    { class: 't' },
    ...items.map((a) =>
      h(
        'li',
        // Each in its own language, direction from its own text: an English fallback in an Arabic panel keeps
        // its final period at its end.
        { dir: 'auto', ...(a.locale && { lang: a.locale }) },
        h('button', { type: 'button', class: 'k', 'data-waypost-article': a.slug, onclick: () => open(a) }, a.title),
        a.snippet_html ? html(h('p', { class: 'q' }), a.snippet_html) : a.faq_answer && h('p', { class: 'q' }, a.faq_answer),
      ),
    ),
  );
}

export function panelView(close: () => void, corner: string): Panel {
  let query = ''; // the search whose results are listed; '' while the page's articles are
  let results: ArticleRef[] = [];
  let shown = 0; // counts views, so that an answer meant for an older one is dropped
  let listing = true; // the page's articles or search results are shown (refreshed when they change)
  let leave: (() => unknown) | undefined;
  const strings = () => getState().strings_;

  /** Replaces the view (the one left may have something to finish, like a pending vote). */
  const show = (view: Node | string, onLeave?: () => unknown) => {
    leave?.();
    leave = onLeave;
    shown++;
    listing = contact.hidden = false;
    body.replaceChildren(view);
  };
  let topics: Category[] = []; // the categories to browse, once the server said
  let topic: Category | undefined; // the one browsed (and searched within)
  // Drawn apart from the list, so that the categories' late answer never redraws (and unfocuses) the list.
  const topicsBox = h('div');
  const drawTopics = () =>
    topicsBox.replaceChildren(
      ...(topics.length
        ? [
            h('h3', {}, strings().topics),
            h(
              'ul',
              { class: 't' },
              ...topics.map((c) =>
                h('li', { dir: 'auto' }, h('button', { type: 'button', class: 'k', 'data-waypost-category': c.slug, onclick: () => ((topic = c), showList()) }, c.name)),
              ),
            ),
          ]
        : []),
    );
  const showList = () => {
    const s = strings();
    const articles = query ? results : topic ? topic.articles : getState().boot_?.help.articles || [];
    drawTopics();
    show(
      h(
        'div',
        {},
        topic && button('help-topics', s.back, () => ((topic = undefined), search(input.value.trim()), showList()), { class: 'u' }),
        topic && h('h3', { dir: 'auto' }, topic.name),
        listView(articles, open, query && s.no_results),
        !query && !topic && topicsBox,
      ),
    );
    listing = true;
  };
  fetchCategories().then((list) => {
    topics = list;
    drawTopics();
  });
  /** "Back" to the list (focus to the search box: the link that was followed is drawn anew). */
  const back = () =>
    button('help-back', strings().back, () => {
      showList();
      input.focus();
    }, { class: 'u' });

  async function open(ref: ArticleRef) {
    search(''); // a search still waiting would replace the article
    const mine = ++shown;
    listing = false; // nor may the categories' answer
    const a = await fetchArticle(ref);
    if (mine !== shown) return;
    if (!a) return show(h('div', {}, back(), status(strings().error)));
    track('article_viewed', { article_id: String(a.id), ...(query && { query }) });
    show(...articleView(a, back()));
  }

  // The "search" event is sent once a query settles: SEARCH_SETTLED ms without a newer one, or when the box is
  // cleared, an article is opened or the panel closes; not at every pause of the typing.
  let unsent: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const sendSearch = () => {
    clearTimeout(timer);
    unsent?.();
    unsent = undefined;
  };
  const find = searcher((q, signal) => searchKb(q, signal, topic?.slug), (q, answer) => {
    if (!answer) return show(status(strings().error));
    query = q;
    results = answer.results;
    clearTimeout(timer);
    unsent = () => track('search', { query: q, data: { results: answer.total } });
    timer = setTimeout(sendSearch, SEARCH_SETTLED);
    showList();
  });
  const search = (q: string) => {
    if (!q) sendSearch();
    find(q);
  };

  const title = h('h2', { id: 'wp-h' });
  const x = button('help-close', '\u00d7', close, { class: 'x' });
  const input = h('input', {
    type: 'search',
    'data-waypost-search': '',
    oninput: () => {
      const q = input.value.trim();
      search(q);
      if (!q && (query || listing)) {
        query = '';
        showList();
      }
    },
  });
  const body = h('div');
  const contact = button('contact', '', () => {
    show(contactView(back()));
    contact.hidden = true;
  }, { class: 'u' });
  const el = h(
    'div',
    {
      class: 'h' + corner,
      role: 'dialog',
      'data-waypost-help': '',
      'aria-labelledby': 'wp-h',
      onkeydown: (e: KeyboardEvent) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation(); // ours: a tour shown at the same time stays
        close();
      },
    },
    title,
    x,
    input,
    body,
    contact,
  );

  const refresh = () => {
    const { strings_: s, dir_, locale_ } = getState();
    el.dir = dir_;
    if (locale_) el.lang = locale_;
    title.textContent = s.help;
    x.setAttribute('aria-label', s.close);
    input.placeholder = s.search;
    input.setAttribute('aria-label', s.search);
    contact.textContent = s.contact;
    if (listing) showList(); // an article or a form being read or filled in stays as it is
  };
  refresh();
  return { el_: el, focus_: () => input.focus(), refresh_: refresh, leave_: () => (search(''), leave?.()), open_: open };
}
