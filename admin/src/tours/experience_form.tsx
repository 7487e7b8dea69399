/** Parts every experience's editor has (tours, banners): the schedule, and the save / publish / delete buttons. */
import { ConfirmButton } from '../ui/confirm';
import { GroupErrors, TextField } from '../ui/form';

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
