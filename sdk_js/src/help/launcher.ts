/**
 * The launcher: a round "?" button in a bottom corner that opens and closes the panel. Its
 * corner is logical (inline-end by default, inline-start for 'bottom-left'), so it mirrors in
 * right-to-left languages; the panel opens above it, in the same corner.
 */
import { h } from '../dom';

export const launcherView = (toggle: () => void, corner: string): HTMLButtonElement =>
  h('button', { type: 'button', class: 'l' + corner, 'data-waypost-launcher': '', 'aria-expanded': 'false', onclick: toggle }, '?');
