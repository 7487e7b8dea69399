/**
 * Positioning of a step next to its target. Floating UI's core does the placement maths
 * (offset, flip, shift); the arrow, which only points at the target's middle, is a few lines in
 * attach() rather than its arrow middleware (~300 B gzipped). We give it a viewport platform, which is exact here because
 * the step is `position: fixed` inside our own fixed shadow host: its only clipping
 * ancestor is the viewport. (The DOM platform would add ~2.5 KiB gzipped for cases we never have.)
 */
import { computePosition, flip, offset, shift, type Placement, type Platform, type Side } from '@floating-ui/core';
// Floating UI's own helpers (bundled with it anyway) rather than copies of them here.
import { getOppositePlacement as opposite, getSide, getSideAxis, sides } from '@floating-ui/utils';
import { rectOf } from './target';
import { debug } from './util';

const size = (el: any) => ({ width: el.offsetWidth, height: el.offsetHeight });

const platform: Platform = {
  getElementRects: ({ reference, floating }) => {
    const r = rectOf(reference as Element);
    return { reference: { x: r.left, y: r.top, width: r.width, height: r.height }, floating: { x: 0, y: 0, ...size(floating) } };
  },
  getDimensions: size,
  getClippingRect: () => ({ x: 0, y: 0, width: document.documentElement.clientWidth, height: document.documentElement.clientHeight }),
  isRTL: (el) => getComputedStyle(el as Element).direction === 'rtl',
};

/**
 * Maps an author's placement to a Floating UI one. `start`/`end` are logical sides; in
 * right-to-left pages left and right swap so that a tour reads the same way mirrored.
 * Alignments (`-start`/`-end`) are mirrored by Floating UI from the step's `dir`.
 */
export function toPlacement(p: string | undefined, rtl: boolean): Placement {
  const [raw, align] = String(p || 'bottom').split('-');
  let side = (raw === 'start' ? 'left' : raw === 'end' ? 'right' : raw) as Side;
  if (!sides.includes(side)) side = 'bottom';
  if (rtl && getSideAxis(side) === 'x') side = opposite(side);
  return (align === 'start' || align === 'end' ? `${side}-${align}` : side) as Placement;
}

/**
 * Calls `update` now and whenever the reference moves or either element or the viewport
 * resizes, until the returned cleanup runs. A per-frame rectangle check, like Floating UI's
 * `autoUpdate(..., {animationFrame: true})`: it also sees layout shifts that fire no event,
 * and costs one getBoundingClientRect per frame while a step is shown (~200 bytes, not ~2 KiB).
 * `lost` is called (and following stops) when the reference leaves the document.
 */
export function autoUpdate(reference: Element, floating: Element, update: () => void, lost?: () => void): () => void {
  let frame = 0;
  let last = '';
  const tick = () => {
    if (lost && !reference.isConnected) return lost(); // e.g. re-rendered by the host's framework
    const r = rectOf(reference);
    const now = [r.left, r.top, r.width, r.height, innerWidth, innerHeight, (floating as HTMLElement).offsetWidth, (floating as HTMLElement).offsetHeight].join();
    if (now !== last) {
      last = now;
      update();
    }
    frame = requestAnimationFrame(tick);
  };
  tick();
  return () => cancelAnimationFrame(frame);
}

/**
 * Keeps `floating` beside `reference` while anything moves, inside the viewport: flipped, else on a side
 * across, else shifted over the target (its width and its body's height are capped in CSS); returns the cleanup. Under 480 px it
 * is a sheet along the bottom edge, or the top one when the target is in the lower half.
 */
export function attach(
  reference: Element,
  floating: HTMLElement,
  arrowEl: HTMLElement,
  placement: Placement,
  lost?: () => void,
): () => void {
  return autoUpdate(reference, floating, () => {
    const r = rectOf(reference);
    if (innerWidth < 480) return void (floating.style.cssText = `left:8px;right:8px;${r.top + r.bottom > innerHeight ? 'top' : 'bottom'}:8px`);
    computePosition(reference, floating, {
      placement,
      strategy: 'fixed',
      platform,
      middleware: [
        offset(12),
        flip({ fallbackAxisSideDirection: 'end', padding: 8 }),
        shift({ padding: 8, crossAxis: true }),
      ],
    })
      .then(({ x, y, placement: final }) => {
        // Through the CSSOM, which a strict CSP allows (style attributes it would not).
        floating.style.cssText = `left:${x}px;top:${y}px`;
        // A body taller than its room (capped in CSS) scrolls, and a scroller must be reachable by keyboard.
        const body = floating.querySelector<HTMLElement>('.b');
        if (body) body.tabIndex = body.scrollHeight > body.clientHeight ? 0 : -1;
        // The arrow points at the target's middle, kept 8 px inside the bubble's corners.
        const v = getSideAxis(final) === 'y';
        const at = v ? r.left + r.width / 2 - x : r.top + r.height / 2 - y;
        const room = (v ? floating.offsetWidth : floating.offsetHeight) - 18;
        arrowEl.style.cssText = `${v ? 'left' : 'top'}:${Math.max(8, Math.min(at - 5, room))}px;${opposite(getSide(final))}:-5px`;
      })
      .catch(debug);
  }, lost);
}
