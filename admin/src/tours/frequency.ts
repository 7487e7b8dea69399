/** How often an experience shows to a user, and which goes first: the form's fields and the spec's. */
import type { Frequency, Goal } from '../types';

/** How often, in which order, and to what end (a goal, a holdout), as the form edits them ('' for unset). */
export interface FrequencyDraft {
  frequencyShow: string;
  frequencyDays: string;
  maxShows: string;
  priority: string;
  goalEvent: string;
  goalPage: string;
  goalDays: string;
  holdout: string;
  /** What the editor does not edit but must not lose: an A/B variant and the page checks open, as authored. */
  kept: Pick<Delivery, 'variant' | 'sample_url'>;
}

interface Delivery {
  frequency?: Frequency | null;
  priority?: number | null;
  goal?: Goal | null;
  holdout?: number | null;
  variant?: Record<string, unknown> | null;
  sample_url?: string | null;
}

export const emptyFrequency = (): FrequencyDraft => ({
  frequencyShow: '',
  frequencyDays: '',
  maxShows: '',
  priority: '',
  goalEvent: '',
  goalPage: '',
  goalDays: '7',
  holdout: '',
  kept: {},
});

const text = (value: number | null | undefined) => (value !== undefined && value !== null ? String(value) : '');

export function frequencyDraftOf(spec: Delivery): FrequencyDraft {
  const f = spec.frequency;
  return {
    frequencyShow: f?.show || '',
    frequencyDays: text(f?.days),
    maxShows: text(f?.max_shows),
    priority: text(spec.priority),
    goalEvent: spec.goal?.event || '',
    goalPage: spec.goal?.page || '',
    goalDays: spec.goal ? String(spec.goal.within_days) : '7',
    holdout: text(spec.holdout),
    kept: { ...(spec.variant ? { variant: spec.variant } : {}), ...(spec.sample_url ? { sample_url: spec.sample_url } : {}) },
  };
}

/** Numbers as typed (the server says what is wrong with one); unset fields are left out. */
export function frequencySpecOf(d: FrequencyDraft): Delivery {
  const number = (text: string) => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : (text as unknown as number));
  const frequency: Frequency | undefined = d.frequencyShow
    ? {
        show: d.frequencyShow as Frequency['show'],
        ...(d.frequencyShow === 'every_days' ? { days: number(d.frequencyDays) } : {}),
        ...(d.maxShows.trim() ? { max_shows: number(d.maxShows) } : {}),
      }
    : undefined;
  return {
    ...(frequency ? { frequency } : {}),
    ...(d.priority.trim() ? { priority: number(d.priority) } : {}),
    ...(d.goalEvent.trim() || d.goalPage.trim()
      ? {
          goal: {
            ...(d.goalEvent.trim() ? { event: d.goalEvent.trim() } : {}),
            ...(d.goalPage.trim() ? { page: d.goalPage.trim() } : {}),
            within_days: number(d.goalDays),
          },
        }
      : {}),
    ...(d.holdout.trim() ? { holdout: number(d.holdout) } : {}),
    ...d.kept,
  };
}

