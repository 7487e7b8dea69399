/** A banner's form state and the spec it saves as. */
import { audienceOf, formatTraitValues, type MatchKind, newKey, type RulesDraft, rulesDraftOf } from '../tours/draft';
import type { BannerSpec } from '../types';

export type ActionKind = 'none' | 'url' | 'tour' | 'article';

export interface BannerTranslationDraft {
  key: number;
  locale: string;
  text: string;
  button_label: string;
}

export interface BannerDraft {
  id: string;
  name: string;
  locale: string;
  text: string;
  position: string;
  style: string;
  dismissible: boolean;
  actionKind: ActionKind;
  actionTarget: string;
  buttonLabel: string;
  matchKind: MatchKind;
  pattern: string;
  rules: RulesDraft;
  /** An audience the rule builder cannot show (nested groups), kept as it is. */
  keptAudience: BannerSpec['audience'];
  start: string;
  end: string;
  timezone: string;
  translations: BannerTranslationDraft[];
}

export const emptyBanner = (): BannerDraft => ({
  id: '',
  name: '',
  locale: 'en',
  text: '',
  position: 'top',
  style: 'inline',
  dismissible: true,
  actionKind: 'none',
  actionTarget: '',
  buttonLabel: '',
  matchKind: 'any',
  pattern: '',
  rules: { kind: 'all', rows: [] },
  keptAudience: null,
  start: '',
  end: '',
  timezone: 'UTC',
  translations: [],
});

export function bannerDraftOf(spec: BannerSpec): BannerDraft {
  const button = spec.button;
  const actionKind: ActionKind = !button ? 'none' : button.url !== undefined ? 'url' : button.tour !== undefined ? 'tour' : 'article';
  const match = spec.match as Record<string, string> | null;
  return {
    ...emptyBanner(),
    id: spec.id,
    name: spec.name,
    locale: spec.locale,
    text: spec.text,
    position: spec.position,
    style: spec.style,
    dismissible: spec.dismissible,
    actionKind,
    actionTarget: (button && (button.url ?? button.tour ?? button.article)) || '',
    buttonLabel: button?.label || '',
    matchKind: match ? (Object.keys(match)[0] as MatchKind) : 'any',
    pattern: match ? Object.values(match)[0] : '',
    rules: rulesOf(spec.audience) || { kind: 'all', rows: [] },
    keptAudience: rulesOf(spec.audience) ? null : spec.audience,
    start: spec.schedule?.start || '',
    end: spec.schedule?.end || '',
    timezone: spec.schedule?.timezone || 'UTC',
    translations: Object.entries(spec.translations || {}).map(([locale, t]) => ({
      key: newKey(),
      locale,
      text: t.text || '',
      button_label: t.button_label || '',
    })),
  };
}

/** The audience as rule builder rows; trait lists become "is one of" rules. Null: nested groups. */
function rulesOf(audience: BannerSpec['audience']): RulesDraft | null {
  if (audience && 'traits' in audience) {
    const rows = Object.entries(audience.traits).map(([name, values]) => ({ key: newKey(), source: 'trait' as const, name, op: 'in', value: formatTraitValues(values), days: '' }));
    return { kind: 'all', rows };
  }
  return rulesDraftOf(audience);
}

export function bannerSpecOf(d: BannerDraft): BannerSpec {
  const rules = audienceOf(d.rules) as { all?: unknown[]; any?: unknown[] } | null;
  return {
    id: d.id.trim(),
    type: 'banner',
    name: d.name,
    locale: d.locale.trim() || 'en',
    text: d.text,
    position: d.position as BannerSpec['position'],
    style: d.style as BannerSpec['style'],
    dismissible: d.dismissible,
    button: d.actionKind === 'none' ? null : { label: d.buttonLabel, [d.actionKind]: d.actionTarget.trim() },
    match: d.matchKind === 'any' ? null : ({ [d.matchKind]: d.pattern } as BannerSpec['match']),
    audience: d.keptAudience || (d.rules.rows.length ? (rules as BannerSpec['audience']) : null),
    ...(d.start || d.end ? { schedule: { start: d.start || null, end: d.end || null, timezone: d.timezone.trim() || 'UTC' } } : {}),
    translations: Object.fromEntries(
      d.translations
        .filter((t) => t.locale.trim())
        .map((t) => [
          t.locale.trim(),
          { ...(t.text.trim() ? { text: t.text } : {}), ...(t.button_label.trim() && d.actionKind !== 'none' ? { button_label: t.button_label } : {}) },
        ]),
    ),
  };
}
