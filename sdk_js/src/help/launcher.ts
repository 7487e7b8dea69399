/**
 * The launcher: a round "?" button in a bottom corner (help/index.ts chooses which) that opens and
 * closes the panel; the panel opens above it, in the same corner.
 */
import { h } from '../dom';

export const launcherView = (toggle: () => void): HTMLButtonElement =>
  h('button', { type: 'button', class: 'l', 'data-waypost-launcher': '', 'aria-expanded': 'false', onclick: toggle }, '?');
