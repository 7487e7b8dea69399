/** One end user's story, oldest first: tours, help articles, searches, votes, support requests, opt-out. */
import { Link } from 'wouter-preact';
import type { Timeline, TimelineItem } from '../types';
import { ErrorAlert, Loading } from '../ui/feedback';
import { when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useResource } from '../ui/use_resource';
import { TourDecisions } from './tour_decisions';

const inTour = (i: TimelineItem) => (i.tour_name ? `the tour “${i.tour_name}”` : `tour ${i.tour_id}`);
const results = (n: number | undefined) => `${n ?? 0} ${n === 1 ? 'result' : 'results'}`;

function describe(item: TimelineItem): string {
  switch (item.kind) {
    case 'search':
      return `Searched the help for “${item.query}”: ${results(item.result_count)}`;
    case 'feedback':
      return `Found “${item.article_title ?? item.article_id}” ${item.helpful ? 'helpful' : 'not helpful'}${item.comment ? `: ${item.comment}` : ''}`;
    case 'support_request':
      return `Asked for help (${item.status}): ${item.message}`;
    case 'opt_out':
      return 'Opted out of all tours';
  }
  switch (item.type) {
    case 'tour_started':
      return `Started ${inTour(item)}`;
    case 'step_viewed':
      return `Saw step ${item.step_id} of ${inTour(item)}`;
    case 'step_completed':
      return `Completed step ${item.step_id} of ${inTour(item)}`;
    case 'tour_completed':
      return `Completed ${inTour(item)}`;
    case 'tour_dismissed':
      return `Dismissed ${inTour(item)}${item.step_id ? ` at step ${item.step_id}` : ''}`;
    case 'step_target_missing':
      return `Step ${item.step_id} of ${inTour(item)} could not find its target`;
    case 'article_viewed':
      return `Read the article “${item.article_title ?? item.article_id}”`;
    case 'help_opened':
      return item.data?.via === 'link' ? 'Opened the help at an article, from a link' : 'Opened the help';
    case 'search':
      return `Searched for “${item.query}”`;
    default:
      return `Event ${item.type}`;
  }
}

export function TimelineView({ appId, userId }: { appId: number; userId: string }) {
  usePageTitle(`User ${userId}`);
  const timeline = useResource<Timeline>(`/apps/${appId}/end-users/${encodeURIComponent(userId)}/timeline`);
  const data = timeline.data;
  return (
    <section>
      <p class="breadcrumb">
        <Link href={`/apps/${appId}/users`}>Users</Link>
      </p>
      <h1>User {userId}</h1>
      <ErrorAlert error={timeline.error} />
      {timeline.loading && <Loading />}
      {data && (
        <>
          <dl class="facts">
            <dt>First seen</dt>
            <dd>{when(data.user.first_seen_at)}</dd>
            <dt>Last seen</dt>
            <dd>{when(data.user.last_seen_at)}</dd>
            <dt>Opted out</dt>
            <dd>{data.user.opted_out_at ? when(data.user.opted_out_at) : 'No'}</dd>
            <dt>Traits</dt>
            <dd>
              <code>{JSON.stringify(data.user.traits)}</code>
            </dd>
          </dl>
          {data.tours.length > 0 && (
            <table>
              <caption>Tours</caption>
              <thead>
                <tr>
                  <th scope="col">Tour</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last step</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {data.tours.map((t) => (
                  <tr key={t.tour_id}>
                    <th scope="row">{t.tour_name ? `${t.tour_name} (${t.tour_id})` : t.tour_id}</th>
                    <td>{t.status.replace('_', ' ')}</td>
                    <td>{t.step_id || '—'}</td>
                    <td>{when(t.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <TourDecisions appId={appId} userId={userId} />
          <h2>Timeline</h2>
          {data.items.length === 0 && <p>Nothing yet.</p>}
          <ol class="timeline" aria-label="Timeline, oldest first">
            {data.items.map((item, index) => (
              <li key={index} class={`tl-${item.kind}`} data-kind={item.kind}>
                <time dateTime={item.at}>{when(item.at)}</time> <span>{describe(item)}</span>
                {item.url && <span class="tl-url"> on {item.url}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
