/** Which tours one end user gets on a page, and why (not): the server's own decision, put in words. */
import { useState } from 'preact/hooks';
import type { TourDecision } from '../types';
import { ErrorAlert, Loading } from '../ui/feedback';
import { when } from '../ui/format';
import { useResource } from '../ui/use_resource';
import { triggerText } from '../tours/trigger';

const shown = (value: unknown) => (value === null || value === undefined ? 'not set' : `“${String(value)}”`);

const OPS: Record<string, string> = {
  equals: 'is',
  not_equals: 'is not',
  contains: 'contains',
  starts_with: 'starts with',
  in: 'is',
  not_in: 'is none of',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  before: 'is before',
  after: 'is after',
  within_last_days: 'is within the last',
  is_set: 'is set',
  not_set: 'is not set',
};

/** "plan is “trial” or “pro”", "seats is at least “50”", "signed_up is within the last 7 days". */
function ruleText(leaf: Record<string, unknown>): string {
  if (leaf.any) return 'one of its rules';
  const op = String(leaf.op);
  const value = leaf.value;
  const values = Array.isArray(value) ? value.map((v) => `“${String(v)}”`).join(op === 'in' ? ' or ' : ', ') : `“${String(value)}”`;
  if (op === 'is_set' || op === 'not_set') return `${leaf.trait} ${OPS[op]}`;
  if (op === 'within_last_days') return `${leaf.trait} ${OPS[op]} ${String(value)} days`;
  return `${leaf.trait} ${OPS[op] || op} ${values}`;
}

export function reasonText(d: TourDecision): string {
  const r = d.reason;
  const leaf = r.leaf || {};
  switch (r.code) {
    case 'starts':
      return r.trigger ? `Starts by itself on this page ${triggerText(r.trigger as Record<string, unknown>)}.` : 'Starts by itself on this page.';
    case 'manual':
      return 'Sent, but starts only when the app calls start() (it does not start by itself).';
    case 'in_progress':
      return r.on_page ? `Under way (step ${r.step_id}): shown again here.` : `Under way (step ${r.step_id}): waits for one of its own pages.`;
    case 'page':
      return `Not for this page: ${shown(r.value)} is not ${leaf.url !== undefined ? `“${leaf.url}”` : `matched by the pattern “${leaf.regex}”`}.`;
    case 'audience':
      if (leaf.event)
        return `Not for this user: the tour is for users who did ${String(leaf.event)} ${leaf.op === 'at_least' ? 'at least' : 'fewer than'} ${String(leaf.count)} times in the last ${String(leaf.within_days)} days; this user did it ${String(r.value)} times.`;
      if (leaf.company_trait)
        return `Not for this user: the tour is for users whose company's ${ruleText({ ...leaf, trait: leaf.company_trait })}; their company's ${String(leaf.company_trait)} is ${shown(r.value)}.`;
      return leaf.any
        ? 'Not for this user: its audience matches no one.'
        : `Not for this user: the tour is for users whose ${ruleText(leaf)}; this user's ${leaf.trait} is ${shown(r.value)}.`;
    case 'schedule':
      return `Not now: scheduled ${leaf.start ? `from ${String(leaf.start)}` : ''}${leaf.start && leaf.end ? ' ' : ''}${leaf.end ? `until ${String(leaf.end)}` : ''} (${String(leaf.timezone || 'UTC')}).`;
    case 'opted_out':
      return `Does not start by itself: the user opted out of all tours on ${when(r.at as string)}.`;
    case 'completed':
      return `Does not start by itself: completed on ${when(r.at as string)}.`;
    case 'dismissed':
      return `Does not start by itself: dismissed on ${when(r.at as string)}.`;
    case 'frequency':
      if (r.max_shows) return `Not again: shown ${String(r.shows)} times, its most (${String(r.max_shows)}).`;
      if (r.show === 'every_days') return `Not yet: shown on ${when(r.last_shown_at as string)}; again from ${when(r.next_at as string)} (every ${String(r.days)} days).`;
      return `Not again: it shows once, and was shown on ${when(r.last_shown_at as string)}.`;
    case 'throttled':
      if (r.why === 'page') return `Waits for a later page: ${String(r.by)} goes first here (higher priority, or first by id).`;
      if (r.why === 'quiet') return `Throttled: the user dismissed one on ${when(r.dismissed_at as string)}; none start by themselves until ${when(r.until as string)}.`;
      return `Throttled: already ${String(r.shown)} shown ${r.why === 'session' ? 'this session' : 'in the last 24 hours'} (the app allows ${String(r.limit)}).`;
    default:
      return String(r.code);
  }
}

export function TourDecisions({ appId, userId }: { appId: number; userId: string }) {
  const [page, setPage] = useState('/');
  const [asked, setAsked] = useState('/');
  const decisions = useResource<TourDecision[]>(`/apps/${appId}/end-users/${encodeURIComponent(userId)}/tours`, { url: asked });
  return (
    <section class="card" aria-labelledby="decisions-heading">
      <h2 id="decisions-heading">Tours on a page</h2>
      <form
        class="filters"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(page.trim() || '/');
        }}
      >
        <label for="decision-page">Page</label>
        <input id="decision-page" value={page} onInput={(e) => setPage(e.currentTarget.value)} />
        <button type="submit">Check</button>
      </form>
      <ErrorAlert error={decisions.error} />
      {decisions.loading && <Loading />}
      {decisions.data && decisions.data.length === 0 && <p>No tour is published.</p>}
      {decisions.data && decisions.data.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Tours on this page for this user">
          <table>
            <caption>
              Published tours for this user on <bdi>{asked}</bdi>
            </caption>
            <thead>
              <tr>
                <th scope="col">Tour</th>
                <th scope="col">Gets it</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {decisions.data.map((d) => (
                <tr key={d.tour_id} data-tour={d.tour_id}>
                  <th scope="row">
                    <bdi>{d.name}</bdi>
                  </th>
                  <td>{d.sent ? (d.auto ? 'Yes, starts by itself' : 'Yes') : 'No'}</td>
                  <td>{reasonText(d)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
