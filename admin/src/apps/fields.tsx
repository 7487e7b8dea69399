/** The fields an app is made of, shared by the create form and the settings page. */
import { CheckboxField, TextField } from '../ui/form';

export interface AppDraft {
  name: string;
  origins: string;
  require_identity: boolean;
  default_locale: string;
  webhook_url: string;
  iframe_hosts: string;
  per_session: string;
  per_day: string;
  quiet_hours: string;
}

export const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export const appBody = (draft: AppDraft) => ({
  name: draft.name.trim(),
  origins: lines(draft.origins),
  require_identity: draft.require_identity,
  default_locale: draft.default_locale.trim() || 'en',
  webhook_url: draft.webhook_url.trim() || null,
  iframe_hosts: lines(draft.iframe_hosts),
  throttle: {
    per_session: limit(draft.per_session),
    per_day: limit(draft.per_day),
    quiet_hours: limit(draft.quiet_hours),
  },
});

/** A limit as typed: empty is none; anything else goes to the server, which says what is wrong with it. */
const limit = (text: string): number | string | null => (!text.trim() ? null : /^\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text);

/** `withWebhook` is false for editors and viewers: the API does not tell them the webhook URL. */
export function AppFields({
  draft,
  onChange,
  withWebhook = true,
}: {
  draft: AppDraft;
  onChange: (draft: AppDraft) => void;
  withWebhook?: boolean;
}) {
  const set = (patch: Partial<AppDraft>) => onChange({ ...draft, ...patch });
  return (
    <>
      <TextField label="Name" path="name" value={draft.name} onValue={(name) => set({ name })} required />
      <TextField
        label="Allowed origins"
        path="origins"
        multiline
        rows={3}
        value={draft.origins}
        onValue={(origins) => set({ origins })}
        hint="One per line, like https://app.example.com: the sites whose pages may load tours."
      />
      <CheckboxField
        label="Require identity verification"
        path="require_identity"
        checked={draft.require_identity}
        onChecked={(require_identity) => set({ require_identity })}
        hint="Users must come with a token signed by your backend with the app's secret."
      />
      <TextField
        label="Default locale"
        path="default_locale"
        value={draft.default_locale}
        onValue={(default_locale) => set({ default_locale })}
      />
      {withWebhook && (
        <TextField
          label="Webhook URL"
          path="webhook_url"
          type="url"
          value={draft.webhook_url}
          onValue={(webhook_url) => set({ webhook_url })}
          hint="Support requests are POSTed here, signed with the app's secret. Public addresses only, unless the server allows private ones. Leave empty for none."
        />
      )}
      <TextField
        label="Hosts allowed in article iframes"
        path="iframe_hosts"
        multiline
        rows={3}
        value={draft.iframe_hosts}
        onValue={(iframe_hosts) => set({ iframe_hosts })}
        hint="One per line, like www.youtube-nocookie.com (lowercase, no https:// or path). Knowledge base articles may embed https iframes from these hosts only; saving renders every article again."
      />
      <fieldset>
        <legend>Throttle: how many experiences may start by themselves for a user</legend>
        <div class="grid-3">
          <TextField label="Per session" path="throttle.per_session" value={draft.per_session} onValue={(per_session) => set({ per_session })} hint="A session ends after 30 minutes without one. Empty: no limit." />
          <TextField label="Per day" path="throttle.per_day" value={draft.per_day} onValue={(per_day) => set({ per_day })} hint="In any 24 hours. Empty: no limit." />
          <TextField label="Quiet hours after a dismissal" path="throttle.quiet_hours" value={draft.quiet_hours} onValue={(quiet_hours) => set({ quiet_hours })} hint="None start by themselves for this long after the user dismissed one." />
        </div>
      </fieldset>
    </>
  );
}
