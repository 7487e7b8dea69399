/** Parts every experience's editor has (tours, banners, surveys): who sees it where and when, and the save /
 * publish / delete buttons. */
import { Link } from 'wouter-preact';
import { ConfirmButton } from '../ui/confirm';
import { when } from '../ui/format';
import { GroupErrors, SelectField, TextField } from '../ui/form';
import { AudienceRules } from './audience_rules';
import type { EnvelopeDraft } from './envelope';
import type { FrequencyDraft } from './frequency';
import { RuleEditor } from './rule_tester';

interface Schedule {
  start: string;
  end: string;
  timezone: string;
}

export function ScheduleFields({ value, onChange }: { value: Schedule; onChange: (patch: Partial<Schedule>) => void }) {
  return (
    <fieldset class="schedule">
      <legend>Schedule</legend>
      <GroupErrors path="schedule" />
      <div class="grid-3">
        <TextField label="Show from" path="schedule.start" type="datetime-local" value={value.start} onValue={(start) => onChange({ start })} />
        <TextField label="Until" path="schedule.end" type="datetime-local" value={value.end} onValue={(end) => onChange({ end })} />
        <TextField label="Time zone" path="schedule.timezone" value={value.timezone} onValue={(timezone) => onChange({ timezone })} hint="An IANA name, such as Asia/Bangkok." />
      </div>
      {!value.start && !value.end && <p>Always (leave both empty).</p>}
    </fieldset>
  );
}

const HOW_OFTEN: [string, string][] = [
  ['', 'Until completed or dismissed (the default)'],
  ['once', 'Once: the first time only'],
  ['until_completed', 'Until completed (a dismissal does not stop it)'],
  ['every_visit', 'On every page where it applies'],
  ['every_days', 'Again after a number of days'],
];

/** How often it shows to a user, at most how many times, and its priority among those that would start together. */
export function FrequencyFields({ value, onChange }: { value: FrequencyDraft; onChange: (patch: Partial<FrequencyDraft>) => void }) {
  return (
    <fieldset class="frequency">
      <legend>How often</legend>
      <GroupErrors path="frequency" />
      <div class="grid-2">
        <SelectField label="Shows" path="frequency.show" value={value.frequencyShow} onValue={(frequencyShow) => onChange({ frequencyShow })} options={HOW_OFTEN} />
        {value.frequencyShow === 'every_days' && (
          <TextField label="Every … days" path="frequency.days" value={value.frequencyDays} onValue={(frequencyDays) => onChange({ frequencyDays })} required />
        )}
        {value.frequencyShow && (
          <TextField label="At most … times" path="frequency.max_shows" value={value.maxShows} onValue={(maxShows) => onChange({ maxShows })} hint="Optional." />
        )}
        <TextField
          label="Priority"
          path="priority"
          value={value.priority}
          onValue={(priority) => onChange({ priority })}
          hint="When several would start by themselves on a page, the highest goes first (default 0); the others wait for a later page."
        />
      </div>
      <div class="grid-3">
        <TextField label="Goal event" path="goal.event" value={value.goalEvent} onValue={(goalEvent) => onChange({ goalEvent })} hint="Optional: custom:NAME from Waypost('track', …), or tour_completed…" />
        <TextField label="Or goal page" path="goal.page" value={value.goalPage} onValue={(goalPage) => onChange({ goalPage })} hint="Optional: a visit to a page, a path glob like /billing/upgrade*." />
        {(value.goalEvent || value.goalPage) && <TextField label="Within … days" path="goal.within_days" value={value.goalDays} onValue={(goalDays) => onChange({ goalDays })} />}
        <GroupErrors path="goal" />
        <TextField label="Holdout (%)" path="holdout" value={value.holdout} onValue={(holdout) => onChange({ holdout })} hint="Optional, up to 50: users held back (the same ones on every device), to compare the goal with." />
      </div>
    </fieldset>
  );
}

interface RulesProps {
  draft: EnvelopeDraft;
  onChange: (patch: Partial<EnvelopeDraft>) => void;
  appId: number;
  canWrite: boolean;
  /** "banner" or "survey", as the card names it. */
  what: string;
}

/** The page rule, the audience (rules, or an audience the builder cannot show, kept as written) and the schedule. */
export function RulesCard({ draft, onChange, appId, canWrite, what }: RulesProps) {
  return (
    <section class="card" aria-labelledby="rules-heading">
      <h2 id="rules-heading">Who sees it, where and when</h2>
      <RuleEditor kind={draft.matchKind} pattern={draft.pattern} onChange={(matchKind, pattern) => onChange({ matchKind, pattern })} />
      <fieldset class="audience">
        <legend>Audience</legend>
        <GroupErrors path="audience" />
        {draft.keptAudience ? (
          <pre class="rules" tabIndex={0} aria-label="Audience rules">
            {JSON.stringify(draft.keptAudience, null, 2)}
          </pre>
        ) : (
          <>
            {draft.rules.rows.length === 0 && <p>Everyone. Add a rule to show the {what} only to some users.</p>}
            <AudienceRules appId={appId} rules={draft.rules} onChange={(rules) => rules && onChange({ rules })} canWrite={canWrite} traits={false} />
          </>
        )}
      </fieldset>
      <ScheduleFields value={draft} onChange={onChange} />
      <FrequencyFields value={draft} onChange={onChange} />
    </section>
  );
}

interface ActionsProps {
  /** "tour" or "banner", as the buttons and the question name it. */
  kind: string;
  slug: string | null;
  live: number | null | undefined;
  busy: boolean;
  onPublish: () => unknown;
  onUnpublish: () => unknown;
  onDelete: () => unknown;
}

/** Save the draft (the form's submit), publish, unpublish, delete. */
export function PublishActions({ kind, slug, live, busy, onPublish, onUnpublish, onDelete }: ActionsProps) {
  return (
    <div class="actions">
      <button type="submit" disabled={busy}>
        Save draft
      </button>
      {slug && (
        <button type="button" disabled={busy} onClick={onPublish}>
          Save and publish
        </button>
      )}
      {live && (
        <button type="button" class="secondary" disabled={busy} onClick={onUnpublish}>
          Unpublish
        </button>
      )}
      {slug && (
        <ConfirmButton
          label={`Delete ${kind}`}
          question={`Delete the ${kind} ${slug} and all its versions? Users stop seeing it at once; its recorded events are kept. This can't be undone.`}
          confirmLabel="Delete it"
          disabled={busy}
          onConfirm={onDelete}
        />
      )}
    </div>
  );
}

interface HeadingProps {
  /** The list's name ("Banners") and path. */
  listName: string;
  list: string;
  title: string;
  live: number | null | undefined;
  updatedAt?: string;
  /** A results page of its own, linked once it is live. */
  results?: string;
}

/** An experience editor's breadcrumb, title and status line (published or draft, last change, results). */
export function EditorHeading({ listName, list, title, live, updatedAt, results }: HeadingProps) {
  return (
    <>
      <p class="breadcrumb">
        <Link href={list}>{listName}</Link>
      </p>
      <h1>{title}</h1>
      {updatedAt && (
        <p class="status-line">
          {live ? <span class="badge badge-live">Published v{live}</span> : <span class="badge">Draft</span>} Last change {when(updatedAt)}
          {live && results && (
            <>
              {' · '}
              <Link href={results}>Results</Link>
            </>
          )}
        </p>
      )}
    </>
  );
}
