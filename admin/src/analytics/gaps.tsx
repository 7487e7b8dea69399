/** What should we write next? Failed searches grouped into gaps, with "Write an article", and the gaps answered. */
import { Link } from 'wouter-preact';
import { useSession } from '../session';
import type { ContentGaps } from '../types';
import { ErrorAlert } from '../ui/feedback';
import { pct, when } from '../ui/format';

interface Props {
  appId: number;
  gaps?: ContentGaps;
  error?: Error;
  onCsv: (table: 'open' | 'answered') => () => void;
}

export function GapInbox({ appId, gaps, error, onCsv }: Props) {
  const { canWrite } = useSession();
  const write = (g: ContentGaps['open'][number]) =>
    `/apps/${appId}/kb/new?${new URLSearchParams({ gap_query: g.query, gap_language: g.language, gap_page: g.page })}`;
  return (
    <section class="card" aria-labelledby="gaps-heading">
      <div class="card-head">
        <h2 id="gaps-heading">What should we write next?</h2>
        <button type="button" class="secondary" onClick={onCsv('open')}>
          Download CSV (gaps)
        </button>
        <button type="button" class="secondary" onClick={onCsv('answered')}>
          Download CSV (answered)
        </button>
      </div>
      <ErrorAlert error={error} />
      {gaps && (
        <>
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Content gaps">
            <table>
              <caption>Searches that found nothing or led nowhere, most users first</caption>
              <thead>
                <tr>
                  <th scope="col">Search</th>
                  <th scope="col">Language</th>
                  <th scope="col">Page</th>
                  <th scope="col" class="num">Users</th>
                  <th scope="col" class="num">Searches</th>
                  <th scope="col" class="num">No results</th>
                  <th scope="col">Last searched</th>
                  {canWrite && <th scope="col">Action</th>}
                </tr>
              </thead>
              <tbody>
                {gaps.open.length === 0 && (
                  <tr>
                    <td colSpan={canWrite ? 8 : 7}>No gaps: every search found something that was opened.</td>
                  </tr>
                )}
                {gaps.open.map((g) => (
                  <tr key={g.key}>
                    <th scope="row">
                      <bdi>{g.query}</bdi>
                    </th>
                    <td>{g.language}</td>
                    <td>{g.page || '—'}</td>
                    <td class="num">{g.users}</td>
                    <td class="num">{g.searches}</td>
                    <td class="num">{g.zero_results}</td>
                    <td>{when(g.last_searched_at)}</td>
                    {canWrite && (
                      <td>
                        <Link href={write(g)} aria-label={`Write an article for “${g.query}”`}>
                          Write an article
                        </Link>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {gaps.answered.length > 0 && (
            <div class="table-scroll" tabIndex={0} role="region" aria-label="Answered gaps">
              <table>
                <caption>Gaps answered by an article, and how their searches went since</caption>
                <thead>
                  <tr>
                    <th scope="col">Search</th>
                    <th scope="col">Language</th>
                    <th scope="col">Answered by</th>
                    <th scope="col" class="num">Failed before</th>
                    <th scope="col" class="num">Searches since</th>
                    <th scope="col" class="num">Succeeded since</th>
                  </tr>
                </thead>
                <tbody>
                  {gaps.answered.map((g) => (
                    <tr key={g.key}>
                      <th scope="row">
                        <bdi>{g.query}</bdi>
                      </th>
                      <td>{g.language}</td>
                      <td>
                        {g.article_id ? (
                          <Link href={`/apps/${appId}/kb/articles/${g.article_id}`}>
                            <bdi>{g.article_title}</bdi>
                          </Link>
                        ) : (
                          'a deleted article'
                        )}{' '}
                        on {when(g.answered_at)}
                      </td>
                      <td class="num">{g.failed_before}</td>
                      <td class="num">{g.searches_since}</td>
                      <td class="num">{pct(g.success_rate_since)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
