/** Styling for our shadow roots (the shared one of tours and help, the banners' own). */
import { h } from './dom';

/** Styles a shadow root with a constructable stylesheet (no inline <style>, so a strict CSP without 'unsafe-inline'
 * holds), or a <style> in browsers without them. */
export function adopt(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    root.append(h('style', {}, css));
  }
}
