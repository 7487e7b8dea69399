/** Is self-service working? The help KPIs over time, per language and channel, with tour and article trends. */
import { useMemo, useState } from 'preact/hooks';
import { download } from '../api';
import type { ContentGaps, HelpfulnessTrends, KpiFigures, SelfServiceKpis, TourTrends } from '../types';
import { ErrorAlert, Loading } from '../ui/feedback';
import { FormScope, TextField, fieldErrorsOf } from '../ui/form';
import { daysAgo, isoDay, pct } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useResource } from '../ui/use_resource';
import { TimeChart, type ChartSeries } from './chart';
import { GapInbox } from './gaps';

const COLORS = ['#0b5cad', '#b3261e', '#1a7f37', '#8250df', '#9a6700', '#0e7490'];
const CHANNEL_NAMES: Record<string, string> = {
  widget: 'Help widget',
  article_link: 'Article link',
  direct: 'Direct (no help first)',
};
const num = (value: number | null | undefined) => (value === null || value === undefined ? '—' : String(value));

interface Filters {
  from: string;
  to: string;
  interval: string;
  locale: string;
  channel: string;
}

export function SelfServicePage({ appId }: { appId: number }) {
  usePageTitle('Self-service');
  const [form, setForm] = useState<Filters>({ from: daysAgo(29), to: isoDay(new Date()), interval: 'day', locale: '', channel: '' });
  const [query, setQuery] = useState(form);
  const base = `/apps/${appId}/analytics`;
  const kpis = useResource<SelfServiceKpis>(`${base}/kpis`, { ...query });
  const range = { from: query.from, to: query.to, interval: query.interval };
  const tours = useResource<TourTrends>(`${base}/tours/trends`, range);
  const articles = useResource<HelpfulnessTrends>(`${base}/articles/helpfulness`, range);
  const gaps = useResource<ContentGaps>(`${base}/gaps`, { from: query.from, to: query.to });
  const [exportError, setExportError] = useState<Error | undefined>();
  const csv = (path: string, name: string, extra: Record<string, string> = {}) => () =>
    download(`${base}/${path}`, { ...query, ...extra, format: 'csv' }, `${name}-${query.from || 'start'}-${query.to || 'today'}.csv`).then(
      () => setExportError(undefined),
      setExportError,
    );
  const set = (key: keyof Filters) => (value: string) => setForm({ ...form, [key]: value });
  const apply = (e: Event) => {
    e.preventDefault();
    setQuery({ ...form });
  };

  return (
    <section>
      <h1>Self-service</h1>
      <form class="filters" onSubmit={apply} noValidate aria-label="Filters">
        <FormScope errors={fieldErrorsOf(kpis.error)}>
          <TextField label="From" path="from" type="date" value={form.from} onValue={set('from')} />
          <TextField label="To" path="to" type="date" value={form.to} onValue={set('to')} hint="Both days included, in UTC." />
        </FormScope>
        <label for="ss-interval">By</label>
        <select id="ss-interval" value={form.interval} onChange={(e) => set('interval')(e.currentTarget.value)}>
          <option value="day">day</option>
          <option value="week">week</option>
        </select>
        <label for="ss-language">Language</label>
        <select id="ss-language" value={form.locale} onChange={(e) => set('locale')(e.currentTarget.value)}>
          <option value="">All</option>
          {(kpis.data?.by_language || []).map((l) => (
            <option key={l.language} value={l.language}>
              {l.language}
            </option>
          ))}
          {form.locale && !kpis.data?.by_language.some((l) => l.language === form.locale) && <option value={form.locale}>{form.locale}</option>}
        </select>
        <label for="ss-channel">Channel</label>
        <select id="ss-channel" value={form.channel} onChange={(e) => set('channel')(e.currentTarget.value)}>
          <option value="">All</option>
          {Object.entries(CHANNEL_NAMES).map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
        <button type="submit">Show</button>
      </form>
      <ErrorAlert error={kpis.error} />
      <ErrorAlert error={exportError} />
      {kpis.loading && <Loading />}
      {kpis.data && <Kpis kpis={kpis.data} csv={csv} />}
      <GapInbox appId={appId} gaps={gaps.data} error={gaps.error} onCsv={(table) => csv('gaps', `content-gaps-${table}`, { table })} />
      <TourSection trends={tours.data} error={tours.error} csv={csv} />
      <ArticleSection trends={articles.data} error={articles.error} csv={csv} />
    </section>
  );
}

type Csv = (path: string, name: string, extra?: Record<string, string>) => () => void;

function Kpis({ kpis, csv }: { kpis: SelfServiceKpis; csv: Csv }) {
  const t = kpis.totals;
  const periods = useMemo(() => kpis.series.map((p) => p.period), [kpis]);
  const volume = useMemo<ChartSeries[]>(
    () => [
      { label: 'Help sessions', values: kpis.series.map((p) => p.help_sessions), color: COLORS[0], bars: true },
      { label: 'Support requests', values: kpis.series.map((p) => p.support_requests), color: COLORS[1], bars: true },
    ],
    [kpis],
  );
  const rates = useMemo<ChartSeries[]>(
    () => [
      { label: 'Resolution rate', values: kpis.series.map((p) => p.resolution_rate), color: COLORS[2] },
      { label: 'Search success', values: kpis.series.map((p) => p.search_success_rate), color: COLORS[0] },
      { label: 'Helpfulness', values: kpis.series.map((p) => p.helpfulness), color: COLORS[3] },
    ],
    [kpis],
  );
  const per = kpis.interval === 'week' ? 'week' : 'day';
  return (
    <>
      <section class="card" aria-labelledby="kpi-heading">
        <h2 id="kpi-heading">Is self-service working?</h2>
        <dl class="kpis">
          <Kpi name="Self-service resolution" value={pct(t.resolution_rate)} detail={`${t.resolved_sessions} of ${t.help_sessions} help sessions`} />
          <Kpi name="Support per 100 help sessions" value={num(t.support_per_100_sessions)} detail={`${t.support_requests} support requests`} />
          <Kpi name="Support per 1,000 active users" value={num(t.support_per_1000_users)} detail={t.active_users === null ? 'all languages and channels only' : `${t.active_users} active users`} />
          <Kpi name="Search success" value={pct(t.search_success_rate)} detail={`${t.searches_with_article} of ${t.searches} searches opened an article`} />
          <Kpi name="Searches with no results" value={pct(t.zero_result_rate)} detail={`${t.zero_result_searches} of ${t.searches}`} />
          <Kpi name="Helpfulness" value={pct(t.helpfulness)} detail={`${t.helpful_votes} of ${t.votes} votes said yes`} />
          <Kpi name="Support after reading an article" value={pct(t.support_after_article_pct)} detail={`${t.support_after_article} of ${t.support_requests} requests`} />
        </dl>
        <div class="grid-2">
          <TimeChart id="chart-volume" caption={`Help sessions and support requests per ${per}`} periods={periods} series={volume} />
          <TimeChart id="chart-rates" caption={`Resolution, search success and helpfulness per ${per}`} periods={periods} series={rates} percent />
        </div>
      </section>
      <section class="card" aria-labelledby="periods-heading">
        <div class="card-head">
          <h2 id="periods-heading">Per {per}</h2>
          <button type="button" class="secondary" onClick={csv('kpis', 'self-service', { table: 'series' })}>
            Download CSV
          </button>
        </div>
        <FiguresTable caption={`Self-service per ${per}`} head="Period" rows={kpis.series.map((p) => [p.period, p])} />
      </section>
      <section class="card" aria-labelledby="languages-heading">
        <div class="card-head">
          <h2 id="languages-heading">Per language and channel</h2>
          <button type="button" class="secondary" onClick={csv('kpis', 'self-service-by-language', { table: 'by_language' })}>
            Download CSV (languages)
          </button>
          <button type="button" class="secondary" onClick={csv('kpis', 'self-service-by-channel', { table: 'by_channel' })}>
            Download CSV (channels)
          </button>
        </div>
        <FiguresTable caption="Self-service per language" head="Language" rows={kpis.by_language.map((l) => [l.language, l])} />
        <FiguresTable caption="Self-service per channel" head="Channel" rows={kpis.by_channel.map((c) => [CHANNEL_NAMES[c.channel] || c.channel, c])} />
      </section>
    </>
  );
}

function Kpi({ name, value, detail }: { name: string; value: string; detail: string }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>
        <bdi class="kpi-value">{value}</bdi>
        <span class="meta">{detail}</span>
      </dd>
    </div>
  );
}

