/**
 * The step view: one dialog element with title, body, progress and the step buttons, carrying
 * the contract's DOM hooks. Only `body_html` (sanitized by the server) is set as HTML.
 */
import { button, h, html } from './dom';
import { format } from './i18n';
import { getState } from './state';
import type { Tour } from './types';

export type Action = 'next' | 'back' | 'done' | 'close' | 'opt-out';

export interface StepView {
  el_: HTMLElement;
  arrow_: HTMLElement;
}

/**
 * Builds the dialog for step `index` of `tour`. The chrome (buttons, counter, the note that the target is
 * `missing`) is in the UI's language and direction; the title and body in the tour's, when the server says
 * which they are (an untranslated tour stays in its own language). The counter is isolated (<bdi>).
 */
export function stepView(tour: Tour, index: number, modal: boolean, onAction: (a: Action) => void, missing?: 1): StepView {
  const { strings_: s, dir_, locale_ } = getState();
  const step = tour.steps[index];
  const total = tour.steps.length;
  const last = index === total - 1;
  const act = (action: Action, label: string, cls = '', attrs = {}) =>
    button(action, label, () => onAction(action), { class: cls, ...attrs });
  const back = act('back', s.back);
  back.disabled = index === 0;
  const arrow = h('div', { class: 'a' });
  const lang = tour.locale || locale_;
  const text = { dir: tour.dir || dir_, ...(lang && { lang }) };
  const el = h(
    'div',
    {
      class: modal ? 's m' : 's',
      role: 'dialog',
      'data-waypost-step': step.id,
      'aria-describedby': missing ? 'wp-d wp-m' : 'wp-d',
      tabindex: '-1',
      dir: dir_,
      ...(locale_ && { lang: locale_ }),
      ...(modal && { 'aria-modal': 'true' }),
      ...(step.title ? { 'aria-labelledby': 'wp-t' } : { 'aria-label': tour.name || tour.id }),
    },
    step.title && h('h2', { id: 'wp-t', ...text }, step.title),
    html(h('div', { class: 'b', id: 'wp-d', ...text }), step.body_html || ''),
    missing && h('p', { id: 'wp-m', class: 'q', role: 'status' }, s.missing),
    h('div', { class: 'f' }, h('bdi', { class: 'p' }, format(s.progress, { current: index + 1, total })), back, act(last ? 'done' : 'next', last ? s.done : s.next, 'n')),
    act('opt-out', s.opt_out, 'u'),
    act('close', '\u00d7', 'x', { 'aria-label': s.close }),
    !modal && arrow,
  );
  return { el_: el, arrow_: arrow };
}
