/** One app: its settings (owners change them), its secret, and the snippet to paste into the host app. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { useSession } from '../session';
import type { AppRecord } from '../types';
import { ConfirmButton } from '../ui/confirm';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { FormScope, fieldErrorsOf } from '../ui/form';
import { usePageTitle } from '../ui/page_title';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';
import { AppFields, appBody, type AppDraft } from './fields';
import { WebhooksCard } from './webhooks';

const draftOf = (app: AppRecord): AppDraft => ({
  name: app.name,
  origins: app.origins.join('\n'),
  require_identity: app.require_identity,
  default_locale: app.default_locale,
  webhook_url: app.webhook_url || '',
  iframe_hosts: (app.iframe_hosts || []).join('\n'),
  per_session: app.throttle?.per_session?.toString() ?? '',
  per_day: app.throttle?.per_day?.toString() ?? '',
  quiet_hours: app.throttle?.quiet_hours?.toString() ?? '',
});

export function snippet(app: AppRecord, server: string): string {
  const user = app.require_identity
    ? "{ id: 'USER_ID', token: 'JWT_FROM_YOUR_BACKEND' }"
    : "{ id: 'USER_ID', traits: { plan: 'trial' } }";
  return [
    '<script>',
    '  window.Waypost = window.Waypost || function () { (Waypost.q = Waypost.q || []).push(arguments) };',
    `  Waypost('init', { key: '${app.key}', server: '${server}', user: ${user} });`,
    '</script>',
    `<script async src="${server}/sdk/waypost.js"></script>`,
  ].join('\n');
}

export function AppSettingsPage({ appId }: { appId: number }) {
  const { isOwner } = useSession();
  // Owners read the app with its secret; other roles find it in the list, which never holds secrets.
  const owned = useResource<AppRecord>(isOwner ? `/apps/${appId}` : null);
  const listed = useResource<AppRecord[]>(isOwner ? null : '/apps');
  const app = isOwner ? owned : { ...listed, data: listed.data?.find((a) => a.id === appId) };
  const [draft, setDraft] = useState<AppDraft | null>(null);
  const save = useAction();
  usePageTitle(app.data ? `${app.data.name}: settings` : 'App settings');
  useEffect(() => app.data && setDraft(draftOf(app.data)), [app.data]);

  async function submit(e: Event) {
    e.preventDefault();
    const saved = await save.run(() => api.patch<AppRecord>(`/apps/${appId}`, appBody(draft!)), 'Settings saved.');
    if (saved) owned.setData(saved);
  }

  if (app.error) return <ErrorAlert error={app.error} />;
  if (listed.data && !app.data) return <p>No app has the id {appId}.</p>;
  if (!app.data || !draft) return <Loading />;
  return (
    <section>
      <h1>{app.data.name}: settings</h1>
      <form onSubmit={submit} noValidate class="card" aria-label="App settings">
        <ErrorAlert error={save.error} />
        <FormScope errors={fieldErrorsOf(save.error)} readOnly={!isOwner}>
          <AppFields draft={draft} onChange={setDraft} withWebhook={isOwner} />
        </FormScope>
        {isOwner && (
          <button type="submit" disabled={save.busy}>
            Save settings
          </button>
        )}
        <Notice text={save.notice} />
      </form>
      <Keys app={app.data} onRotated={owned.setData} />
      {isOwner && <WebhooksCard appId={appId} />}
      <Snippet app={app.data} />
    </section>
  );
}

function Keys({ app, onRotated }: { app: AppRecord; onRotated: (app: AppRecord) => void }) {
  const { isOwner } = useSession();
  const rotate = useAction();

  async function rotateNow() {
    const rotated = await rotate.run(() => api.post<AppRecord>(`/apps/${app.id}/rotate-secret`), 'A new secret is in use.');
    if (rotated) onRotated(rotated);
  }

  return (
    <section class="card" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Keys</h2>
      <dl>
        <dt>Public key</dt>
        <dd>
          <code>{app.key}</code>
        </dd>
        {app.secret && (
          <>
            <dt>Secret</dt>
            <dd>
              <SecretValue secret={app.secret} />
            </dd>
          </>
        )}
      </dl>
      <ErrorAlert error={rotate.error} />
      {isOwner && (
        <ConfirmButton
          label="Rotate secret"
          question="Identity tokens and webhook signatures made with the old secret stop working at once."
          confirmLabel="Rotate now"
          disabled={rotate.busy}
          onConfirm={rotateNow}
        />
      )}
      <Notice text={rotate.notice} />
    </section>
  );
}

function Snippet({ app }: { app: AppRecord }) {
  const [copied, setCopied] = useState<string | null>(null);
  const text = snippet(app, window.location.origin);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copying was refused by the browser: select the text and copy it.');
    }
  }

  return (
    <section class="card" aria-labelledby="snippet-heading">
      <h2 id="snippet-heading">Snippet</h2>
      <p>Paste this before the closing &lt;/body&gt; of every page of the host app, with your user's id.</p>
      <pre class="snippet" tabIndex={0} role="region" aria-label="Snippet code">
        <code>{text}</code>
      </pre>
      <button type="button" onClick={copy}>
        Copy snippet
      </button>
      <Notice text={copied} />
    </section>
  );
}

/** The secret, masked until asked for; Copy puts it on the clipboard without showing it. */
function SecretValue({ secret }: { secret: string }) {
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState('');
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setCopied('Copied.'),
      () => setCopied('The browser refused to copy: reveal it and copy it by hand.'),
    );
  return (
    <>
      <code class="secret">
        {shown ? secret : `${secret.slice(0, 3)}${'•'.repeat(16)}`}
      </code>{' '}
      <button type="button" class="secondary" aria-pressed={shown} onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Reveal'}
      </button>{' '}
      <button type="button" class="secondary" onClick={copy}>
        Copy
      </button>
      <span role="status">{copied}</span>
    </>
  );
}
