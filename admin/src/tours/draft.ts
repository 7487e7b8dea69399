/** The tour editor's working copy of a tour spec, and the conversions to and from the API's shape. */
import type { TourSpec, TourStep, TourTranslation } from '../types';
import { type FrequencyDraft, emptyFrequency, frequencyDraftOf, frequencySpecOf } from './frequency';
import { type TriggerDraft, emptyTrigger, triggerDraftOf, triggerSpecOf } from './trigger';

export type MatchKind = 'any' | 'url' | 'regex';

export interface StepDraft {
  key: number;
  id: string;
  title: string;
  body: string;
  target: string;
  placement: string;
  advance_on: 'next' | 'click';
  url: string;
}

export interface TraitDraft {
  key: number;
  name: string;
  values: string;
}

export interface TourDraft extends FrequencyDraft, TriggerDraft {
  id: string;
  name: string;
  locale: string;
  matchKind: MatchKind;
  pattern: string;
  traits: TraitDraft[];
  /** An audience of rules that nests groups, kept as authored: the rule builder edits flat ones (ruleRows). */
  rules: TourSpec['audience'] | null;
  ruleRows: RulesDraft | null;
  /** When it shows: local date-times in `timezone` ('' for an open end). */
  start: string;
  end: string;
  timezone: string;
  steps: StepDraft[];
  translations: Record<string, TourTranslation>;
}

let nextKey = 1;
export const newKey = () => nextKey++;

/** A blank step whose id is the first free `step-N`. */
export function newStep(taken: StepDraft[]): StepDraft {
  let n = taken.length + 1;
  while (taken.some((s) => s.id === `step-${n}`)) n++;
  return { key: newKey(), id: `step-${n}`, title: '', body: '', target: '', placement: '', advance_on: 'next', url: '' };
}

/** A new tour starts nowhere by itself: the author turns that on once its pages are chosen. */
export const emptyDraft = (): TourDraft => ({
  ...emptyFrequency(),
  ...emptyTrigger(),
  id: '',
  name: '',
  locale: 'en',
  matchKind: 'url',
  pattern: '',
  traits: [],
  rules: null,
  ruleRows: null,
  start: '',
  end: '',
  timezone: 'UTC',
  steps: [newStep([])],
  translations: {},
});

/** "trial, 3, \"42\"" → ["trial", 3, "42"]: bare numbers match numeric traits, quoted ones text. */
export function parseTraitValues(text: string): (string | number)[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v.replace(/^"(.*)"$/, '$1')));
}

export const formatTraitValues = (values: (string | number)[]) =>
  values.map((v) => (typeof v === 'number' ? String(v) : /^-?\d+(\.\d+)?$/.test(v) ? `"${v}"` : v)).join(', ');

export function draftOf(spec: TourSpec): TourDraft {
  const matchKind: MatchKind = spec.match?.regex !== undefined ? 'regex' : spec.match?.url !== undefined ? 'url' : 'any';
  return {
    ...frequencyDraftOf(spec),
    ...triggerDraftOf(spec),
    id: spec.id,
    name: spec.name,
    locale: spec.locale,
    matchKind,
    pattern: spec.match?.regex ?? spec.match?.url ?? '',
    ruleRows: rulesDraftOf(spec.audience),
    rules: spec.audience && !('traits' in spec.audience) && !rulesDraftOf(spec.audience) ? spec.audience : null,
    start: spec.schedule?.start || '',
    end: spec.schedule?.end || '',
    timezone: spec.schedule?.timezone || 'UTC',
    traits: Object.entries((spec.audience && 'traits' in spec.audience && spec.audience.traits) || {}).map(([name, values]) => ({
      key: newKey(),
      name,
      values: formatTraitValues(values),
    })),
    steps: spec.steps.map((s) => ({
      key: newKey(),
      id: s.id,
      title: s.title,
      body: s.body || '',
      target: s.target || '',
      placement: s.placement && !(s.target === null && s.placement === 'center') ? s.placement : '',
      advance_on: s.advance_on === 'click' ? 'click' : 'next',
      url: s.url || '',
    })),
    translations: spec.translations || {},
  };
}

/** Empty translated texts are left out: they fall back to the tour's own locale. */
function cleanTranslations(translations: Record<string, TourTranslation>): Record<string, TourTranslation> {
  const clean: Record<string, TourTranslation> = {};
  for (const [locale, t] of Object.entries(translations)) {
    const steps: TourTranslation['steps'] = {};
    for (const [stepId, texts] of Object.entries(t.steps || {})) {
      const kept = Object.fromEntries(Object.entries(texts).filter(([, v]) => v && v.trim()));
      if (Object.keys(kept).length) steps[stepId] = kept;
    }
    clean[locale] = { ...(t.name && t.name.trim() ? { name: t.name } : {}), steps };
  }
  return clean;
}

