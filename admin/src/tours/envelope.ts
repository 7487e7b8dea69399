/** What every experience's form holds besides its body (tours have their own, older form state): id, name,
 * locale, page rule, audience rules and schedule; read from a spec and written back into one. */
import type { Frequency, TourSpec, UrlRule } from '../types';
import { audienceOf, type MatchKind, type RulesDraft, rulesOfAudience } from './draft';
import { type FrequencyDraft, emptyFrequency, frequencyDraftOf, frequencySpecOf } from './frequency';

export interface EnvelopeDraft extends FrequencyDraft {
  id: string;
  name: string;
  locale: string;
  matchKind: MatchKind;
  pattern: string;
  rules: RulesDraft;
  /** An audience the rule builder cannot show (nested groups), kept as it is. */
  keptAudience: TourSpec['audience'];
  start: string;
  end: string;
  timezone: string;
}

interface EnvelopeSpec {
  id: string;
  name: string;
  locale: string;
  match: UrlRule | null;
  audience: TourSpec['audience'];
  schedule?: TourSpec['schedule'];
  frequency?: Frequency | null;
  priority?: number | null;
}

export const emptyEnvelope = (): EnvelopeDraft => ({
  ...emptyFrequency(),
  id: '',
  name: '',
  locale: 'en',
  matchKind: 'any',
  pattern: '',
  rules: { kind: 'all', rows: [] },
  keptAudience: null,
  start: '',
  end: '',
  timezone: 'UTC',
});

export function envelopeDraftOf(spec: EnvelopeSpec): EnvelopeDraft {
  const match = spec.match as Record<string, string> | null;
  const rules = rulesOfAudience(spec.audience);
  return {
    ...frequencyDraftOf(spec),
    id: spec.id,
    name: spec.name,
    locale: spec.locale,
    matchKind: match ? (Object.keys(match)[0] as MatchKind) : 'any',
    pattern: match ? Object.values(match)[0] : '',
    rules: rules || { kind: 'all', rows: [] },
    keptAudience: rules ? null : spec.audience,
    start: spec.schedule?.start || '',
    end: spec.schedule?.end || '',
    timezone: spec.schedule?.timezone || 'UTC',
  };
}

export function envelopeSpecOf(d: EnvelopeDraft): EnvelopeSpec {
  return {
    id: d.id.trim(),
    name: d.name,
    locale: d.locale.trim() || 'en',
    match: d.matchKind === 'any' ? null : ({ [d.matchKind]: d.pattern } as UrlRule),
    audience: d.keptAudience || (d.rules.rows.length ? audienceOf(d.rules) : null),
    ...(d.start || d.end ? { schedule: { start: d.start || null, end: d.end || null, timezone: d.timezone.trim() || 'UTC' } } : {}),
    ...frequencySpecOf(d),
  };
}
