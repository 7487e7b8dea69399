/**
 * Positioning of a step next to its target. Floating UI's core does the placement maths
 * (offset, flip, shift, arrow); we give it a viewport platform, which is exact here because
 * the step is `position: fixed` inside our own fixed shadow host: its only clipping
 * ancestor is the viewport. (The DOM platform would add ~2.5 KiB gzipped for cases we never have.)
 */
import { arrow, computePosition, flip, offset, shift, type Placement, type Platform, type Side } from '@floating-ui/core';
// Floating UI's own helpers (bundled with it anyway) rather than copies of them here.
import { getOppositePlacement as opposite, getSide, getSideAxis, sides } from '@floating-ui/utils';
import { debug } from './util';

const size = (el: any) => ({ width: el.offsetWidth, height: el.offsetHeight });

const platform: Platform = {
  getElementRects: ({ reference, floating }) => {
    const r = (reference as Element).getBoundingClientRect();
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
  if (rtl && getSideAxis(side) == 'x') side = opposite(side);
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
    const r = reference.getBoundingClientRect();
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

/** Keeps `floating` beside `reference` while anything moves; returns the cleanup. */
export function attach(
  reference: Element,
  floating: HTMLElement,
  arrowEl: HTMLElement,
  placement: Placement,
  lost?: () => void,
): () => void {
  return autoUpdate(reference, floating, () => {
    computePosition(reference, floating, {
      placement,
      strategy: 'fixed',
      platform,
      middleware: [offset(12), flip(), shift({ padding: 8 }), arrow({ element: arrowEl, padding: 8 })],
    })
      .then(({ x, y, placement: final, middlewareData: { arrow: a = {} } }) => {
        // Through the CSSOM, which a strict CSP allows (style attributes it would not). The arrow
        // has an x or a y; the other comes out as "left:px", which CSS drops.
        floating.style.cssText = `left:${x}px;top:${y}px`;
        arrowEl.style.cssText = `left:${a.x ?? ''}px;top:${a.y ?? ''}px;${opposite(getSide(final))}:-5px`;
      })
      .catch(debug);
  }, lost);
}
