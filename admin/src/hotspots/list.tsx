/** The app's sets of hotspots, with their status and how many users opened each. */
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useSession } from '../session';
import type { HotspotSet } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useSearchParams } from '../ui/search_params';
import { useResource } from '../ui/use_resource';

export function HotspotsPage({ appId }: { appId: number }) {
  usePageTitle('Hotspots');
  const { canWrite } = useSession();
  const sets = useResource<HotspotSet[]>(`/apps/${appId}/tours`, { type: 'hotspot' });
  const deleted = useSearchParams().get('deleted');
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setNotice(deleted ? `Hotspots ${deleted} deleted.` : null), [deleted]);

  return (
    <section>
      <div class="page-head">
        <h1>Hotspots</h1>
        {canWrite && (
          <Link href={`/apps/${appId}/hotspots/new`} class="button">
            New hotspots
          </Link>
        )}
      </div>
      <Notice text={notice} />
      <ErrorAlert error={sets.error} />
      {sets.loading && <Loading />}
      {sets.data && sets.data.length === 0 && <p>No hotspots yet: beacons on what is new or easy to miss.</p>}
      {sets.data && sets.data.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Hotspots</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">Hotspots</th>
                <th scope="col">Last change</th>
                <th scope="col">Results</th>
              </tr>
            </thead>
            <tbody>
              {sets.data.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link href={`/apps/${appId}/hotspots/${s.id}`}>{s.draft.name}</Link>
                  </th>
                  <td>{s.live_version ? `Published (v${s.live_version})` : 'Draft'}</td>
                  <td class="num">{s.draft.hotspots.length}</td>
                  <td>{when(s.updated_at)}</td>
                  <td>{s.live_version ? <Link href={`/apps/${appId}/hotspots/${s.id}/results`}>{`Results of ${s.draft.name}`}</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
