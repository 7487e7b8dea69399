/** Every host app; owners register new ones here. */
import { useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { api } from '../api';
import { useSession } from '../session';
import type { AppRecord } from '../types';
import { ErrorAlert, Loading } from '../ui/feedback';
import { FormScope, fieldErrorsOf } from '../ui/form';
import { usePageTitle } from '../ui/page_title';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';
import { AppFields, appBody, type AppDraft } from './fields';

const EMPTY: AppDraft = { name: '', origins: '', require_identity: false, default_locale: 'en', webhook_url: '', iframe_hosts: '', per_session: '', per_day: '', quiet_hours: '' };

export function AppsPage() {
  usePageTitle('Apps');
  const { isOwner } = useSession();
  const apps = useResource<AppRecord[]>('/apps');
  return (
    <section>
      <h1>Apps</h1>
      <ErrorAlert error={apps.error} />
      {apps.loading && <Loading />}
      {apps.data && apps.data.length === 0 && <p>No apps yet.{isOwner ? ' Register the first one below.' : ''}</p>}
      {apps.data && apps.data.length > 0 && (
        <table>
          <caption class="visually-hidden">Host apps</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Public key</th>
              <th scope="col">Allowed origins</th>
              <th scope="col">Identity verification</th>
              <th scope="col">Sections</th>
            </tr>
          </thead>
          <tbody>
            {apps.data.map((app) => (
              <tr key={app.id}>
                <th scope="row">
                  <Link href={`/apps/${app.id}/tours`}>{app.name}</Link>
                </th>
                <td>
                  <code>{app.key}</code>
                </td>
                <td>{app.origins.join(', ') || '—'}</td>
                <td>{app.require_identity ? 'Required' : 'Off'}</td>
                <td class="links">
                  <Link href={`/apps/${app.id}/analytics`}>Analytics</Link>{' '}
                  <Link href={`/apps/${app.id}/settings`}>Settings</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isOwner && <NewAppForm />}
    </section>
  );
}

function NewAppForm() {
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState(EMPTY);
  const action = useAction();

  async function submit(e: Event) {
    e.preventDefault();
    const app = await action.run(() => api.post<AppRecord>('/apps', appBody(draft)));
    if (app) navigate(`/apps/${app.id}/settings`);
  }

  return (
    <form onSubmit={submit} noValidate class="card" aria-labelledby="new-app-heading">
      <h2 id="new-app-heading">New app</h2>
      <ErrorAlert error={action.error} />
      <FormScope errors={fieldErrorsOf(action.error)}>
        <AppFields draft={draft} onChange={setDraft} />
      </FormScope>
      <button type="submit" disabled={action.busy}>
        Create app
      </button>
    </form>
  );
}
