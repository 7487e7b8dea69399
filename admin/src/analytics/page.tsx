/** Analytics for one app over a date range: tours and their funnels, opt-outs, articles, searches. */
import { useEffect, useState } from 'preact/hooks';
import type { AlertSent, ArticleComment, ArticleStat, Funnel, MissingTarget, SearchQueryStat, SearchStats, ToursAnalytics } from '../types';
import { ErrorAlert, Loading } from '../ui/feedback';
import { FormScope, TextField, fieldErrorsOf } from '../ui/form';
import { daysAgo, isoDay, pct, when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useResource } from '../ui/use_resource';
import { FunnelChart } from './funnel';

export function AnalyticsPage({ appId }: { appId: number }) {
  usePageTitle('Analytics');
  const [form, setForm] = useState({ from: daysAgo(29), to: isoDay(new Date()) });
  const [range, setRange] = useState(form);
  const base = `/apps/${appId}/analytics`;
  const tours = useResource<ToursAnalytics>(`${base}/tours`, range);
  const articles = useResource<ArticleStat[]>(`${base}/articles`, range);
  const searches = useResource<SearchStats>(`${base}/searches`, range);
  const missing = useResource<MissingTarget[]>(`${base}/missing-targets`, range);
  const [tourId, setTourId] = useState('');
  const funnel = useResource<Funnel>(tourId ? `${base}/tours/${tourId}` : null, range);

  useEffect(() => {
    const list = tours.data?.tours || [];
    if (list.length && !list.some((t) => t.tour_id === tourId)) {
      setTourId((list.find((t) => t.started > 0) || list[0]).tour_id);
    }
  }, [tours.data]);

  const apply = (e: Event) => {
    e.preventDefault();
    setRange({ ...form });
  };
  const rangeText = `${range.from || 'the start'} to ${range.to || 'today'}`;
  const tourName = tours.data?.tours.find((t) => t.tour_id === tourId)?.name || tourId;

  return (
    <section>
      <h1>Analytics</h1>
      <form class="filters" onSubmit={apply} noValidate aria-label="Date range">
        <FormScope errors={fieldErrorsOf(tours.error)}>
          <TextField label="From" path="from" type="date" value={form.from} onValue={(from) => setForm({ ...form, from })} />
          <TextField label="To" path="to" type="date" value={form.to} onValue={(to) => setForm({ ...form, to })} hint="Both days included, in UTC." />
        </FormScope>
        <button type="submit">Show</button>
      </form>
      <ErrorAlert error={tours.error} />

      <section class="card" aria-labelledby="tours-heading">
        <h2 id="tours-heading">Tours</h2>
        {tours.loading && <Loading />}
        {tours.data && (
          <>
            <p data-opt-out>
              Opt-out rate: <strong>{pct(tours.data.opt_out.rate)}</strong> ({tours.data.opt_out.opted_out} of{' '}
              {tours.data.opt_out.active_users} active users opted out of all tours).
            </p>
            <div class="table-scroll" tabIndex={0} role="region" aria-label="Table of tours">
              <table>
                <caption class="visually-hidden">Tours, {rangeText}</caption>
                <thead>
                  <tr>
                    <th scope="col">Tour</th>
                    <th scope="col" class="num">Started</th>
                    <th scope="col" class="num">Completed</th>
                    <th scope="col" class="num">Completion rate</th>
                    <th scope="col" class="num">Dismissal rate</th>
                  </tr>
                </thead>
                <tbody>
                  {tours.data.tours.map((t) => (
                    <tr key={t.tour_id}>
                      <th scope="row">{t.name}</th>
                      <td class="num">{t.started}</td>
                      <td class="num">{t.completed}</td>
                      <td class="num">{pct(t.completion_rate)}</td>
                      <td class="num">{pct(t.dismissal_rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {tours.data.tours.length > 0 && (
              <div class="filters">
                <label for="funnel-tour">Funnel of</label>
                <select id="funnel-tour" value={tourId} onChange={(e) => setTourId(e.currentTarget.value)}>
                  {tours.data.tours.map((t) => (
                    <option value={t.tour_id} key={t.tour_id}>
                      {t.name}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </>
        )}
        <ErrorAlert error={funnel.error} />
        {funnel.data && funnel.data.tour_id === tourId && <FunnelChart funnel={funnel.data} tourName={tourName} range={rangeText} />}
      </section>

      <section class="card" aria-labelledby="missing-heading">
        <h2 id="missing-heading">Steps whose target was not found</h2>
        <ErrorAlert error={missing.error} />
        {missing.data && missing.data.length === 0 && <p>None: every step found its element.</p>}
        {missing.data && missing.data.length > 0 && (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Table of the steps not found">
            <table>
              <caption class="visually-hidden">Steps whose target was not found, {rangeText}</caption>
              <thead>
                <tr>
                  <th scope="col">Tour and step</th>
                  <th scope="col">Selector</th>
                  <th scope="col">Pages</th>
                  <th scope="col" class="num">Users</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {missing.data.map((m) => (
                  <tr key={`${m.tour_id}/${m.step_id}`} data-missing={`${m.tour_id}/${m.step_id}`}>
                    <th scope="row">
                      {m.tour_name || m.tour_id}: {m.step_id}
                    </th>
                    <td>
                      <code>{m.selector || '—'}</code>
                    </td>
                    <td>{m.pages.join(', ') || '—'}</td>
                    <td class="num">{m.users}</td>
                    <td>{when(m.last_seen_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <AlertsSent appId={appId} />
      </section>

      <section class="card" aria-labelledby="articles-heading">
        <h2 id="articles-heading">Articles</h2>
        <ErrorAlert error={articles.error} />
        {articles.data && articles.data.length === 0 && <p>No articles.</p>}
        {articles.data && articles.data.length > 0 && (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Table of articles">
            <table>
              <caption class="visually-hidden">Article views and helpfulness, {rangeText}</caption>
              <thead>
                <tr>
                  <th scope="col">Article</th>
                  <th scope="col">Locale</th>
                  <th scope="col" class="num">Views</th>
                  <th scope="col" class="num">Viewers</th>
                  <th scope="col" class="num">Helpful</th>
                  <th scope="col" class="num">Not helpful</th>
                  <th scope="col" class="num">Helpful rate</th>
                </tr>
              </thead>
              <tbody>
                {articles.data.map((a) => (
                  <tr key={a.article_id}>
                    <th scope="row">{a.title}</th>
                    <td>{a.locale}</td>
                    <td class="num">{a.views}</td>
                    <td class="num">{a.viewers}</td>
                    <td class="num">{a.helpful_yes}</td>
                    <td class="num">{a.helpful_no}</td>
                    <td class="num">
                      {pct(a.helpful_pct)}
                      {a.low_helpfulness && (
                        <span class="badge badge-warn">
                          Needs work: {pct(a.recent_helpful_pct)} of its last {a.recent_votes} votes
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {articles.data && articles.data.some((a) => a.comments > 0) && (
          <>
            <h3>What was missing?</h3>
            {articles.data
              .filter((a) => a.comments > 0)
              .map((a) => (
                <ArticleComments key={a.article_id} base={base} article={a} range={range} />
              ))}
          </>
        )}
      </section>

      <section class="card" aria-labelledby="searches-heading">
        <h2 id="searches-heading">Searches</h2>
        <ErrorAlert error={searches.error} />
        {searches.data && (
          <>
            <p>
              {searches.data.total} searches, {searches.data.zero_results} found nothing ({pct(searches.data.zero_results_pct)}).
            </p>
            <div class="grid-2">
              <QueryTable title="Top searches" rows={searches.data.top} />
              <QueryTable title="Searches with no results" rows={searches.data.no_results} />
            </div>
          </>
        )}
      </section>
    </section>
  );
}

function QueryTable({ title, rows }: { title: string; rows: SearchQueryStat[] }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={`Table: ${title}`}>
      <table>
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Query</th>
            <th scope="col" class="num">Searches</th>
            <th scope="col" class="num">Then opened an article</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={3}>None.</td>
            </tr>
          )}
          {rows.map((q) => (
            <tr key={q.normalized}>
              <th scope="row">{q.query}</th>
              <td class="num">{q.count}</td>
              <td class="num">{q.opened}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface CommentsProps {
  base: string;
  article: ArticleStat;
  range: { from: string; to: string };
}

/** One article's "What was missing?" comments, newest first, read when the author opens them. */
function ArticleComments({ base, article, range }: CommentsProps) {
  const [open, setOpen] = useState(false);
  const comments = useResource<ArticleComment[]>(open ? `${base}/articles/${article.article_id}/comments` : null, range);
  const count = `${article.comments} ${article.comments === 1 ? 'comment' : 'comments'}`;
  return (
    <details class="comments" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        {article.title} ({article.locale}): {count}
      </summary>
      <ErrorAlert error={comments.error} />
      {comments.loading && <Loading />}
      {comments.data && (
        <ol class="plain" aria-label={`Comments on ${article.title}, newest first`}>
          {comments.data.map((c, index) => (
            <li key={index}>
              <p class="message">{c.comment}</p>
              <p class="meta">
                {when(c.created_at)} · {c.helpful ? 'helpful' : 'not helpful'} · {c.locale}
                {c.url && <> · on {c.url}</>}
              </p>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}

/** The alerts raised when many users missed a published step's target in an hour, and how their webhook went. */
function AlertsSent({ appId }: { appId: number }) {
  const alerts = useResource<AlertSent[]>(`/apps/${appId}/analytics/alerts`);
  if (!alerts.data?.length) return <ErrorAlert error={alerts.error} />;
  return (
    <>
      <h3 id="alerts-heading">Alerts</h3>
      <ul aria-labelledby="alerts-heading" class="alerts">
        {alerts.data.map((a) => (
          <li key={a.id} data-alert={a.id}>
            {when(a.created_at)}: <strong>{a.tour_id}</strong>, step {a.step_id}: {a.users} users could not find{' '}
            <code>{a.selector || '—'}</code> within {a.window_minutes} minutes.{' '}
            {a.delivered_at ? `Sent to the app's webhook ${when(a.delivered_at)}.` : a.last_error ? `Not delivered: ${a.last_error}.` : "No webhook is set: it is listed here only."}
          </li>
        ))}
      </ul>
    </>
  );
}
