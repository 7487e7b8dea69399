/**
 * The overlay: dims the page and swallows clicks on it, except through a cutout around the
 * target (an even-odd SVG path), so the target stays clickable for `advance_on: click`.
 */
import { autoUpdate } from './position';
import { rectOf } from './target';
import { listen } from './util';

const NS = 'http://www.w3.org/2000/svg';
const PAD = 6;

export function highlight(root: ShadowRoot, target: Element | null): () => void {
  const svg = document.createElementNS(NS, 'svg');
  const path = document.createElementNS(NS, 'path');
  svg.setAttribute('class', 'o');
  svg.setAttribute('aria-hidden', 'true');
  svg.append(path);
  root.prepend(svg);
  const draw = () => {
    let d = `M0 0H${innerWidth}V${innerHeight}H0Z`;
    if (target) {
      const r = rectOf(target);
      if (r.width || r.height) {
        d += `M${r.left - PAD} ${r.top - PAD}h${r.width + 2 * PAD}v${r.height + 2 * PAD}h${-r.width - 2 * PAD}Z`;
      }
    }
    path.setAttribute('d', d);
  };
  const stop = target
    ? autoUpdate(target, svg, draw)
    : (draw(), listen(window, 'resize', draw));
  return () => {
    stop();
    svg.remove();
  };
}
