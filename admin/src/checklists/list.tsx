/** The app's checklists with their status and how many users finished them. */
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useSession } from '../session';
import type { Checklist } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useSearchParams } from '../ui/search_params';
import { useResource } from '../ui/use_resource';

export function ChecklistsPage({ appId }: { appId: number }) {
  usePageTitle('Checklists');
  const { canWrite } = useSession();
  const checklists = useResource<Checklist[]>(`/apps/${appId}/tours`, { type: 'checklist' });
  const deleted = useSearchParams().get('deleted');
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setNotice(deleted ? `Checklist ${deleted} deleted.` : null), [deleted]);

  return (
    <section>
      <div class="page-head">
        <h1>Checklists</h1>
        {canWrite && (
          <Link href={`/apps/${appId}/checklists/new`} class="button">
            New checklist
          </Link>
        )}
      </div>
      <Notice text={notice} />
      <ErrorAlert error={checklists.error} />
      {checklists.loading && <Loading />}
      {checklists.data && checklists.data.length === 0 && <p>No checklists yet: the first steps a new user should take, with their progress kept.</p>}
      {checklists.data && checklists.data.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Checklists</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Status</th>
                <th scope="col" class="num">Tasks</th>
                <th scope="col">Last change</th>
                <th scope="col">Results</th>
              </tr>
            </thead>
            <tbody>
              {checklists.data.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link href={`/apps/${appId}/checklists/${c.id}`}>{c.draft.name}</Link>
                  </th>
                  <td>{c.live_version ? `Published (v${c.live_version})` : 'Draft'}</td>
                  <td class="num">{c.draft.tasks.length}</td>
                  <td>{when(c.updated_at)}</td>
                  <td>{c.live_version ? <Link href={`/apps/${appId}/checklists/${c.id}/results`}>{`Results of ${c.draft.name}`}</Link> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
