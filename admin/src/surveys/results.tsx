/** What a survey's answers say: its score, how answers spread, the trend, and what people wrote; per language. */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { download } from '../api';
import type { SurveyResults } from '../types';
import { ErrorAlert, Loading } from '../ui/feedback';
import { FormScope, TextField, fieldErrorsOf } from '../ui/form';
import { daysAgo, isoDay, pct, when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useResource } from '../ui/use_resource';
import { scoreText } from './score';

export function SurveyResultsPage({ appId, slug }: { appId: number; slug: string }) {
  usePageTitle(`Survey results ${slug}`);
  const [form, setForm] = useState({ from: daysAgo(89), to: isoDay(new Date()), interval: 'week', locale: '' });
  const [query, setQuery] = useState(form);
  const path = `/apps/${appId}/analytics/surveys/${slug}`;
  const results = useResource<SurveyResults>(path, query);
  const [exportError, setExportError] = useState<Error | undefined>();
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const r = results.data;
  const nps = r?.kind === 'nps';
  return (
    <section>
      <p class="breadcrumb">
        <Link href={`/apps/${appId}/surveys`}>Surveys</Link>
      </p>
      <h1>{r ? `Results: ${r.name}` : 'Results'}</h1>
      {r && <p class="status-line">“{r.question}”</p>}
      <form class="filters" onSubmit={(e) => (e.preventDefault(), setQuery({ ...form }))} noValidate aria-label="Filters">
        <FormScope errors={fieldErrorsOf(results.error)}>
          <TextField label="From" path="from" type="date" value={form.from} onValue={set('from')} />
          <TextField label="To" path="to" type="date" value={form.to} onValue={set('to')} hint="Both days included, in UTC." />
        </FormScope>
        <label for="sv-interval">By</label>
        <select id="sv-interval" value={form.interval} onChange={(e) => set('interval')(e.currentTarget.value)}>
          <option value="day">day</option>
          <option value="week">week</option>
        </select>
        <label for="sv-locale">Language</label>
        <select id="sv-locale" value={form.locale} onChange={(e) => set('locale')(e.currentTarget.value)}>
          <option value="">All</option>
          {(r?.locales || []).map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <button type="submit">Show</button>
      </form>
      <ErrorAlert error={results.error || exportError} />
      {results.loading && <Loading />}
      {r && (
        <>
          <section class="card" aria-labelledby="score-heading">
            <h2 id="score-heading">Score</h2>
            <p class="kpi-value" data-score>
              {scoreText(r.kind, r)}
            </p>
            <p>
              {r.responses} {r.responses === 1 ? 'user' : 'users'} answered
              {nps && r.responses > 0 && `: ${r.promoters} promoters (9–10), ${r.passives} passives (7–8), ${r.detractors} detractors (0–6)`}
              {r.kind === 'csat' && r.responses > 0 && `: ${r.satisfied} satisfied (4–5)`}.
            </p>
          </section>
          {r.distribution.length > 0 && (
            <section class="card" aria-labelledby="distribution-heading">
              <h2 id="distribution-heading">Answers</h2>
              <div class="table-scroll">
                <table aria-labelledby="distribution-heading">
                  <thead>
                    <tr>
                      <th scope="col">Answer</th>
                      <th scope="col" class="num">Users</th>
                      <th scope="col" class="num">Share</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.distribution.map((d) => (
                      <tr key={d.value}>
                        <th scope="row">{d.label || d.value}</th>
                        <td class="num">{d.responses}</td>
                        <td class="num">{pct(r.responses ? Math.round((1000 * d.responses) / r.responses) / 10 : null)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          <section class="card" aria-labelledby="trend-heading">
            <h2 id="trend-heading">Trend</h2>
            <div class="table-scroll">
              <table aria-labelledby="trend-heading">
                <thead>
                  <tr>
                    <th scope="col">{query.interval === 'week' ? 'Week of' : 'Day'}</th>
                    <th scope="col" class="num">Answers</th>
                    <th scope="col">Score</th>
                  </tr>
                </thead>
                <tbody>
                  {r.series.map((p) => (
                    <tr key={p.period}>
                      <th scope="row">{p.period}</th>
                      <td class="num">{p.responses}</td>
                      <td>{scoreText(r.kind, p)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section class="card" aria-labelledby="texts-heading">
            <div class="card-head">
              <h2 id="texts-heading">What people wrote</h2>
              <button
                type="button"
                class="secondary"
                onClick={() =>
                  download(path, { ...query, format: 'csv' }, `survey-${slug}-${query.from}-${query.to}.csv`).then(() => setExportError(undefined), setExportError)
                }
              >
                Download CSV (answers)
              </button>
            </div>
            {r.answers.length === 0 && <p>No written answers in this range.</p>}
            {r.answers.length > 0 && (
              <div class="table-scroll">
                <table aria-labelledby="texts-heading">
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Answer</th>
                      <th scope="col">Language</th>
                      <th scope="col">What they wrote</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.answers.map((a) => (
                      <tr key={`${a.user_id}-${a.at}`}>
                        <td>{when(a.at)}</td>
                        <td>{a.score ?? a.choice ?? '—'}</td>
                        <td>{a.locale || '—'}</td>
                        <td dir="auto">{a.text}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}
