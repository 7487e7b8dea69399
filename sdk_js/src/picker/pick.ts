/**
 * Picker mode: the element under the pointer is outlined; a click picks it (the host page never
 * sees that click), the banner shows its selector, "Select parent" / "Select child" (or ↑ ↓) move the
 * choice through the page's tree, and "Use this element" sends it to the editor.
 */
import { rectOf } from '../target';
import { listen } from '../util';
import { capture, onEscape } from './capture';
import { byPosition, selectorFor } from './selector';
import { banner, code, outline } from './ui';

export interface Picked {
  selector: string;
  text?: string;
  tag: string;
}

// Everything a click is made of, so host handlers on mousedown or pointerup don't fire either.
const SWALLOWED = ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click', 'dblclick', 'auxclick', 'contextmenu'];
const CLICKABLE = 'a[href],button,input,select,textarea,label,summary,[role=button],[role=link],[role=tab],[role=menuitem]';

const ours = (e: Event) => e.composedPath().some((node) => (node as Element).localName === 'waypost-root');

/** What the author most likely means by pointing at `el`: the control it is part of, or a whole icon. (An element of
 * a frame's document is not an instance of this window's Element: its node type says what it is.) */
export function intended(el: EventTarget | null): Element | null {
  if ((el as Node | null)?.nodeType !== 1) return null;
  const found = el as Element;
  const meant = found.closest(CLICKABLE) || (found.namespaceURI === 'http://www.w3.org/2000/svg' && found.closest('svg')) || found;
  return meant.localName === 'body' || meant.localName === 'html' ? null : meant;
}

/** Runs picker mode until the author cancels or the selection is sent; returns the cleanup. */
export function startPicking(send: (picked: Picked) => Promise<string | null>): () => void {
  const bar = banner('Waypost element picker');
  const box = outline();
  let hovered: Element | null = null;
  let chosen: { el_: Element; picked_: Picked } | null = null;
  let sending = false;

  const draw = () => {
    const el = chosen?.el_ || hovered;
    box.draw_(el);
    // Keep the banner off what is outlined: at the bottom while that is near the top.
    const top = el && rectOf(el).top;
    bar.el_.classList.toggle('y', top! < bar.el_.offsetHeight + 24);
  };

  const waiting = () => {
    chosen = null;
    bar.show_(['Click the element the step should point to. Esc cancels.'], [['Cancel', stop]]);
    draw();
  };

  // The elements the author walked up from with "Select parent", nearest last: "Select child" walks back down.
  let below: Element[] = [];
  const parentOf = (el: Element) => intended(el.parentElement);

  function choose(el: Element, path: Element[] = []) {
    below = path;
    const selector = selectorFor(el);
    if (!selector) {
      bar.show_(['No selector names this element alone; pick another one.'], [['Cancel', stop]], true);
      return;
    }
    const text = (el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 200);
    chosen = { el_: el, picked_: { selector, tag: el.localName, ...(text && { text }) } };
    draw();
    const moves: [string, () => void][] = [];
    if (parentOf(el)) moves.push(['Select parent', up]);
    if (below.length) moves.push(['Select child', down]);
    bar.show_(
      [
        'Selected ',
        code(selector),
        moves.length ? ' (↑ ↓ move through the page\'s tree)' : '',
        // A path by position breaks when the page is laid out anew: say how to give it a name that lasts.
        byPosition(selector) ? '. It depends on where the element sits: ask for data-waypost-id="…" on it for a target that lasts.' : '',
      ],
      [['Use this element', use, true], ...moves, ['Pick again', waiting], ['Cancel', stop]],
      true,
    );
  }

  function up() {
    const parent = chosen && parentOf(chosen.el_);
    if (parent) choose(parent, [...below, chosen!.el_]);
  }

  function down() {
    const child = below[below.length - 1];
    if (child) choose(child, below.slice(0, -1));
  }

  async function use() {
    if (!chosen || sending) return;
    sending = true;
    const problem = await send(chosen.picked_).finally(() => (sending = false));
    if (problem) return bar.show_([problem], [['Pick again', waiting], ['Cancel', stop]], true);
    const selector = chosen.picked_.selector;
    offs.splice(0).forEach((off) => off());
    box.el_.remove();
    bar.show_(['Sent to the editor: ', code(selector), '. You can close this tab.'], [['Close', stop]], true);
  }

  const offs = [
    ...SWALLOWED.map((type) =>
      capture(type, (e: Event) => {
        if (ours(e)) return;
        e.preventDefault();
        e.stopImmediatePropagation();
        const el = type === 'click' && intended(e.composedPath()[0]); // inside open shadow roots too
        if (el) choose(el);
      }),
    ),
    capture('pointermove', (e: PointerEvent) => {
      hovered = ours(e) ? null : intended(e.composedPath()[0]);
      if (!chosen) draw();
    }),
    capture('keydown', (e: KeyboardEvent) => {
      const move = chosen && !sending && { ArrowUp: up, ArrowDown: down }[e.key];
      if (!move) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      move();
    }),
    capture('scroll', draw),
    listen(window, 'resize', draw),
  ];

  function stop() {
    offKeys();
    offs.splice(0).forEach((off) => off());
    box.el_.remove();
    bar.el_.remove();
  }

  const offKeys = onEscape(stop);
  waiting();
  return stop;
}
