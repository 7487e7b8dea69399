/**
 * Wire types: what the SDK endpoints return and what the SDK sends (the server's OpenAPI at /api/v1/openapi.json), and the
 * public init options. Internal objects elsewhere name their properties with a trailing `_`
 * (the build shortens those); names here are the wire's and the host's, so they stay.
 */

export interface Step {
  id: string;
  target: string | null;
  title: string;
  body_html: string;
  placement?: string;
  advance_on?: 'next' | 'click' | null;
  url?: string | null;
  /** `url` as the regular expression the server matches paths with (whole path). */
  url_pattern?: string;
}

export interface Tour {
  id: string;
  version: number;
  name: string;
  auto: boolean;
  /** The language the tour's texts are in (may differ from the UI's when untranslated). */
  locale?: string;
  dir?: 'ltr' | 'rtl';
  /** Bootstrap only: whether this page is one of the tour's own (where its steps without a url show). */
  on_page?: boolean;
  steps: Step[];
  progress?: { status: string; step_id: string | null } | null;
  /** Bootstrap only: shown again by its frequency although done (the browser's own "done" mark does not hold it). */
  repeat?: boolean;
}

/** An article as bootstrap lists it for the page, or as a search result (with its highlighted snippet). */
export interface ArticleRef {
  id: number;
  slug: string;
  title: string;
  locale?: string;
  faq_answer?: string | null;
  /** Search results only: server-sanitized HTML whose only tag is `<mark>`. */
  snippet_html?: string;
}

/** A category to browse in the widget, named in the user's language. */
export interface Category {
  slug: string;
  name: string;
  articles: ArticleRef[];
}

/** An article as `GET kb/articles/{slug}` returns it. */
export interface Article extends ArticleRef {
  /** Server-sanitized HTML: may hold images, `<video controls>` and iframes. */
  body_html: string;
  dir?: 'ltr' | 'rtl';
  /** When its content last changed (ISO 8601). */
  updated_at?: string;
}

export type Strings = Record<
  | 'back' | 'next' | 'done' | 'close' | 'opt_out' | 'progress' | 'missing'
  | 'help' | 'search' | 'no_results' | 'helpful' | 'yes' | 'no' | 'contact'
  | 'comment' | 'message' | 'email' | 'send' | 'thanks' | 'voted' | 'error' | 'updated' | 'topics' | 'dismiss' | 'task_done',
  string
>;

/** When a tour starts by itself later on its pages: the user does `event` (of `tour`, for a tour_… event), the
 * `selector` element is visible or clicked, or `seconds` have passed. */
export interface TourTrigger {
  on: 'event' | 'element' | 'click' | 'delay';
  event?: string;
  tour?: string;
  selector?: string;
  seconds?: number;
}

/** A tour armed on a trigger, in bootstrap's `experiences` (the tour is in `tours`). */
export interface ArmedTour {
  id: string;
  type: 'tour';
  version: number;
  trigger: TourTrigger;
  repeat?: boolean;
}

/** A banner in bootstrap's `experiences` (the other experience types come the same way, by `type`). */
export interface Banner {
  id: string;
  type: 'banner';
  version: number;
  name: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  /** Server-sanitized HTML. */
  html: string;
  position: 'top' | 'bottom';
  style: 'inline' | 'overlay';
  button: { label: string; url?: string; tour?: string; article?: string } | null;
  dismissible: boolean;
}

/** A microsurvey in bootstrap's `experiences`: one question, shown on its pages or when `trigger.event` happens. */
export interface Survey {
  id: string;
  type: 'survey';
  version: number;
  name: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  question: {
    kind: 'nps' | 'csat' | 'rating' | 'choice' | 'text';
    text: string;
    choices?: { id: string; label: string }[];
    low_label?: string;
    high_label?: string;
    follow_up?: string;
  };
  thanks: string | null;
  trigger: { on: 'page' | 'event'; event?: string; tour?: string };
}

/** A checklist in bootstrap's `experiences`, with the tasks this user has done. */
export interface Checklist {
  id: string;
  type: 'checklist';
  version: number;
  name: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  position: 'bottom-start' | 'bottom-end';
  tasks: {
    id: string;
    title: string;
    description_html: string;
    action: { tour?: string; url?: string; article?: string } | null;
    done_on: { tour?: string; event?: string } | null;
  }[];
  done: string[];
  dismissed: boolean;
}

/** A set of hotspots in bootstrap's `experiences`, with the ones this user has opened. */
export interface HotspotSet {
  id: string;
  type: 'hotspot';
  version: number;
  name: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  hotspots: { id: string; target: string; corner: string; title: string; body_html: string; tour?: string }[];
  done: string[];
}

export interface Bootstrap {
  user: { opted_out: boolean };
  tours: Tour[];
  experiences?: (Banner | Survey | Checklist | HotspotSet | ArmedTour)[];
  help: { articles: ArticleRef[] };
  locale: string;
  dir: 'ltr' | 'rtl';
  strings: unknown;
}

export interface WaypostEvent {
  id: string;
  type: string;
  ts: string;
  url: string;
  tour_id?: string;
  tour_version?: number;
  step_id?: string;
  article_id?: string;
  query?: string;
  data?: Record<string, unknown>;
}

export interface User {
  id: string;
  token?: string;
  traits?: Record<string, unknown>;
}

export interface HelpOptions {
  /** The launcher's corner (mirrored in right-to-left languages); default `bottom-right`. */
  position?: 'bottom-right' | 'bottom-left';
  /** Show the launcher button (default true); without it, `help('open')` still opens the panel. */
  launcher?: boolean;
}

export interface InitOptions {
  key: string;
  server: string;
  user?: Partial<User>;
  locale?: string;
  /** How long a step waits for its target to appear, in ms (default 5000). */
  targetTimeout?: number;
  /** The help widget; `false` is the same as `{launcher: false}`. */
  help?: HelpOptions | boolean;
}
