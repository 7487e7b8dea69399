/** How a checklist is doing: users, completion per task and overall, time to complete, where users stop; the same
 * for a set of hotspots (each hotspot opened, all of them opened). */
import { Link } from 'wouter-preact';
import type { ChecklistResults } from '../types';
import { ErrorAlert, Loading } from '../ui/feedback';
import { pct } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useResource } from '../ui/use_resource';

export function ChecklistResultsPage({ appId, slug, kind = 'checklist' }: { appId: number; slug: string; kind?: 'checklist' | 'hotspot' }) {
  const what = kind === 'hotspot' ? 'hotspots' : 'checklists';
  usePageTitle(`${kind === 'hotspot' ? 'Hotspot' : 'Checklist'} results ${slug}`);
  const results = useResource<ChecklistResults>(`/apps/${appId}/analytics/${what}/${slug}`);
  const r = results.data;
  return (
    <section>
      <p class="breadcrumb">
        <Link href={`/apps/${appId}/${what}`}>{kind === 'hotspot' ? 'Hotspots' : 'Checklists'}</Link>
      </p>
      <h1>{r ? `Results: ${r.name}` : 'Results'}</h1>
      <ErrorAlert error={results.error} />
      {results.loading && <Loading />}
      {r && (
        <>
          <section class="card" aria-labelledby="overall-heading">
            <h2 id="overall-heading">Overall</h2>
            <p class="kpi-value" data-completion>
              {pct(r.completion_rate)}
            </p>
            <p>
              {kind === 'hotspot'
                ? `${r.completed} of ${r.users} users opened every hotspot (${r.opened} saw them).`
                : `${r.completed} of ${r.users} users with progress finished every task (${r.opened} opened the list, ${r.dismissed} hid it).`}
              {r.median_hours_to_complete !== null && ` Median time to finish: ${r.median_hours_to_complete} hours.`}
            </p>
          </section>
          <section class="card" aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">{kind === 'hotspot' ? 'Per hotspot' : 'Per task'}</h2>
            <div class="table-scroll">
              <table aria-labelledby="tasks-heading">
                <thead>
                  <tr>
                    <th scope="col">{kind === 'hotspot' ? 'Hotspot' : 'Task'}</th>
                    <th scope="col" class="num">{kind === 'hotspot' ? 'Opened by' : 'Done by'}</th>
                    <th scope="col" class="num">Rate</th>
                  </tr>
                </thead>
                <tbody>
                  {r.tasks.map((t) => (
                    <tr key={t.task_id}>
                      <th scope="row">{t.title}</th>
                      <td class="num">{t.done}</td>
                      <td class="num">{pct(t.rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section class="card" aria-labelledby="dropoff-heading">
            <h2 id="dropoff-heading">Where users stop</h2>
            <div class="table-scroll">
              <table aria-labelledby="dropoff-heading">
                <thead>
                  <tr>
                    <th scope="col">{kind === 'hotspot' ? 'Hotspots opened' : 'Tasks done'}</th>
                    <th scope="col" class="num">Users</th>
                  </tr>
                </thead>
                <tbody>
                  {r.drop_off.map((d) => (
                    <tr key={d.tasks_done}>
                      <th scope="row">{`${d.tasks_done} of ${r.tasks.length}`}</th>
                      <td class="num">{d.users}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </section>
  );
}
