/** Did it work? An experience's goal reached by the users shown it and by its holdout, the difference and its 95%
 * confidence interval, said plainly while it is not yet significant. */
import type { GoalResults } from '../types';
import { ErrorAlert } from '../ui/feedback';
import { pct } from '../ui/format';
import { useResource } from '../ui/use_resource';

const points = (value: number) => `${value > 0 ? '+' : ''}${value} points`;

type Group = GoalResults['shown'];
type Lift = Pick<GoalResults, 'difference' | 'ci_low' | 'ci_high' | 'significant'>;

/** The difference, its interval, and plainly whether it is significant yet. */
const liftText = (l: Lift, prefix = 'Difference ') =>
  l.difference === null
    ? 'Not enough users yet: each group needs at least one.'
    : `${prefix}${points(l.difference)} (95% interval ${l.ci_low} to ${l.ci_high} points): ${
        l.significant ? 'significant, the interval leaves out 0.' : 'not yet significant, the interval includes 0.'
      }`;

function GroupsTable({ label, name, groups }: { label: string; name: string; groups: [string, Group][] }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={name}>
      <table aria-labelledby={label}>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" class="num">Users</th>
            <th scope="col" class="num">Reached the goal</th>
            <th scope="col" class="num">Rate</th>
          </tr>
        </thead>
        <tbody>
          {groups.map(([name, g]) => (
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
  );
}

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
          <GroupsTable label="goal-heading" name="Goal reached, by group" groups={[['Shown', r.shown], ['Held out', r.holdout]]} />
          <p data-lift>{liftText(r)}</p>
          {r.variants && (
            <>
              <h3 id="ab-heading">A/B: version B shown to {r.variants.percent_b}%</h3>
              <GroupsTable label="ab-heading" name="Goal reached, by version" groups={[['A (its own)', r.variants.a], ['B (its variant)', r.variants.b]]} />
              <p data-ab-lift>{liftText(r.variants, 'B − A: ')}</p>
            </>
          )}
        </>
      )}
    </section>
  );
}
