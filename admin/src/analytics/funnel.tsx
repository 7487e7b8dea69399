/** One tour's funnel as a table of numbers with decorative bars (inline SVG: no inline styles under the CSP). */
import type { Funnel, Percent } from '../types';
import { pct } from '../ui/format';

function Bar({ value, kind = 'reach' }: { value: Percent; kind?: string }) {
  const width = Math.max(0, Math.min(100, value ?? 0));
  return (
    <svg class="bar" width="100%" height="14" aria-hidden="true" focusable="false">
      <rect class="bar-track" x="0" y="0" width="100%" height="14" />
      <rect class={`bar-fill bar-${kind}`} x="0" y="0" width={`${width}%`} height="14" />
    </svg>
  );
}

export function FunnelChart({ funnel, tourName, range }: { funnel: Funnel; tourName: string; range: string }) {
  const stages = [
    { key: 'started', label: 'Started', users: funnel.started, share: funnel.started ? 100 : null, drop: null, missing: null },
    ...funnel.steps.map((s, i) => ({
      key: `step-${s.step_id}`,
      label: `Step ${i + 1}: ${s.title ?? `${s.step_id} (no longer in the tour)`}`,
      users: s.viewed,
      share: s.viewed_pct,
      drop: `${s.drop_off} (${pct(s.drop_off_pct)})`,
      missing: funnel.target_missing[s.step_id] ?? 0,
    })),
    { key: 'completed', label: 'Completed', users: funnel.completed, share: funnel.completion_rate, drop: null, missing: null },
  ];
  return (
    <div class="funnel">
      <div class="table-scroll" tabIndex={0} role="region" aria-label="Table of the funnel">
        <table data-funnel={funnel.tour_id}>
          <caption>
            Funnel of {tourName}, {range}
          </caption>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col" class="num">Users</th>
              <th scope="col" class="num">Of started</th>
              <th scope="col" class="chart-col">
                <span class="visually-hidden">Bar</span>
              </th>
              <th scope="col" class="num">Stopped here</th>
              <th scope="col" class="num">Target missing</th>
            </tr>
          </thead>
          <tbody>
            {stages.map((stage) => (
              <tr key={stage.key} data-stage={stage.key}>
                <th scope="row">{stage.label}</th>
                <td class="num">{stage.users}</td>
                <td class="num" data-pct>
                  {pct(stage.share)}
                </td>
                <td class="chart-col">
                  <Bar value={stage.share} kind={stage.key === 'completed' ? 'done' : 'reach'} />
                </td>
                <td class="num">{stage.drop ?? ''}</td>
                <td class={`num${stage.missing ? ' warn' : ''}`}>{stage.missing ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="funnel-summary">
        Dismissed by {funnel.dismissed} ({pct(funnel.dismissal_rate)} of started). Completion rate {pct(funnel.completion_rate)}.
      </p>
    </div>
  );
}
