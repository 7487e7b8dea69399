/** Wire types: what the SDK endpoints return and what the SDK sends (api-contract §2). */

export interface Step {
  id: string;
  target: string | null;
  title: string;
  body_html: string;
  placement?: string;
  advance_on?: 'next' | 'click' | null;
  url?: string | null;
}

export interface Tour {
  id: string;
  version: number;
  name: string;
  auto: boolean;
  /** The language the tour's texts are in (may differ from the UI's when untranslated). */
  locale?: string;
  dir?: 'ltr' | 'rtl';
  steps: Step[];
  progress?: { status: string; step_id: string | null } | null;
}

export type Strings = Record<
  | 'back' | 'next' | 'done' | 'close' | 'opt_out' | 'progress'
  | 'help' | 'search' | 'no_results' | 'helpful' | 'yes' | 'no' | 'contact',
  string
>;

export interface Bootstrap {
  user: { id: string; opted_out: boolean };
  tours: Tour[];
  help: { articles: unknown[] };
  locale: string;
  dir: 'ltr' | 'rtl';
  strings: Partial<Strings>;
}

export interface WaypostEvent {
  id: string;
  type: string;
  ts: string;
  url: string;
  tour_id?: string;
  tour_version?: number;
  step_id?: string;
  data?: Record<string, unknown>;
}

export interface User {
  id: string;
  token?: string;
  traits?: Record<string, unknown>;
}

export interface InitOptions {
  key: string;
  server: string;
  user?: Partial<User>;
  locale?: string;
  /** How long a step waits for its target to appear, in ms (default 5000). */
  targetTimeout?: number;
}
