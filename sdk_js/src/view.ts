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
 * Builds the dialog for step `index` of `tour`. Direction and language follow the tour's texts
 * when the server says which they are (an untranslated tour stays in its own language), else the UI's.
 */
export function stepView(tour: Tour, index: number, modal: boolean, onAction: (a: Action) => void): StepView {
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
  const el = h(
    'div',
    {
      class: modal ? 's m' : 's',
      role: 'dialog',
      'data-waypost-step': step.id,
      'aria-describedby': 'wp-d',
      tabindex: '-1',
      dir: tour.dir || dir_,
      ...(lang && { lang }),
      ...(modal && { 'aria-modal': 'true' }),
      ...(step.title ? { 'aria-labelledby': 'wp-t' } : { 'aria-label': tour.name || tour.id }),
    },
    step.title && h('h2', { id: 'wp-t' }, step.title),
    html(h('div', { class: 'b', id: 'wp-d' }), step.body_html || ''),
    h('div', { class: 'f' }, h('span', { class: 'p' }, format(s.progress, { current: index + 1, total })), back, act(last ? 'done' : 'next', last ? s.done : s.next, 'n')),
    act('opt-out', s.opt_out, 'u'),
    act('close', '\u00d7', 'x', { 'aria-label': s.close }),
    !modal && arrow,
  );
  return { el_: el, arrow_: arrow };
}
