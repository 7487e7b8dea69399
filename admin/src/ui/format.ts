/** How numbers and times read in the UI. */
import type { Percent } from '../types';

export const pct = (value: Percent | undefined): string =>
  value === null || value === undefined ? '—' : `${value.toFixed(1)}%`;

export const when = (iso: string | null | undefined): string =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

export const daysAgo = (days: number): string => isoDay(new Date(Date.now() - days * 86400_000));
