/**
 * Banners: a bar of text at the top or bottom of the page, in the page's flow (pushing the host's content) or over
 * it. Each place has its own element with an open shadow root, first or last in the body, since a banner in the
 * flow must sit there to push the page. A closed banner stays closed: the server hears `banner_dismissed` (every
 * device) and this browser remembers it until then.
 */
import { button, h, html } from '../dom';
import { track } from '../events';
import { getState } from '../state';
import { adopt } from '../shadow';
import type { ExperienceActions as BannerActions } from '../modules';
import type { Banner } from '../types';

import CSS from './banner.css?raw';

const shown = new Map<string, HTMLElement>();
const places = new Map<string, ShadowRoot>();

function place(b: Banner): ShadowRoot {
  const key = b.position + b.style;
  let root = places.get(key);
  if (!root?.host.isConnected) {
    const host = h('waypost-banners' as 'div', { 'data-position': b.position, 'data-style': b.style });
    root = host.attachShadow({ mode: 'open' });
    adopt(root, CSS);
    places.set(key, root);
    const body = document.body || document.documentElement;
    if (b.position === 'bottom') body.append(host);
    else body.prepend(host);
  }
  return root;
}

function remove(id: string): void {
  const el = shown.get(id);
  shown.delete(id);
  const root = el?.getRootNode() as ShadowRoot | undefined;
  el?.remove();
  if (root?.host && !root.querySelector('[data-waypost-banner]')) root.host.remove();
}

function render(b: Banner, actions: BannerActions): HTMLElement {
  const ref = { tour_id: b.id, tour_version: b.version };
  const clicked = () => track('banner_clicked', ref);
  const action = b.button;
  const act =
    action &&
    (action.url
      ? h('a', { class: 'n', href: action.url, 'data-waypost-action': 'banner', onclick: clicked }, action.label)
      : button('banner', action.label, () => (clicked(), action.tour ? actions.start_(action.tour) : actions.article_(action.article!)), { class: 'n' }));
  const close = () => (track('banner_dismissed', ref), actions.done_(b.id), remove(b.id));
  return h(
    'section',
    { class: 'b', 'data-waypost-banner': b.id, 'aria-label': b.name, lang: b.locale, dir: b.dir },
    html(h('div', { class: 't' }), b.html),
    act,
    b.dismissible && button('banner-close', '×', close, { class: 'x', 'aria-label': getState().strings_.close }),
  );
}

/** Shows these banners (those already shown stay as they are) and takes down the others. */
export function show(sent: Banner[], actions: BannerActions): void {
  const banners = sent.filter((b) => typeof b.html === 'string');
  const ids = new Set(banners.map((b) => b.id));
  [...shown.keys()].filter((id) => !ids.has(id)).forEach(remove);
  for (const b of banners) {
    if (shown.has(b.id)) continue;
    const el = render(b, actions);
    shown.set(b.id, el);
    place(b).append(el);
    track('experience_shown', { tour_id: b.id, tour_version: b.version });
  }
}
