/** Shapes of the admin API's answers (see /api/v1/openapi.json). */

export type Role = 'owner' | 'editor' | 'viewer';

export interface Me {
  id: number;
  email: string;
  role: Role;
}

export interface AdminAccount extends Me {
  created_at: string;
  disabled_at: string | null;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AppRecord {
  id: number;
  name: string;
  key: string;
  origins: string[];
  require_identity: boolean;
  default_locale: string;
  /** Owners only: absent from what editors and viewers read. */
  webhook_url?: string | null;
  iframe_hosts: string[];
  throttle?: { per_session?: number; per_day?: number; quiet_hours?: number };
  created_at: string;
  secret?: string;
}

export interface UrlRule {
  url?: string;
  regex?: string;
}

export interface TourStep {
  id: string;
  target: string | null;
  placement?: string;
  title: string;
  body: string;
  advance_on: 'next' | 'click' | null;
  url?: string | null;
}

export interface TourTranslation {
  name?: string;
  steps: Record<string, { title?: string; body?: string }>;
}

/** When a tour with `auto` starts later on its pages (absent: with the page). */
export interface TourTrigger {
  on: 'event' | 'element' | 'click' | 'delay';
  event?: string;
  tour?: string;
  selector?: string;
  seconds?: number;
}

export interface TourSpec {
  id: string;
  name: string;
  auto: boolean;
  trigger?: TourTrigger | null;
  match: UrlRule | null;
  audience: { traits: Record<string, (string | number)[]> } | { all: unknown[] } | { any: unknown[] } | null;
  schedule?: { start: string | null; end: string | null; timezone: string } | null;
  frequency?: Frequency | null;
  priority?: number | null;
  goal?: Goal | null;
  holdout?: number | null;
  locale: string;
  steps: TourStep[];
  translations: Record<string, TourTranslation>;
}

/** A banner as authored (`type: banner`): the envelope tours have, and its own body. */
export interface BannerSpec {
  id: string;
  type: 'banner';
  name: string;
  match: UrlRule | null;
  audience: TourSpec['audience'];
  schedule?: TourSpec['schedule'];
  locale: string;
  text: string;
  position: 'top' | 'bottom';
  style: 'inline' | 'overlay';
  button: { label: string; url?: string; tour?: string; article?: string } | null;
  dismissible: boolean;
  translations: Record<string, { name?: string; text?: string; button_label?: string }>;
}

export type SurveyKind = 'nps' | 'csat' | 'rating' | 'choice' | 'text';

export interface SurveySpec {
  id: string;
  type: 'survey';
  name: string;
  match: UrlRule | null;
  audience: TourSpec['audience'];
  schedule?: TourSpec['schedule'];
  locale: string;
  question: {
    kind: SurveyKind;
    text: string;
    choices?: { id: string; label: string }[];
    low_label?: string;
    high_label?: string;
    follow_up?: string;
  };
  thanks?: string;
  trigger: { on: 'page' | 'event'; event?: string; tour?: string };
  translations: Record<string, { name?: string; question?: string; follow_up?: string; thanks?: string; low_label?: string; high_label?: string; choices?: Record<string, string> }>;
}

export interface Survey {
  id: string;
  type: 'survey';
  status: 'draft' | 'published';
  live_version: number | null;
  draft: SurveySpec;
  updated_at: string;
}

export interface SurveyScore {
  responses: number;
  nps?: number | null;
  promoters?: number;
  passives?: number;
  detractors?: number;
  csat?: number | null;
  satisfied?: number;
  average?: number | null;
}

export interface SurveySummary extends SurveyScore {
  survey_id: string;
  name: string;
  kind: SurveyKind;
  question: string;
}

export interface SurveyResults extends SurveySummary {
  distribution: { value: string; label?: string; responses: number }[];
  series: (SurveyScore & { period: string })[];
  answers: { at: string; user_id: string; score: number | null; choice: string | null; text: string; locale: string | null; version: number | null }[];
  locales: string[];
  interval: string;
}

export interface ChecklistTask {
  id: string;
  title: string;
  description?: string;
  action: { tour?: string; url?: string; article?: string } | null;
  done_on: { tour?: string; event?: string } | null;
}

export interface ChecklistSpec {
  id: string;
  type: 'checklist';
  name: string;
  match: UrlRule | null;
  audience: TourSpec['audience'];
  schedule?: TourSpec['schedule'];
  locale: string;
  tasks: ChecklistTask[];
  position: 'bottom-start' | 'bottom-end';
  translations: Record<string, { name?: string; tasks?: Record<string, { title?: string; description?: string }> }>;
}

export interface Checklist {
  id: string;
  type: 'checklist';
  status: 'draft' | 'published';
  live_version: number | null;
  draft: ChecklistSpec;
  updated_at: string;
}

export interface HotspotSpec {
  id: string;
  type: 'hotspot';
  name: string;
  match: UrlRule | null;
  audience: TourSpec['audience'];
  schedule?: TourSpec['schedule'];
  locale: string;
  hotspots: { id: string; target: string; corner: string; title: string; body?: string; tour?: string }[];
  translations: Record<string, { name?: string; hotspots?: Record<string, { title?: string; body?: string }> }>;
}

export interface HotspotSet {
  id: string;
  type: 'hotspot';
  status: 'draft' | 'published';
  live_version: number | null;
  draft: HotspotSpec;
  updated_at: string;
}

export interface ChecklistResults {
  checklist_id: string;
  name: string;
  opened: number;
  users: number;
  completed: number;
  completion_rate: number | null;
  median_hours_to_complete: number | null;
  dismissed: number;
  tasks: { task_id: string; title: string; done: number; rate: number | null }[];
  drop_off: { tasks_done: number; users: number }[];
}

export interface BannerStats {
  banner_id: string;
  seen: number;
  clicked: number;
  dismissed: number;
  click_rate: number | null;
  dismissal_rate: number | null;
}

export interface Banner {
  id: string;
  type: 'banner';
  status: 'draft' | 'published';
  live_version: number | null;
  draft: BannerSpec;
  updated_at: string;
}

export interface Frequency {
  show: 'once' | 'until_completed' | 'every_visit' | 'every_days';
  days?: number;
  max_shows?: number;
}

/** What an experience is for: an event, or a visit to a page (a path glob), within some days of being shown. */
export interface Goal {
  event?: string;
  page?: string;
  within_days: number;
}

/** An outbound webhook (GET /apps/{id}/webhooks). */
export interface WebhookSubscription {
  id: number;
  url: string;
  events: string[];
  format: 'waypost' | 'segment';
  created_at: string;
  created_by: string | null;
}

/** One batch of events sent to a webhook, and how its delivery went. */
export interface WebhookBatch {
  id: number;
  created_at: string;
  events: number;
  attempts: number;
  delivered_at: string | null;
  next_attempt_at: string | null;
  last_error: string | null;
}

/** An alert: many users missed a published step's target within an hour (GET …/analytics/alerts). */
export interface AlertSent {
  id: number;
  created_at: string;
  tour_id: string;
  tour_version: number;
  step_id: string | null;
  selector: string | null;
  users: number;
  window_minutes: number;
  delivered_at: string | null;
  attempts: number;
  last_error: string | null;
}

export interface GoalResults {
  experience_id: string;
  goal: Goal;
  variants?: {
    percent_b: number;
    a: { users: number; converted: number; rate: number | null };
    b: { users: number; converted: number; rate: number | null };
    difference: number | null;
    ci_low: number | null;
    ci_high: number | null;
    significant: boolean;
  };
  holdout_percent: number;
  shown: { users: number; converted: number; rate: number | null };
  holdout: { users: number; converted: number; rate: number | null };
  difference: number | null;
  ci_low: number | null;
  ci_high: number | null;
  significant: boolean;
}

export interface Tour {
  id: string;
  status: 'draft' | 'published';
  live_version: number | null;
  latest_version: number | null;
  draft: TourSpec;
  created_at: string;
  updated_at: string;
}

export interface TourVersion {
  version: number;
  created_at: string;
  created_by: string | null;
  spec: TourSpec;
}

export interface Category {
  id?: number;
  slug: string;
  name: string;
  names?: Record<string, string>;
  position: number;
}

export interface Article {
  id: number;
  slug: string;
  locale: string;
  title: string;
  body: string;
  faq_answer: string | null;
  category: string | null;
  pages: UrlRule[];
  priority: number;
  status: 'draft' | 'published';
  translations: string[];
  updated_at: string;
  review_by: string | null;
  content_updated_at: string | null;
  freshness: { review_overdue: boolean; behind_source: boolean; source_locale: string | null };
}

export type Percent = number | null;

export interface FunnelStep {
  step_id: string;
  title: string | null;
  viewed: number;
  viewed_pct: Percent;
  drop_off: number;
  drop_off_pct: Percent;
}

export interface Funnel {
  tour_id: string;
  started: number;
  steps: FunnelStep[];
  completed: number;
  dismissed: number;
  completion_rate: Percent;
  dismissal_rate: Percent;
  target_missing: Record<string, number>;
}

export interface TourSummary {
  tour_id: string;
  name: string;
  status: string;
  live_version: number | null;
  updated_at: string;
  started: number;
  completed: number;
  dismissed: number;
  completion_rate: Percent;
  dismissal_rate: Percent;
}

export interface ToursAnalytics {
  tours: TourSummary[];
  opt_out: { active_users: number; opted_out: number; rate: Percent };
}

export interface ArticleStat {
  article_id: number;
  slug: string;
  locale: string;
  title: string;
  status: string;
  views: number;
  viewers: number;
  helpful_yes: number;
  helpful_no: number;
  helpful_pct: Percent;
  comments: number;
  recent_votes: number;
  recent_helpful_pct: Percent;
  low_helpfulness: boolean;
}

export interface ArticleComment {
  comment: string;
  helpful: boolean;
  locale: string;
  url: string | null;
  user_id: string | null;
  created_at: string;
}

export interface SearchQueryStat {
  normalized: string;
  query: string;
  count: number;
  opened: number;
}

export interface SearchStats {
  total: number;
  zero_results: number;
  zero_results_pct: Percent;
  top: SearchQueryStat[];
  no_results: SearchQueryStat[];
}

export interface EndUser {
  id: string;
  traits: Record<string, unknown>;
  first_seen_at: string;
  last_seen_at: string;
  opted_out_at: string | null;
}

export interface TimelineItem {
  kind: 'event' | 'search' | 'feedback' | 'support_request' | 'opt_out';
  at: string;
  type?: string;
  tour_id?: string | null;
  tour_name?: string | null;
  step_id?: string | null;
  article_id?: string | null;
  article_title?: string | null;
  query?: string | null;
  url?: string | null;
  data?: Record<string, unknown> | null;
  result_count?: number;
  helpful?: boolean;
  comment?: string | null;
  request_id?: number;
  message?: string;
  status?: string;
}

export interface Timeline {
  user: EndUser;
  tours: {
    tour_id: string;
    tour_name: string | null;
    status: string;
    step_id: string | null;
    version: number | null;
    updated_at: string;
  }[];
  items: TimelineItem[];
}

export interface SupportRequest {
  id: number;
  user_id: string;
  status: 'open' | 'closed';
  message: string;
  email: string | null;
  context: {
    page?: string | null;
    tours?: { id: string; name?: string | null; status: string; step_id: string | null }[];
    articles_viewed?: { id: number; title: string | null }[];
    searches?: { query: string; results: number; at: string }[];
  };
  created_at: string;
  webhook_attempts: number;
  webhook_delivered_at: string | null;
  webhook_last_error: string | null;
  article: { id: number; title: string } | null;
}

/** `POST /apps/{id}/picker-sessions`: what opens the host app in picker or preview mode. */
export interface PickerSession {
  id: string;
  token: string;
  url: string;
  expires_at: string;
}

export interface PickerStatus {
  id: string;
  mode: 'pick' | 'preview';
  status: 'waiting' | 'picked' | 'expired';
  selector: string | null;
  text: string | null;
  tag: string | null;
}

/** `GET /apps/{id}/media`: an uploaded image, video or audio file; `url` is relative to the Waypost server. */
export interface MediaItem {
  id: number;
  name: string;
  kind: 'image' | 'video' | 'audio';
  mime: string;
  size: number;
  url: string;
  created_at: string;
}

export interface KpiFigures {
  help_sessions: number;
  resolved_sessions: number;
  resolution_rate: Percent;
  escalated_sessions: number;
  support_requests: number;
  support_per_100_sessions: number | null;
  active_users: number | null;
  support_per_1000_users: number | null;
  support_after_article: number;
  support_after_article_pct: Percent;
  searches: number;
  searches_with_article: number;
  search_success_rate: Percent;
  zero_result_searches: number;
  zero_result_rate: Percent;
  votes: number;
  helpful_votes: number;
  helpfulness: Percent;
}

export interface SelfServiceKpis {
  interval: 'day' | 'week';
  totals: KpiFigures;
  series: (KpiFigures & { period: string })[];
  by_language: (KpiFigures & { language: string })[];
  by_channel: (KpiFigures & { channel: string })[];
}

export interface TourTrends {
  interval: 'day' | 'week';
  tours: { tour_id: string; name: string; series: { period: string; started: number; completed: number; dismissed: number; completion_rate: Percent }[] }[];
  opt_outs: { period: string; opted_out: number }[];
}

export interface HelpfulnessTrends {
  interval: 'day' | 'week';
  articles: { article_id: number; slug: string; locale: string; title: string; votes: number; helpfulness: Percent; series: { period: string; votes: number; helpful: number; helpfulness: Percent }[] }[];
}

export interface ContentGap {
  key: string;
  query: string;
  normalized: string;
  language: string;
  page: string;
  users: number;
  searches: number;
  zero_results: number;
  last_searched_at: string;
}

export interface AnsweredGap {
  key: string;
  query: string;
  language: string;
  page: string;
  article_id: number | null;
  article_title: string | null;
  answered_at: string;
  failed_before: number;
  searches_since: number;
  succeeded_since: number;
  success_rate_since: Percent;
}

export interface ContentGaps {
  open: ContentGap[];
  answered: AnsweredGap[];
}

export interface TourDecision {
  tour_id: string;
  name: string;
  version: number;
  sent: boolean;
  auto: boolean;
  reason: { code: string; leaf?: Record<string, unknown>; value?: unknown; at?: string; step_id?: string; on_page?: boolean; rule?: string } & Record<string, unknown>;
}

export interface MissingTarget {
  tour_id: string;
  tour_name: string | null;
  step_id: string | null;
  selector: string | null;
  pages: string[];
  users: number;
  last_seen_at: string;
}
