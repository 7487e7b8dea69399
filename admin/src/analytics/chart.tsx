/**
 * A time chart of lines and bars drawn by uPlot (a small canvas charting library; its styles are set through the
 * CSSOM, which the admin's `style-src 'self'` allows). The canvas is hidden from screen readers: the figure's
 * caption says what it shows and the table beside it holds the same numbers.
 */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  bars?: boolean;
}

interface Props {
  id: string;
  caption: string;
  periods: string[];
  series: ChartSeries[];
  percent?: boolean;
  height?: number;
}

const bars = uPlot.paths.bars!({ size: [0.6, 48] });
const utc = (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');

export function TimeChart({ id, caption, periods, series, percent, height = 220 }: Props) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(240, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height,
        tzDate: utc,
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: percent ? [0, 100] : (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [{}, { values: (_u, ticks) => ticks.map((v) => (percent ? `${v}%` : String(v))), size: 48 }],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            ...(s.bars ? { fill: s.color + '99', paths: bars, points: { show: false } } : { points: { show: periods.length < 40 } }),
          })),
        ],
      },
      [periods.map((p) => Date.parse(p + 'T00:00:00Z') / 1000), ...series.map((s) => s.values)],
      el,
    );
    const resized = new ResizeObserver(() => plot.setSize({ width: width(), height }));
    resized.observe(el);
    return () => {
      resized.disconnect();
      plot.destroy();
    };
  }, [periods, series, percent, height]);

  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{caption}</figcaption>
      <div ref={box} aria-hidden="true" />
    </figure>
  );
}
