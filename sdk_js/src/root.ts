/**
 * The one element the SDK adds to the page: a host with an open shadow root, styled by a
 * constructable stylesheet (no inline <style>, so a strict CSP without 'unsafe-inline' is fine).
 * Tours and the help widget share it and its one stylesheet. Theme through --waypost-* custom
 * properties, which are the only host styles that get in.
 */

import { adopt } from './shadow';

import CSS from './sdk.css?raw';

let host: HTMLElement | null = null;
let shadow: ShadowRoot | null = null;

/** The shadow root everything is drawn into, created (and attached to the page) on demand. */
export function mount(): ShadowRoot {
  if (!host || !shadow || !host.isConnected) {
    host = document.createElement('waypost-root');
    shadow = host.attachShadow({ mode: 'open' });
    adopt(shadow, CSS);
    (document.body || document.documentElement).append(host);
  }
  return shadow;
}

/** Takes the host off the page once nothing of ours is left in it (its parts come and go independently). */
export function release(): void {
  if (shadow && ![...shadow.children].some((c) => c.tagName !== 'STYLE')) {
    host!.remove();
    host = shadow = null;
  }
}
