/**
 * Building our DOM, for the tour and the help widget alike. Texts are always set as text;
 * only HTML the server sanitized goes through `html()`.
 */
import { guard } from './util';

type Attrs = Record<string, string | ((e: any) => unknown)>;
export type Kid = Node | string | false | null | undefined;

/** An element with attributes (`on…` functions become guarded listeners) and children (strings as text). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...kids: Kid[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const k in attrs) {
    const v = attrs[k];
    if (typeof v === 'function') el.addEventListener(k.slice(2), guard(v));
    else el.setAttribute(k, v);
  }
  el.append(...(kids.filter((k) => k) as (Node | string)[]));
  return el;
}

/**
 * Fills `el` with server-sanitized HTML. With `base`, media paths (`src="/…"`, `poster="/…"`)
 * point at that server: its sanitizer lets videos come only from there, and the page we are drawn
 * into is another origin. (Its serializer always double-quotes attributes.)
 */
export function html<E extends Element>(el: E, markup: string, base?: string): E {
  try {
    el.innerHTML = base ? markup.replace(/( (?:src|poster)=")(?=\/[^/])/g, (m) => m + base) : markup;
  } catch {
    // e.g. Trusted Types enforced by the host: show the text rather than nothing.
    el.textContent = markup.replace(/<[^>]*>/g, '');
  }
  return el;
}

/** Gives focus back to an element that is still on the page (and can take it). */
export const refocus = (el?: Element | null): void => {
  if (el?.isConnected) (el as HTMLElement).focus?.({ preventScroll: true });
};

/** A button carrying one of the contract's `data-waypost-action` hooks. */
export const button = (action: string, label: string, onclick: () => unknown, attrs: Attrs = {}) =>
  h('button', { type: 'button', 'data-waypost-action': action, onclick, ...attrs }, label);

/** A line that assistive technology reads out when it appears ("No articles found", "Thank you!"); focus can be put there. */
export const status = (text: string) => h('p', { role: 'status', tabindex: '-1' }, text);
