/** The app's tours with their status, last change and completion rate. */
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useSession } from '../session';
import type { MissingTarget, Tour, ToursAnalytics } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { daysAgo, pct, when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useSearchParams } from '../ui/search_params';
import { useResource } from '../ui/use_resource';

export function ToursPage({ appId }: { appId: number }) {
  usePageTitle('Tours');
  const { canWrite } = useSession();
  const tours = useResource<Tour[]>(`/apps/${appId}/tours`, { type: 'tour' });
  const stats = useResource<ToursAnalytics>(`/apps/${appId}/analytics/tours`);
  // Steps whose target users could not find in the last week: the tours to look at first.
  const missing = useResource<MissingTarget[]>(`/apps/${appId}/analytics/missing-targets`, { from: daysAgo(6) });
  const broken = (tourId: string) => (missing.data || []).filter((m) => m.tour_id === tourId);
  const statsOf = (id: string) => stats.data?.tours.find((t) => t.tour_id === id);
  // The editor comes back here after deleting a tour; set after mount so the status is announced.
  const deleted = useSearchParams().get('deleted');
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setNotice(deleted ? `Tour ${deleted} deleted.` : null), [deleted]);

  return (
    <section>
      <div class="page-head">
        <h1>Tours</h1>
        {canWrite && (
          <Link href={`/apps/${appId}/tours/new`} class="button">
            New tour
          </Link>
        )}
      </div>
      <Notice text={notice} />
      <ErrorAlert error={tours.error || stats.error} />
      {tours.loading && <Loading />}
      {tours.data && tours.data.length === 0 && <p>No tours yet.</p>}
      {tours.data && tours.data.length > 0 && (
        <table>
          <caption class="visually-hidden">Tours</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col">Status</th>
              <th scope="col">Last change</th>
              <th scope="col" class="num">Started</th>
              <th scope="col" class="num">Completion rate</th>
            </tr>
          </thead>
          <tbody>
            {tours.data.map((tour) => {
              const s = statsOf(tour.id);
              return (
                <tr key={tour.id}>
                  <th scope="row">
                    <Link href={`/apps/${appId}/tours/${tour.id}`}>{tour.draft.name}</Link>
                  </th>
                  <td>
                    <code>{tour.id}</code>
                  </td>
                  <td>
                    {tour.live_version ? `Published (v${tour.live_version})` : 'Draft'}
                    {broken(tour.id).length > 0 && (
                      <span class="badge badge-warn" data-broken={tour.id}>
                        {`${broken(tour.id).length} ${broken(tour.id).length === 1 ? 'step' : 'steps'} not found this week: `}
                        {broken(tour.id)
                          .map((m) => `${m.step_id} (${m.users} ${m.users === 1 ? 'user' : 'users'})`)
                          .join(', ')}
                      </span>
                    )}
                  </td>
                  <td>{when(tour.updated_at)}</td>
                  <td class="num">{s ? s.started : '—'}</td>
                  <td class="num">{pct(s?.completion_rate)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
