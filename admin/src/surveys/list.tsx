/** The app's microsurveys with their status, kind, answers and score. */
import { useEffect, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { useSession } from '../session';
import type { Survey, SurveySummary } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useSearchParams } from '../ui/search_params';
import { useResource } from '../ui/use_resource';
import { scoreText } from './score';

export function SurveysPage({ appId }: { appId: number }) {
  usePageTitle('Surveys');
  const { canWrite } = useSession();
  const surveys = useResource<Survey[]>(`/apps/${appId}/tours`, { type: 'survey' });
  const stats = useResource<SurveySummary[]>(`/apps/${appId}/analytics/surveys`);
  const statsOf = (id: string) => stats.data?.find((s) => s.survey_id === id);
  const deleted = useSearchParams().get('deleted');
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setNotice(deleted ? `Survey ${deleted} deleted.` : null), [deleted]);

  return (
    <section>
      <div class="page-head">
        <h1>Surveys</h1>
        {canWrite && (
          <Link href={`/apps/${appId}/surveys/new`} class="button">
            New survey
          </Link>
        )}
      </div>
      <Notice text={notice} />
      <ErrorAlert error={surveys.error || stats.error} />
      {surveys.loading && <Loading />}
      {surveys.data && surveys.data.length === 0 && <p>No surveys yet: NPS, CSAT, a rating or one question, asked in the product.</p>}
      {surveys.data && surveys.data.length > 0 && (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Surveys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Last change</th>
                <th scope="col" class="num">Answers</th>
                <th scope="col">Score</th>
              </tr>
            </thead>
            <tbody>
              {surveys.data.map((s) => {
                const st = statsOf(s.id);
                return (
                  <tr key={s.id}>
                    <th scope="row">
                      <Link href={`/apps/${appId}/surveys/${s.id}`}>{s.draft.name}</Link>
                    </th>
                    <td>{s.live_version ? `Published (v${s.live_version})` : 'Draft'}</td>
                    <td>{when(s.updated_at)}</td>
                    <td class="num">{st ? st.responses : '—'}</td>
                    <td>{st ? <Link href={`/apps/${appId}/surveys/${s.id}/results`}>{scoreText(st.kind, st)}</Link> : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
