/**
 * An article shown inside the panel: its server-sanitized body (images, videos and iframes
 * included) and "Was this helpful?". A "No" waits for an optional comment; it is sent with the
 * comment, or without one when the reader moves on.
 */
import { postFeedback } from '../api';
import { button, h, html } from '../dom';
import { format } from '../i18n';
import { getState } from '../state';
import type { Article } from '../types';
import { answer, sendForm, signal } from './form';

/** "Updated 4 Dec 2026", in the reader's language and calendar (the line is in the UI's language, not the
 * article's); nothing for a date that cannot be read. */
function updated(iso: string | undefined, template: string, attrs: Record<string, string>): HTMLElement | false {
  const date = new Date(iso || NaN);
  if (isNaN(+date)) return false;
  const day = (lang?: string) => date.toLocaleDateString(lang, { dateStyle: 'medium' });
  let text: string;
  try {
    text = day(attrs.lang);
  } catch {
    text = day(); // a language tag Intl does not take
  }
  return h('p', { class: 'q', ...attrs }, format(template, { date: text }));
}

/** The article element, and what to do when it is left (send a pending "No"). */
export function articleView(a: Article, back: HTMLElement): [HTMLElement, () => unknown] {
  const { strings_: s, config_, dir_, locale_ } = getState();
  let pending = false;
  const vote = (helpful: boolean, comment?: string) => (
    (pending = false),
    postFeedback(a.id, helpful, comment).then((ok) => (ok && signal('article_voted', { article_id: String(a.id), data: { helpful } }), ok))
  );
  const comment = h('textarea', { rows: '3' });
  const box: HTMLElement = h(
    'div',
    { class: 'f' },
    h('span', { class: 'p' }, s.helpful),
    button('helpful-yes', s.yes, () => vote(true).then((ok) => answer(box, ok, 'voted'))),
    button('helpful-no', s.no, () => {
      pending = true;
      box.replaceWith(sendForm(() => vote(false, comment.value.trim() || undefined), 'voted', h('label', {}, s.comment, comment)));
      comment.focus();
    }),
  );
  const title = h('h3', { tabindex: '-1' }, a.title);
  queueMicrotask(() => title.focus()); // the clicked link is gone: the reader continues here
  const el = h(
    'article',
    { 'data-waypost-article': a.slug, dir: a.dir!, lang: a.locale! },
    back,
    title,
    updated(a.updated_at, s.updated, { dir: dir_, ...(locale_ && { lang: locale_ }) }),
    html(h('div', { class: 'b' }), a.body_html || '', config_!.server_),
    box,
  );
  return [el, () => pending && vote(false)];
}
