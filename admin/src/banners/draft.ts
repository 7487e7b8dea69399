/** A banner's form state and the spec it saves as. */
import { newKey } from '../tours/draft';
import { type EnvelopeDraft, emptyEnvelope, envelopeDraftOf, envelopeSpecOf } from '../tours/envelope';
import type { BannerSpec } from '../types';

export type ActionKind = 'none' | 'url' | 'tour' | 'article';

export interface BannerTranslationDraft {
  key: number;
  locale: string;
  text: string;
  button_label: string;
}

export interface BannerDraft extends EnvelopeDraft {
  text: string;
  position: string;
  style: string;
  dismissible: boolean;
  actionKind: ActionKind;
  actionTarget: string;
  buttonLabel: string;
  translations: BannerTranslationDraft[];
}

export const emptyBanner = (): BannerDraft => ({
  ...emptyEnvelope(),
  text: '',
  position: 'top',
  style: 'inline',
  dismissible: true,
  actionKind: 'none',
  actionTarget: '',
  buttonLabel: '',
  translations: [],
});

export function bannerDraftOf(spec: BannerSpec): BannerDraft {
  const button = spec.button;
  const actionKind: ActionKind = !button ? 'none' : button.url !== undefined ? 'url' : button.tour !== undefined ? 'tour' : 'article';
  return {
    ...envelopeDraftOf(spec),
    text: spec.text,
    position: spec.position,
    style: spec.style,
    dismissible: spec.dismissible,
    actionKind,
    actionTarget: (button && (button.url ?? button.tour ?? button.article)) || '',
    buttonLabel: button?.label || '',
    translations: Object.entries(spec.translations || {}).map(([locale, t]) => ({
      key: newKey(),
      locale,
      text: t.text || '',
      button_label: t.button_label || '',
    })),
  };
}

export function bannerSpecOf(d: BannerDraft): BannerSpec {
  return {
    ...envelopeSpecOf(d),
    type: 'banner',
    text: d.text,
    position: d.position as BannerSpec['position'],
    style: d.style as BannerSpec['style'],
    dismissible: d.dismissible,
    button: d.actionKind === 'none' ? null : { label: d.buttonLabel, [d.actionKind]: d.actionTarget.trim() },
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
