/** The app's banners with their status, place, last change, and how many users saw, clicked and closed each. */
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useSession } from '../session';
import type { Banner, BannerStats } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { pct, when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useSearchParams } from '../ui/search_params';
import { useResource } from '../ui/use_resource';

export function BannersPage({ appId }: { appId: number }) {
  usePageTitle('Banners');
  const { canWrite } = useSession();
  const banners = useResource<Banner[]>(`/apps/${appId}/tours`, { type: 'banner' });
  const stats = useResource<BannerStats[]>(`/apps/${appId}/analytics/banners`);
  const statsOf = (id: string) => stats.data?.find((s) => s.banner_id === id);
  const deleted = useSearchParams().get('deleted');
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setNotice(deleted ? `Banner ${deleted} deleted.` : null), [deleted]);

  return (
    <section>
      <div class="page-head">
        <h1>Banners</h1>
        {canWrite && (
          <Link href={`/apps/${appId}/banners/new`} class="button">
            New banner
          </Link>
        )}
      </div>
      <Notice text={notice} />
      <ErrorAlert error={banners.error} />
      {banners.loading && <Loading />}
      {banners.data && banners.data.length === 0 && <p>No banners yet: announcements, maintenance windows, trial reminders.</p>}
      {banners.data && banners.data.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Banners</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Id</th>
                <th scope="col">Status</th>
                <th scope="col">Where</th>
                <th scope="col">Last change</th>
                <th scope="col" class="num">Seen by</th>
                <th scope="col" class="num">Click rate</th>
                <th scope="col" class="num">Closed by</th>
              </tr>
            </thead>
            <tbody>
              {banners.data.map((b) => (
                <tr key={b.id}>
                  <th scope="row">
                    <Link href={`/apps/${appId}/banners/${b.id}`}>{b.draft.name}</Link>
                  </th>
                  <td>
                    <code>{b.id}</code>
                  </td>
                  <td>{b.live_version ? `Published (v${b.live_version})` : 'Draft'}</td>
                  <td>{`${b.draft.position === 'bottom' ? 'Bottom' : 'Top'}, ${b.draft.style}`}</td>
                  <td>{when(b.updated_at)}</td>
                  <td class="num">{statsOf(b.id)?.seen ?? '—'}</td>
                  <td class="num">{pct(statsOf(b.id)?.click_rate)}</td>
                  <td class="num">{statsOf(b.id)?.dismissed ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
