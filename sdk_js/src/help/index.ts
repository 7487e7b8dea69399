/**
 * The help widget: the launcher (unless the host hides it), opening and closing the panel with
 * focus going back where it belongs, and keeping both in step with bootstrap (strings,
 * direction, the page's articles). Tours and the widget share one shadow root.
 */
import { refocus } from '../dom';
import { mount, release } from '../root';
import { getState } from '../state';
import type { HelpOptions } from '../types';
import { debug } from '../util';
import { launcherView } from './launcher';
import { panelView, type Panel } from './panel';

/** ' z' puts the launcher and the panel in the inline-start corner ('bottom-left' in ltr); undefined: no init yet. */
let corner: string | undefined;
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
  corner = o.position === 'bottom-left' ? ' z' : '';
  if (options !== false && o.launcher !== false) launcher = launcherView(toggle, corner);
  refreshHelp();
}

/** After bootstrap (or a route change): strings, direction and the page's articles again. */
export function refreshHelp(): void {
  if (corner === undefined) return;
  if (launcher) {
    launcher.dir = getState().dir_; // its corner is logical: mirrored in right-to-left languages
    launcher.setAttribute('aria-label', getState().strings_.help);
    if (!launcher.isConnected) mount().prepend(launcher);
  }
  panel?.refresh_();
}

export function openHelp(): void {
  if (corner === undefined) return debug('init first');
  if (!panel) {
    focusBack = document.activeElement;
    panel = panelView(closeHelp, corner);
    mount().append(panel.el_);
    expanded('true');
  }
  panel.focus_();
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
