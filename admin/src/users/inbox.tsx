/** Support requests, with what the user had tried; editors and owners close and reopen them. */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api } from '../api';
import { useSession } from '../session';
import type { SupportRequest } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';
import { userHref } from './page';

/** A mailto: link only for a plain address, each half percent-encoded, so no `?cc=` or `&body=` can ride along
 * (the server refuses such addresses now; older requests may still hold one). */
function mailtoHref(email: string): string | null {
  const match = /^([\p{L}\p{M}\p{N}_.!#$'*+/=^`{|}~-]+)@([\p{L}\p{M}\p{N}.-]+)$/u.exec(email);
  return match ? `mailto:${encodeURIComponent(match[1])}@${encodeURIComponent(match[2])}` : null;
}

function EmailAddress({ email }: { email: string }) {
  const href = mailtoHref(email);
  return href ? <a href={href}>{email}</a> : <span>{email}</span>;
}

export function InboxPage({ appId }: { appId: number }) {
  usePageTitle('Support inbox');
  const { canWrite } = useSession();
  const [status, setStatus] = useState('open');
  const requests = useResource<SupportRequest[]>(`/apps/${appId}/support-requests`, { status });
  const action = useAction();

  async function change(request: SupportRequest, to: 'open' | 'closed') {
    const done = await action.run(
      () => api.patch<SupportRequest>(`/apps/${appId}/support-requests/${request.id}`, { status: to }),
      `Request #${request.id} ${to === 'closed' ? 'closed' : 'reopened'}.`,
    );
    if (done) requests.reload();
  }

  return (
    <section>
      <h1>Support inbox</h1>
      <div class="filters">
        <label for="inbox-status">Show</label>
        <select id="inbox-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="open">Open requests</option>
          <option value="closed">Closed requests</option>
          <option value="">All requests</option>
        </select>
      </div>
      <ErrorAlert error={requests.error || action.error} />
      <Notice text={action.notice} />
      {requests.loading && <Loading />}
      {requests.data && requests.data.length === 0 && <p>No requests.</p>}
      <ul class="plain requests">
        {(requests.data || []).map((r) => (
          <li key={r.id} class="card" data-request={r.id}>
            <h2>
              #{r.id} from <Link href={userHref(appId, r.user_id)}>{r.user_id}</Link>
            </h2>
            <p class="meta">
              {when(r.created_at)} · {r.status}
              {r.email && <> · <EmailAddress email={r.email} /></>}
              {r.context.page && <> · on {r.context.page}</>}
            </p>
            <p class="message">{r.message}</p>
            <RequestContext context={r.context} />
            {r.article && (
              <p>
                Article drafted from it: <Link href={`/apps/${appId}/kb/articles/${r.article.id}`}>{r.article.title}</Link>
              </p>
            )}
            {canWrite && (
              <div class="actions">
                <button type="button" class="secondary" disabled={action.busy} onClick={() => change(r, r.status === 'open' ? 'closed' : 'open')}>
                  {r.status === 'open' ? `Close request #${r.id}` : `Reopen request #${r.id}`}
                </button>
                {!r.article && <Link href={`/apps/${appId}/kb/new?from_request=${r.id}`}>Draft an article from request #{r.id}</Link>}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** What the user saw and tried before asking: tours by name, articles by title, searches with their counts. */
function RequestContext({ context }: { context: SupportRequest['context'] }) {
  const tours = context.tours || [];
  const articles = context.articles_viewed || [];
  const searches = context.searches || [];
  if (!tours.length && !articles.length && !searches.length) return null;
  return (
    <dl class="facts context">
      {tours.length > 0 && (
        <>
          <dt>Tours</dt>
          <dd>{tours.map((t) => `${t.name || t.id} (${t.status.replace('_', ' ')})`).join(', ')}</dd>
        </>
      )}
      {articles.length > 0 && (
        <>
          <dt>Articles read</dt>
          <dd>{articles.map((a) => (a.title ? `“${a.title}”` : `article #${a.id}`)).join(', ')}</dd>
        </>
      )}
      {searches.length > 0 && (
        <>
          <dt>Searches</dt>
          <dd>{searches.map((s) => `“${s.query}” (${s.results} ${s.results === 1 ? 'result' : 'results'})`).join(', ')}</dd>
        </>
      )}
    </dl>
  );
}
