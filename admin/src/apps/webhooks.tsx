/** An app's outbound webhooks (owners only): where its events go, of which types, and how each delivery went. */
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { WebhookBatch, WebhookSubscription } from '../types';
import { ConfirmButton } from '../ui/confirm';
import { ErrorAlert, Notice } from '../ui/feedback';
import { CheckboxField, FormScope, GroupErrors, SelectField, TextField, fieldErrorsOf } from '../ui/form';
import { when } from '../ui/format';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';

/** What a webhook can carry, as the issue and the README name them. */
const TYPES: [string, string][] = [
  ['tour_started', 'Tour started'],
  ['tour_completed', 'Tour completed'],
  ['tour_dismissed', 'Tour dismissed'],
  ['step_completed', 'Step completed'],
  ['survey_answered', 'Survey answered'],
  ['checklist_task_completed', 'Checklist task done'],
  ['article_viewed', 'Article viewed'],
  ['search', 'Help search'],
  ['article_voted', 'Article voted helpful or not'],
  ['support_requested', 'Support request sent'],
  ['opted_out', 'Opted out of tours'],
  ['custom:*', "Your own events (track('custom:…'))"],
];

const FORMATS: [string, string][] = [
  ['waypost', "Waypost's events (JSON batches)"],
  ['segment', "Segment's tracking API (Segment, RudderStack, Jitsu…)"],
];

export function WebhooksCard({ appId }: { appId: number }) {
  const base = `/apps/${appId}/webhooks`;
  const list = useResource<WebhookSubscription[]>(base);
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState<string[]>(['tour_completed', 'survey_answered']);
  const [format, setFormat] = useState('waypost');
  const [writeKey, setWriteKey] = useState('');
  const action = useAction();

  async function add(e: Event) {
    e.preventDefault();
    const made = await action.run(() => api.post<WebhookSubscription>(base, { url: url.trim(), events: types, format, ...(format === 'segment' ? { write_key: writeKey.trim() } : {}) }), 'Webhook added: events from now on go there.');
    if (made) {
      list.setData([...(list.data || []), made]);
      setUrl('');
      setWriteKey('');
    }
  }

  async function remove(id: number) {
    const done = await action.run(async () => (await api.del(`${base}/${id}`), true), 'Webhook removed.');
    if (done) list.setData((list.data || []).filter((w) => w.id !== id));
  }

  return (
    <section class="card" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">Webhooks</h2>
      <p>
        Events go out in batches of up to 100 within about 15 seconds, signed with the app's secret (<code>X-Waypost-Signature</code>); a failed batch is tried 8 times, waiting longer each time (about half an hour in all).
      </p>
      <ErrorAlert error={list.error} />
      {list.data?.map((w) => (
        <Subscription key={w.id} appId={appId} webhook={w} onRemove={() => remove(w.id)} busy={action.busy} />
      ))}
      <form onSubmit={add} noValidate aria-label="Add a webhook">
        <ErrorAlert error={action.error} />
        <FormScope errors={fieldErrorsOf(action.error)}>
          <SelectField label="Format" path="format" value={format} onValue={setFormat} options={FORMATS} />
          <TextField
            label="Endpoint URL"
            path="url"
            type="url"
            value={url}
            onValue={setUrl}
            hint={format === 'segment' ? 'Its batch URL, e.g. https://api.segment.io/v1/batch (RudderStack: https://…/v1/batch).' : 'https://…; public addresses only.'}
            required
          />
          {format === 'segment' && <TextField label="Write key" path="write_key" value={writeKey} onValue={setWriteKey} hint="The source's write key; it is not shown again." required />}
          <fieldset>
            <legend>Events</legend>
            <GroupErrors path="events" />
            {TYPES.map(([type, label]) => (
              <CheckboxField
                key={type}
                label={label}
                path={`events.${type}`}
                checked={types.includes(type)}
                onChecked={(on) => setTypes(on ? [...types, type] : types.filter((t) => t !== type))}
              />
            ))}
          </fieldset>
        </FormScope>
        <button type="submit" disabled={action.busy}>
          Add webhook
        </button>
      </form>
      <Notice text={action.notice} />
    </section>
  );
}

function Subscription({ appId, webhook, onRemove, busy }: { appId: number; webhook: WebhookSubscription; onRemove: () => void; busy: boolean }) {
  const log = useResource<WebhookBatch[]>(`/apps/${appId}/webhooks/${webhook.id}/deliveries`);
  const heading = `webhook-${webhook.id}`;
  return (
    <article class="webhook" aria-labelledby={heading} data-webhook={webhook.id}>
      <h3 id={heading}>
        <code>{webhook.url}</code>
      </h3>
      <p>
        Sends {webhook.events.join(', ')}{webhook.format === 'segment' ? " as Segment track calls" : ''}. Added {when(webhook.created_at)}{webhook.created_by ? ` by ${webhook.created_by}` : ''}.</p>
      {log.data && log.data.length === 0 && <p>No delivery yet.</p>}
      {log.data && log.data.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`Deliveries to ${webhook.url}`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Batch</th>
                <th scope="col" class="num">Events</th>
                <th scope="col" class="num">Attempts</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {log.data.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{when(d.created_at)}</th>
                  <td class="num">{d.events}</td>
                  <td class="num">{d.attempts}</td>
                  <td>{d.delivered_at ? `Delivered ${when(d.delivered_at)}` : d.last_error ? `Failed: ${d.last_error}` : 'Waiting'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmButton label="Remove" question={`Stop sending events to ${webhook.url}?`} confirmLabel="Remove webhook" disabled={busy} onConfirm={onRemove} />
    </article>
  );
}
