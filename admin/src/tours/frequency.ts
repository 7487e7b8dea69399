/** How often an experience shows to a user, and which goes first: the form's fields and the spec's. */
import type { Frequency } from '../types';

/** How often and in which order, as the form edits them ('' for unset). */
export interface FrequencyDraft {
  frequencyShow: string;
  frequencyDays: string;
  maxShows: string;
  priority: string;
}

export const emptyFrequency = (): FrequencyDraft => ({ frequencyShow: '', frequencyDays: '', maxShows: '', priority: '' });

export function frequencyDraftOf(spec: { frequency?: Frequency | null; priority?: number | null }): FrequencyDraft {
  const f = spec.frequency;
  return {
    frequencyShow: f?.show || '',
    frequencyDays: f?.days !== undefined ? String(f.days) : '',
    maxShows: f?.max_shows !== undefined ? String(f.max_shows) : '',
    priority: spec.priority !== undefined && spec.priority !== null ? String(spec.priority) : '',
  };
}

/** Numbers as typed (the server says what is wrong with one); unset fields are left out. */
export function frequencySpecOf(d: FrequencyDraft): { frequency?: Frequency; priority?: number } {
  const number = (text: string) => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : (text as unknown as number));
  const frequency: Frequency | undefined = d.frequencyShow
    ? {
        show: d.frequencyShow as Frequency['show'],
        ...(d.frequencyShow === 'every_days' ? { days: number(d.frequencyDays) } : {}),
        ...(d.maxShows.trim() ? { max_shows: number(d.maxShows) } : {}),
      }
    : undefined;
  return { ...(frequency ? { frequency } : {}), ...(d.priority.trim() ? { priority: number(d.priority) } : {}) };
}

