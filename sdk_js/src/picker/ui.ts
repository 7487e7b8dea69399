/**
 * What picker and preview modes draw, in the SDK's shadow root: a banner (top of the viewport,
 * or bottom when it would hide what is hovered) and the outline box around the hovered element.
 */
import { h, type Kid } from '../dom';
import { mount } from '../root';
import { rectOf } from '../target';

import CSS from './picker.css?raw';

let styled: ShadowRoot | null = null;

/** The shadow root, with the picker's rules added to the SDK's stylesheet. */
export function pickerRoot(): ShadowRoot {
  const root = mount();
  if (root !== styled) {
    styled = root;
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    } catch {
      root.append(h('style', {}, CSS));
    }
  }
  return root;
}

export interface Banner {
  el_: HTMLElement;
  /** Replaces the message and the buttons; focuses the first button when asked to. */
  show_: (message: Kid[], buttons: [label: string, onClick: () => void, primary?: boolean][], focus?: boolean) => void;
}

export function banner(label: string): Banner {
  const message = h('p', { class: 'e', role: 'status', 'aria-live': 'polite' });
  const el = h('div', { class: 'w', role: 'region', 'aria-label': label, 'data-waypost-picker': '' }, message);
  pickerRoot().append(el);
  return {
    el_: el,
    show_(kids, buttons, focus) {
      message.replaceChildren(...(kids.filter((k) => k) as (Node | string)[]));
      el.querySelectorAll('button').forEach((b) => b.remove());
      const made = buttons.map(([text, onClick, primary]) =>
        h('button', { type: 'button', class: primary ? 'n' : '', onclick: onClick }, text),
      );
      el.append(...made);
      if (focus) made[0]?.focus();
    },
  };
}

/** A selector shown as code. */
export const code = (text: string) => h('code', { class: 'c' }, text);

/** The outline box; `draw(el)` puts it around `el` (null hides it). */
export function outline(): { el_: HTMLElement; draw_: (target: Element | null) => void } {
  const el = h('div', { class: 'r', 'aria-hidden': 'true', hidden: '' });
  pickerRoot().append(el);
  return {
    el_: el,
    draw_(target) {
      const r = target && rectOf(target);
      el.hidden = !r;
      if (r) Object.assign(el.style, { top: `${r.top}px`, left: `${r.left}px`, width: `${r.width}px`, height: `${r.height}px` });
    },
  };
}
