/** A survey's form state and the spec it saves as. */
import { newKey } from '../tours/draft';
import { type EnvelopeDraft, emptyEnvelope, envelopeDraftOf, envelopeSpecOf } from '../tours/envelope';
import type { SurveyKind, SurveySpec } from '../types';

export interface ChoiceDraft {
  key: number;
  id: string;
  label: string;
}

export interface SurveyTranslationDraft {
  key: number;
  locale: string;
  question: string;
  follow_up: string;
  thanks: string;
  /** Choice id → its label in this language. */
  choices: Record<string, string>;
}

export interface SurveyDraft extends EnvelopeDraft {
  kind: SurveyKind;
  question: string;
  choices: ChoiceDraft[];
  lowLabel: string;
  highLabel: string;
  followUp: string;
  thanks: string;
  triggerOn: string;
  triggerEvent: string;
  triggerTour: string;
  translations: SurveyTranslationDraft[];
}

export const SCALES: SurveyKind[] = ['nps', 'csat', 'rating'];

export const emptySurvey = (): SurveyDraft => ({
  ...emptyEnvelope(),
  kind: 'nps',
  question: '',
  choices: [],
  lowLabel: '',
  highLabel: '',
  followUp: '',
  thanks: '',
  triggerOn: 'page',
  triggerEvent: '',
  triggerTour: '',
  translations: [],
});

export function surveyDraftOf(spec: SurveySpec): SurveyDraft {
  const q = spec.question;
  return {
    ...envelopeDraftOf(spec),
    kind: q.kind,
    question: q.text,
    choices: (q.choices || []).map((c) => ({ key: newKey(), ...c })),
    lowLabel: q.low_label || '',
    highLabel: q.high_label || '',
    followUp: q.follow_up || '',
    thanks: spec.thanks || '',
    triggerOn: spec.trigger?.on || 'page',
    triggerEvent: spec.trigger?.event || '',
    triggerTour: spec.trigger?.tour || '',
    translations: Object.entries(spec.translations || {}).map(([locale, t]) => ({
      key: newKey(),
      locale,
      question: t.question || '',
      follow_up: t.follow_up || '',
      thanks: t.thanks || '',
      choices: t.choices || {},
    })),
  };
}

const filled = (entries: [string, string | undefined][]): Record<string, string> =>
  Object.fromEntries(entries.filter((e): e is [string, string] => !!e[1]?.trim()));

export function surveySpecOf(d: SurveyDraft): SurveySpec {
  const scale = SCALES.includes(d.kind);
  const question = {
    kind: d.kind,
    text: d.question,
    ...(d.kind === 'choice' ? { choices: d.choices.map((c) => ({ id: c.id.trim(), label: c.label })) } : {}),
    ...filled([
      ['low_label', scale ? d.lowLabel : ''],
      ['high_label', scale ? d.highLabel : ''],
      ['follow_up', d.kind === 'text' ? '' : d.followUp],
    ]),
  } as SurveySpec['question'];
  const trigger = d.triggerOn === 'event' ? { on: 'event' as const, event: d.triggerEvent.trim(), ...(d.triggerTour.trim() ? { tour: d.triggerTour.trim() } : {}) } : { on: 'page' as const };
  return {
    ...envelopeSpecOf(d),
    type: 'survey',
    question,
    ...(d.thanks.trim() ? { thanks: d.thanks } : {}),
    trigger,
    translations: Object.fromEntries(
      d.translations
        .filter((t) => t.locale.trim())
        .map((t) => {
          const choices = d.kind === 'choice' ? filled(Object.entries(t.choices)) : {};
          return [
            t.locale.trim(),
            {
              ...filled([
                ['question', t.question],
                ['follow_up', d.kind === 'text' ? '' : t.follow_up],
                ['thanks', t.thanks],
              ]),
              ...(Object.keys(choices).length ? { choices } : {}),
            },
          ];
        }),
    ),
  };
}