function FiguresTable({ caption, head, rows }: { caption: string; head: string; rows: [string, KpiFigures][] }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" class="num">Help sessions</th>
            <th scope="col" class="num">Resolution</th>
            <th scope="col" class="num">Support requests</th>
            <th scope="col" class="num">Per 100 sessions</th>
            <th scope="col" class="num">Searches</th>
            <th scope="col" class="num">Search success</th>
            <th scope="col" class="num">No results</th>
            <th scope="col" class="num">Helpfulness</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={9}>No help activity.</td>
            </tr>
          )}
          {rows.map(([name, f]) => (
            <tr key={name}>
              <th scope="row">
                <bdi>{name}</bdi>
              </th>
              <td class="num">{f.help_sessions}</td>
              <td class="num">{pct(f.resolution_rate)}</td>
              <td class="num">{f.support_requests}</td>
              <td class="num">{num(f.support_per_100_sessions)}</td>
              <td class="num">{f.searches}</td>
              <td class="num">{pct(f.search_success_rate)}</td>
              <td class="num">{pct(f.zero_result_rate)}</td>
              <td class="num">{pct(f.helpfulness)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TourSection({ trends, error, csv }: { trends?: TourTrends; error?: Error; csv: Csv }) {
  const started = (trends?.tours || []).filter((t) => t.series.some((p) => p.started));
  const periods = useMemo(() => trends?.opt_outs.map((p) => p.period) || [], [trends]);
  const lines = useMemo<ChartSeries[]>(
    () => started.slice(0, COLORS.length).map((t, i) => ({ label: t.name, values: t.series.map((p) => p.completion_rate), color: COLORS[i] })),
    [trends],
  );
  return (
    <section class="card" aria-labelledby="tour-trends-heading">
      <div class="card-head">
        <h2 id="tour-trends-heading">Tours over time</h2>
        <button type="button" class="secondary" onClick={csv('tours/trends', 'tour-trends')}>
          Download CSV
        </button>
      </div>
      <ErrorAlert error={error} />
      {trends && started.length === 0 && <p>No tour was started in this range.</p>}
      {trends && started.length > 0 && (
        <>
          <TimeChart id="chart-tours" caption="Completion rate per tour" periods={periods} series={lines} percent />
          <div class="table-scroll" tabIndex={0} role="region" aria-label="Tours in this range">
            <table>
              <caption>Tours in this range</caption>
              <thead>
                <tr>
                  <th scope="col">Tour</th>
                  <th scope="col" class="num">Started</th>
                  <th scope="col" class="num">Completed</th>
                  <th scope="col" class="num">Dismissed</th>
                </tr>
              </thead>
              <tbody>
                {started.map((t) => (
                  <tr key={t.tour_id}>
                    <th scope="row">{t.name}</th>
                    <td class="num">{t.series.reduce((n, p) => n + p.started, 0)}</td>
                    <td class="num">{t.series.reduce((n, p) => n + p.completed, 0)}</td>
                    <td class="num">{t.series.reduce((n, p) => n + p.dismissed, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p>Opted out of all tours: {trends.opt_outs.reduce((n, p) => n + p.opted_out, 0)} users.</p>
        </>
      )}
    </section>
  );
}

function ArticleSection({ trends, error, csv }: { trends?: HelpfulnessTrends; error?: Error; csv: Csv }) {
  return (
    <section class="card" aria-labelledby="helpfulness-heading">
      <div class="card-head">
        <h2 id="helpfulness-heading">Article helpfulness</h2>
        <button type="button" class="secondary" onClick={csv('articles/helpfulness', 'article-helpfulness')}>
          Download CSV
        </button>
      </div>
      <ErrorAlert error={error} />
      {trends && trends.articles.length === 0 && <p>No votes in this range.</p>}
      {trends && trends.articles.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Helpfulness per article">
          <table>
            <caption>Helpfulness per article and translation, and its trend</caption>
            <thead>
              <tr>
                <th scope="col">Article</th>
                <th scope="col">Locale</th>
                <th scope="col" class="num">Votes</th>
                <th scope="col" class="num">Helpful</th>
                <th scope="col">Per period (helpful %)</th>
              </tr>
            </thead>
            <tbody>
              {trends.articles.map((a) => (
                <tr key={a.article_id}>
                  <th scope="row">
                    <bdi>{a.title}</bdi>
                  </th>
                  <td>{a.locale}</td>
                  <td class="num">{a.votes}</td>
                  <td class="num">{pct(a.helpfulness)}</td>
                  <td>
                    {a.series
                      .filter((p) => p.votes)
                      .map((p) => `${p.period}: ${pct(p.helpfulness)}`)
                      .join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
