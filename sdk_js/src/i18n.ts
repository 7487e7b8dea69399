/** UI strings: the server's translations over English fallbacks, and text direction. */
import type { Strings } from './types';

export const EN: Strings = {
  back: 'Back',
  next: 'Next',
  done: 'Done',
  close: 'Close',
  opt_out: "Don't show tours again",
  progress: '{current} of {total}',
  missing: 'Not on this page',
  help: 'Help',
  search: 'Search',
  no_results: 'No results',
  helpful: 'Was this helpful?',
  yes: 'Yes',
  no: 'No',
  contact: 'Contact us',
  // Not (yet) among bootstrap's strings: English unless the server sends them.
  // (Fallbacks are short: they show only when the server cannot be reached.)
  comment: 'What was missing?',
  message: 'Message',
  email: 'Email (optional)',
  send: 'Send',
  thanks: 'Thank you!',
  voted: 'Thank you!',
  error: 'Something went wrong',
  updated: 'Updated {date}',
  topics: 'Topics',
  dismiss: 'Hide',
  task_done: 'Done: {task}',
};

/** Merges server strings over English; anything missing, empty or not a string falls back. */
export function mergeStrings(server: unknown): Strings {
  const out = { ...EN };
  if (server && typeof server === 'object') {
    for (const k of Object.keys(EN) as (keyof Strings)[]) {
      const v = (server as Record<string, unknown>)[k];
      if (typeof v === 'string' && v) out[k] = v;
    }
  }
  return out;
}

/** Fills `{name}` placeholders; unknown placeholders are left as they are. */
export const format = (template: string, vars: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? `${vars[k]}` : m));