export function specOf(draft: TourDraft): TourSpec {
  const traits = draft.traits.filter((t) => t.name.trim() || t.values.trim());
  return {
    id: draft.id.trim(),
    name: draft.name,
    ...triggerSpecOf(draft),
    locale: draft.locale.trim() || 'en',
    match: draft.matchKind === 'any' ? null : { [draft.matchKind]: draft.pattern },
    ...(draft.start || draft.end
      ? { schedule: { start: draft.start || null, end: draft.end || null, timezone: draft.timezone.trim() || 'UTC' } }
      : {}),
    audience: draft.ruleRows
      ? audienceOf(draft.ruleRows)
      : draft.rules
      ? draft.rules
      : traits.length
        ? { traits: Object.fromEntries(traits.map((t) => [t.name.trim(), parseTraitValues(t.values)])) }
        : null,
    steps: draft.steps.map((s) => {
      const step: TourStep = {
        id: s.id.trim(),
        title: s.title,
        body: s.body,
        target: s.target.trim() || null,
        advance_on: s.advance_on,
      };
      if (s.placement) step.placement = s.placement;
      if (s.url.trim()) step.url = s.url.trim();
      return step;
    }),
    translations: cleanTranslations(draft.translations),
    ...frequencySpecOf(draft),
  };
}

/** What a translation still lacks: its name, and each step's title and (non-empty) body. */
export function missingTexts(draft: TourDraft, locale: string): string[] {
  const t = draft.translations[locale] || { steps: {} };
  const missing = t.name?.trim() ? [] : ['name'];
  for (const step of draft.steps) {
    const texts = t.steps?.[step.id] || {};
    if (!texts.title?.trim()) missing.push(`${step.id} title`);
    if (step.body.trim() && !texts.body?.trim()) missing.push(`${step.id} body`);
  }
  return missing;
}

// The audience as rules (a flat all/any group), as the rule builder edits it.

export type Source = 'trait' | 'company_trait' | 'event';

export interface RuleRow {
  key: number;
  source: Source;
  name: string;
  op: string;
  value: string;
  days: string;
}

export interface RulesDraft {
  kind: 'all' | 'any';
  rows: RuleRow[];
}

const scalar = (text: string): string | number => {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t.replace(/^"(.*)"$/, '$1');
};

/** The rows of a flat group, or null when the audience nests groups (then it is kept as it is). */
export function rulesDraftOf(audience: TourSpec['audience']): RulesDraft | null {
  if (!audience || 'traits' in audience) return null;
  const kind = 'all' in audience ? 'all' : 'any';
  const items = (audience as Record<string, unknown[]>)[kind] || [];
  const rows: RuleRow[] = [];
  for (const item of items) {
    const leaf = item as Record<string, unknown>;
    if (leaf.all || leaf.any) return null;
    const source: Source = leaf.event !== undefined ? 'event' : leaf.company_trait !== undefined ? 'company_trait' : 'trait';
    const given = leaf.count ?? leaf.value;
    const value = Array.isArray(given) ? formatTraitValues(given as (string | number)[]) : given === undefined ? '' : String(given);
    rows.push({ key: newKey(), source, name: String(leaf[source] ?? ''), op: String(leaf.op ?? ''), value, days: leaf.within_days === undefined ? '' : String(leaf.within_days) });
  }
  return { kind, rows };
}

export function audienceOf(rules: RulesDraft): TourSpec['audience'] {
  const leaves = rules.rows.map((r) => {
    if (r.source === 'event') return { event: r.name.trim(), op: r.op, count: Number(r.value), within_days: Number(r.days) };
    const value = r.op === 'is_set' || r.op === 'not_set' ? {} : { value: r.op === 'in' || r.op === 'not_in' ? parseTraitValues(r.value) : scalar(r.value) };
    return { [r.source]: r.name.trim(), op: r.op, ...value };
  });
  return (rules.kind === 'all' ? { all: leaves } : { any: leaves }) as TourSpec['audience'];
}

/** Today's trait rows as rules ("plan is one of trial, pro"), to go on editing them in the rule builder. */
export const rulesFromTraits = (draft: TourDraft): RulesDraft => ({
  kind: 'all',
  rows: draft.traits
    .filter((t) => t.name.trim())
    .map((t) => ({ key: newKey(), source: 'trait' as Source, name: t.name.trim(), op: 'in', value: t.values, days: '' })),
});

/** The audience as rule builder rows; trait lists become "is one of" rules. Null: nested groups. */
export function rulesOfAudience(audience: TourSpec['audience']): RulesDraft | null {
  if (audience && 'traits' in audience) {
    const rows = Object.entries(audience.traits).map(([name, values]) => ({ key: newKey(), source: 'trait' as const, name, op: 'in', value: formatTraitValues(values), days: '' }));
    return { kind: 'all', rows };
  }
  return rulesDraftOf(audience);
}

