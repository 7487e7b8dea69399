/** Did it work? An experience's goal reached by the users shown it and by its holdout, the difference and its 95%
 * confidence interval, said plainly while it is not yet significant. */
import type { GoalResults } from '../types';
import { ErrorAlert } from '../ui/feedback';
import { pct } from '../ui/format';
import { useResource } from '../ui/use_resource';

const points = (value: number) => `${value > 0 ? '+' : ''}${value} points`;

export function GoalCard({ appId, slug }: { appId: number; slug: string }) {
  const results = useResource<GoalResults>(`/apps/${appId}/analytics/experiences/${slug}/goal`);
  const r = results.data;
  return (
    <section class="card" aria-labelledby="goal-heading">
      <h2 id="goal-heading">Did it work?</h2>
      <ErrorAlert error={results.error} />
      {r && (
        <>
          <p>
            Goal: {r.goal.page ? <>a visit to <code>{r.goal.page}</code></> : <code>{r.goal.event}</code>} within {r.goal.within_days} days of being shown (or held back); holdout {r.holdout_percent}%.
          </p>
          <div class="table-scroll">
            <table aria-labelledby="goal-heading">
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col" class="num">Users</th>
                  <th scope="col" class="num">Reached the goal</th>
                  <th scope="col" class="num">Rate</th>
                </tr>
              </thead>
              <tbody>
                {(
                  [
                    ['Shown', r.shown],
                    ['Held out', r.holdout],
                  ] as const
                ).map(([name, g]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td class="num">{g.users}</td>
                    <td class="num">{g.converted}</td>
                    <td class="num">{pct(g.rate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p data-lift>
            {r.difference === null
              ? 'Not enough users yet: each group needs at least one.'
              : `Difference ${points(r.difference)} (95% interval ${r.ci_low} to ${r.ci_high} points): ${
                  r.significant ? 'significant, the interval leaves out 0.' : 'not yet significant, the interval includes 0.'
                }`}
          </p>
        </>
      )}
    </section>
  );
}
