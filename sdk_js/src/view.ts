/**
 * The step view: one dialog element with title, body, progress and the step buttons, carrying
 * the contract's DOM hooks. Only `body_html` (sanitized by the server) is set as HTML.
 */
import { format } from './i18n';
import { getState } from './state';
import type { Tour } from './types';
import { guard } from './util';

export type Action = 'next' | 'back' | 'done' | 'close' | 'opt-out';

export interface StepView {
  el: HTMLElement;
  arrow: HTMLElement;
}

function h(tag: string, cls?: string, attrs: Record<string, string> = {}, text?: string): HTMLElement {
  const el = document.createElement(tag);
  if (cls) el.className = cls;
  for (const k in attrs) el.setAttribute(k, attrs[k]);
  if (text !== undefined) el.textContent = text;
  return el;
}

function setHTML(el: HTMLElement, html: string): void {
  try {
    el.innerHTML = html;
  } catch {
    // e.g. Trusted Types enforced by the host: show the text rather than nothing.
    el.textContent = html.replace(/<[^>]*>/g, '');
  }
}

/**
 * Builds the dialog for step `index` of `tour`. Direction and language follow the tour's texts
 * when the server says which they are (an untranslated tour stays in its own language), else the UI's.
 */
export function stepView(tour: Tour, index: number, modal: boolean, onAction: (a: Action) => void): StepView {
  const { strings: s, dir, locale } = getState();
  const step = tour.steps[index];
  const total = tour.steps.length;
  const el = h('div', modal ? 's m' : 's', {
    role: 'dialog',
    'data-waypost-step': step.id,
    'aria-describedby': 'wp-d',
    tabindex: '-1',
    dir: tour.dir || dir,
  });
  const lang = tour.locale || locale;
  if (lang) el.lang = lang;
  if (modal) el.setAttribute('aria-modal', 'true');
  if (step.title) {
    el.setAttribute('aria-labelledby', 'wp-t');
    el.append(h('h2', '', { id: 'wp-t' }, step.title));
  } else {
    el.setAttribute('aria-label', tour.name || tour.id);
  }
  const body = h('div', 'b', { id: 'wp-d' });
  setHTML(body, step.body_html || '');

  const button = (action: Action, label: string, cls = '') =>
    h('button', cls, { type: 'button', 'data-waypost-action': action }, label) as HTMLButtonElement;
  const last = index === total - 1;
  const back = button('back', s.back);
  back.disabled = index === 0;
  const close = button('close', '\u00d7', 'x');
  close.setAttribute('aria-label', s.close);
  const foot = h('div', 'f');
  foot.append(
    h('span', 'p', {}, format(s.progress, { current: index + 1, total })),
    back,
    button(last ? 'done' : 'next', last ? s.done : s.next, 'n'),
  );
  const arrow = h('div', 'a');
  el.append(body, foot, button('opt-out', s.opt_out, 'u'), close);
  if (!modal) el.append(arrow);

  el.addEventListener(
    'click',
    guard((e: Event) => {
      const b = (e.target as Element).closest?.('[data-waypost-action]');
      if (b && el.contains(b) && !(b as HTMLButtonElement).disabled) {
        onAction(b.getAttribute('data-waypost-action') as Action);
      }
    }),
  );
  return { el, arrow };
}
