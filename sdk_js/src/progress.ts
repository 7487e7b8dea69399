/** What this browser remembers per user: the step each tour is at, and tours finished or dismissed. */
import { getState } from './state';
import type { Tour } from './types';
import { load, save } from './util';

type Record_ = Record<string, string | 1>;

/** Reads, changes and writes back one per-user record ('p': step per tour, 'd': done tours). */
function edit(kind: 'p' | 'd', change?: (all: Record_) => void): Record_ {
  const name = `${kind}.${getState().user_?.id}`;
  const all = load<Record_>(name, {});
  if (change) {
    change(all);
    save(name, Object.keys(all).length ? all : null);
  }
  return all;
}

export const saveProgress = (tourId: string, stepId: string): unknown => edit('p', (p) => (p[tourId] = stepId));
export const clearProgress = (tourId: string): unknown => edit('p', (p) => delete p[tourId]);
export const markDone = (tourId: string, done = true): unknown =>
  edit('d', (d) => (done ? (d[tourId] = 1) : delete d[tourId]));
export const isDone = (tourId: string): boolean => !!edit('d')[tourId];

/** The step to resume at: this browser's record first (it is fresher), then the server's; -1 if none. */
export function resumeIndex(tour: Tour): number {
  const id = edit('p')[tour.id] ?? (tour.progress?.status === 'in_progress' && tour.progress.step_id);
  return id ? tour.steps.findIndex((s) => s.id === id) : -1;
}
