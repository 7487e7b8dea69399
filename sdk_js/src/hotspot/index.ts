/**
 * Hotspots: a pulsing beacon on an element of the page, a real button named by its tip's title. Opening it shows
 * the tip beside it (or starts its tour); once opened it is done, here and on the user's other devices. A beacon
 * follows its element, hides while the element is hidden, and waits for it to appear. Several per page.
 */
import { button, h, html, refocus } from '../dom';
import { track } from '../events';
import type { ExperienceActions } from '../modules';
import { attach, autoUpdate, toPlacement } from '../position';
import { adopt } from '../shadow';
import { getState } from '../state';
import { rectOf, waitForTarget } from '../target';
import type { HotspotSet } from '../types';
import { listen } from '../util';

import CSS from './hotspot.css?raw';

let root: ShadowRoot | undefined;
let offs: (() => void)[] = [];
let shownKey = '';
let closeTip: (() => void) | undefined;

function take(): void {
  closeTip?.();
  offs.forEach((off) => off());
  offs = [];
  (root?.host as HTMLElement | undefined)?.remove();
  root = undefined;
}

/** The beacon's point on its element: a corner, start and end following the host page's direction. */
function corner(r: DOMRect, where: string): [number, number] {
  const [v, side] = where.split('-');
  const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
  return [(side === 'end') !== rtl ? r.right : r.left, v === 'bottom' ? r.bottom : r.top];
}

function beacon(set: HotspotSet, spot: HotspotSet['hotspots'][number], target: Element, actions: ExperienceActions, seen: () => void): void {
  const s = getState().strings_;
  const ref = { tour_id: set.id, tour_version: set.version, step_id: spot.id };
  const el = button('hotspot', '', () => open(), { class: 'h', 'aria-label': spot.title, 'data-waypost-hotspot': `${set.id}/${spot.id}`, lang: set.locale });
  const done = () => (stop(), el.remove());
  const stop = autoUpdate(
    target,
    el,
    () => {
      const r = rectOf(target);
      el.hidden = !r.width && !r.height;
      const [x, y] = corner(r, spot.corner);
      el.style.cssText = `left:${x - 10}px;top:${y - 10}px`;
    },
    done,
  );
  offs.push(stop);
  root!.append(el);
  seen();
  const open = () => {
    track('hotspot_opened', ref);
    actions.done_(`${set.id}/${spot.id}`);
    if (spot.tour) return void (done(), actions.start_(spot.tour));
    closeTip?.();
    const arrow = h('div', { class: 'a' });
    const tip = h(
      'div',
      { role: 'dialog', class: 't', 'aria-labelledby': 'wp-ht', lang: set.locale, dir: set.dir, tabindex: '-1' },
      arrow,
      h('p', { id: 'wp-ht', class: 'k' }, spot.title),
      html(h('div', { class: 'b' }), spot.body_html),
      h('div', { class: 'f' }, button('hotspot-done', s.done, () => closeTip?.(), { class: 'n' })),
    );
    root!.append(tip);
    el.setAttribute('aria-expanded', 'true');
    const unattach = attach(el, tip, arrow, toPlacement('bottom', set.dir === 'rtl'));
    const offKey = listen(document, 'keydown', (e: KeyboardEvent) => e.key === 'Escape' && closeTip?.());
    tip.focus();
    closeTip = () => {
      closeTip = undefined;
      unattach();
      offKey();
      tip.remove();
      const next = el.nextElementSibling || el.previousElementSibling;
      done(); // opened: its beacon goes; focus moves to the next beacon, if any
      refocus(next?.classList.contains('h') ? next : null);
    };
  };
}

/** Shows the beacons of these sets that the user has not opened yet; ones from sets no longer sent go. */
export function show(sent: HotspotSet[], actions: ExperienceActions): void {
  const sets = sent.filter((set) => Array.isArray(set.hotspots) && Array.isArray(set.done));
  const key = sets.map((set) => `${set.id}:${set.version}`).join();
  if (key === shownKey && root?.host.isConnected) return;
  take();
  shownKey = key;
  if (!sets.length) return;
  const host = h('waypost-hotspots' as 'div', {});
  root = host.attachShadow({ mode: 'open' });
  adopt(root, CSS);
  (document.body || document.documentElement).append(host);
  const timeout = getState().config_!.targetTimeout_;
  for (const set of sets) {
    let announced = false;
    const seen = () => announced || ((announced = true), track('experience_shown', { tour_id: set.id, tour_version: set.version }));
    for (const spot of set.hotspots) {
      if (set.done.includes(spot.id) || actions.isDone_(`${set.id}/${spot.id}`)) continue;
      offs.push(waitForTarget(spot.target, timeout, (target) => target && root && beacon(set, spot, target, actions, seen)));
    }
  }
}
