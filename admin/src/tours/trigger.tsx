/** When a tour starts: only by hand, with the page, or later on its pages (an event, an element, a click, a delay). */
import { GroupErrors, SelectField, TextField } from '../ui/form';
import type { TourTrigger } from '../types';

export type Starts = 'manual' | 'page' | TourTrigger['on'];

export interface TriggerDraft {
  starts: Starts;
  triggerEvent: string;
  triggerTour: string;
  triggerSelector: string;
  triggerSeconds: string;
}

const STARTS: [Starts, string][] = [
  ['manual', 'Only when started (start(), a checklist, a banner or a hotspot)'],
  ['page', 'By itself, as soon as the page and audience match'],
  ['event', 'By itself, when the user does an event on such a page'],
  ['element', 'By itself, once an element appears on such a page'],
  ['click', 'By itself, when the user clicks an element on such a page'],
  ['delay', 'By itself, after some seconds on such a page'],
];

export const emptyTrigger = (): TriggerDraft => ({ starts: 'manual', triggerEvent: '', triggerTour: '', triggerSelector: '', triggerSeconds: '10' });

export function triggerDraftOf(spec: { auto: boolean; trigger?: TourTrigger | null }): TriggerDraft {
  const t = spec.trigger;
  return {
    starts: !spec.auto ? 'manual' : t ? t.on : 'page',
    triggerEvent: t?.event || '',
    triggerTour: t?.tour || '',
    triggerSelector: t?.selector || '',
    triggerSeconds: t?.seconds !== undefined ? String(t.seconds) : '10',
  };
}

/** `auto` and `trigger` as the API takes them; a number typed wrong goes as written, for the server to name. */
export function triggerSpecOf(d: TriggerDraft): { auto: boolean; trigger?: TourTrigger } {
  const on = d.starts;
  if (on === 'manual') return { auto: false };
  if (on === 'page') return { auto: true };
  if (on === 'event') return { auto: true, trigger: { on, event: d.triggerEvent.trim(), ...(d.triggerTour.trim() ? { tour: d.triggerTour.trim() } : {}) } };
  if (on === 'delay') {
    const seconds = d.triggerSeconds.trim() === '' ? NaN : Number(d.triggerSeconds);
    return { auto: true, trigger: { on, seconds: Number.isFinite(seconds) ? seconds : (d.triggerSeconds as unknown as number) } };
  }
  return { auto: true, trigger: { on, selector: d.triggerSelector.trim() } };
}

/** "when the user does custom:exported", "when #chart is clicked"… (a tour's later trigger). */
export function triggerText(t: Record<string, unknown>): string {
  if (t.on === 'event') return `when the user does ${String(t.event)}${t.tour ? ` (of ${String(t.tour)})` : ''}`;
  if (t.on === 'element') return `once ${String(t.selector)} appears`;
  if (t.on === 'click') return `when ${String(t.selector)} is clicked`;
  if (t.on === 'delay') return `after ${String(t.seconds)} seconds`;
  return 'with the page';
}

export function TriggerFields({ value, onChange }: { value: TriggerDraft; onChange: (patch: Partial<TriggerDraft>) => void }) {
  const on = value.starts;
  return (
    <fieldset>
      <legend>When it starts</legend>
      <GroupErrors path="trigger" />
      <div class="grid-3">
        <SelectField label="Starts" path="auto" value={on} onValue={(starts) => onChange({ starts: starts as Starts })} options={STARTS} />
        {on === 'event' && (
          <>
            <TextField label="Event" path="trigger.event" value={value.triggerEvent} onValue={(triggerEvent) => onChange({ triggerEvent })} hint="E.g. custom:exported from Waypost('track', …), or tour_completed." required />
            <TextField label="Of the tour" path="trigger.tour" value={value.triggerTour} onValue={(triggerTour) => onChange({ triggerTour })} hint="Optional, with a tour_… event: that tour's id." />
          </>
        )}
        {(on === 'element' || on === 'click') && (
          <TextField label="Element" path="trigger.selector" value={value.triggerSelector} onValue={(triggerSelector) => onChange({ triggerSelector })} hint={'A CSS selector, e.g. [data-testid="export"].'} required />
        )}
        {on === 'delay' && (
          <TextField label="Seconds on the page" path="trigger.seconds" type="number" value={value.triggerSeconds} onValue={(triggerSeconds) => onChange({ triggerSeconds })} hint="0.1 to 3600." required />
        )}
      </div>
    </fieldset>
  );
}
