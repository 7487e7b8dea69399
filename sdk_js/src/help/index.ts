/**
 * The help widget: the launcher (unless the host hides it), opening and closing the panel with
 * focus going back where it belongs, and keeping both in step with bootstrap (strings,
 * direction, the page's articles). Tours and the widget share one shadow root.
 */
import { refocus } from '../dom';
import { track } from '../events';
import { mount, release } from '../root';
import { getState } from '../state';
import type { HelpOptions } from '../types';
import { debug } from '../util';
import { launcherView } from './launcher';
import { panelView, type Panel } from './panel';

/** The `position` init option; undefined: no init yet. */
let position: HelpOptions['position'] | null | undefined;
let launcher: HTMLButtonElement | undefined;
let panel: Panel | undefined;
let focusBack: Element | null = null;

const toggle = () => (panel ? closeHelp() : openHelp());
const expanded = (open: string) => launcher?.setAttribute('aria-expanded', open);

/** Reads the `help` init option and shows the launcher; `false` is `{launcher: false}`. */
export function setupHelp(options?: HelpOptions | boolean): void {
  // A second init starts over.
  closeHelp();
  launcher?.remove();
  launcher = undefined;
  release();
  const o = (typeof options === 'object' && options) || {};
  position = o.position || null;
  if (options !== false && o.launcher !== false) launcher = launcherView(toggle);
  refreshHelp();
}

/**
 * ' z' puts the launcher and the panel bottom-left: when the app asks, or by default on a right-to-left host
 * page (its own end corner). The host's direction decides, not the language of the help, so the launcher
 * never moves onto the host's content when only the help is in Arabic.
 */
const corner = (): string =>
  (position ? position === 'bottom-left' : getComputedStyle(document.documentElement).direction === 'rtl') ? ' z' : '';

/** After bootstrap (or a route change): strings, direction, corner and the page's articles again. */
export function refreshHelp(): void {
  if (position === undefined) return;
  if (launcher) {
    launcher.className = 'l' + corner();
    launcher.dir = getState().dir_;
    launcher.setAttribute('aria-label', getState().strings_.help);
    if (!launcher.isConnected) mount().prepend(launcher);
  }
  if (panel) panel.el_.className = 'h' + corner();
  panel?.refresh_();
}

/** Opens the panel (at `slug`'s article, when a link on the host page or help('article', slug) asks). */
export function openHelp(slug?: string): void {
  if (position === undefined) return debug('init first');
  if (!panel) {
    focusBack = document.activeElement;
    panel = panelView(closeHelp, corner());
    mount().append(panel.el_);
    expanded('true');
    track('help_opened', { data: { locale: getState().locale_, ...(slug && { via: 'link' }) } });
  }
  if (slug) panel.open_({ id: 0, slug, title: '', locale: getState().locale_ });
  else panel.focus_();
}

/** Closes the panel; focus that was in it goes to the launcher, else to where it was before opening. */
export function closeHelp(): void {
  const p = panel;
  if (!p) return;
  panel = undefined;
  const focused = p.el_.contains((p.el_.getRootNode() as ShadowRoot).activeElement);
  p.leave_();
  p.el_.remove();
  expanded('false');
  if (focused) refocus(launcher?.isConnected ? launcher : focusBack);
  release();
}
