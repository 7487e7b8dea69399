/** A hotspot set's form state and the spec it saves as. */
import { newKey } from '../tours/draft';
import { type EnvelopeDraft, emptyEnvelope, envelopeDraftOf, envelopeSpecOf } from '../tours/envelope';
import type { HotspotSpec } from '../types';

export interface SpotDraft {
  key: number;
  id: string;
  target: string;
  corner: string;
  title: string;
  body: string;
  tour: string;
}

export interface HotspotTranslationDraft {
  key: number;
  locale: string;
  /** Hotspot id → its title in this language. */
  titles: Record<string, string>;
}

export interface HotspotDraft extends EnvelopeDraft {
  spots: SpotDraft[];
  translations: HotspotTranslationDraft[];
}

export const newSpot = (): SpotDraft => ({ key: newKey(), id: '', target: '', corner: 'top-end', title: '', body: '', tour: '' });

export const emptyHotspots = (): HotspotDraft => ({ ...emptyEnvelope(), spots: [newSpot()], translations: [] });

export function hotspotDraftOf(spec: HotspotSpec): HotspotDraft {
  return {
    ...envelopeDraftOf(spec),
    spots: spec.hotspots.map((h) => ({ key: newKey(), id: h.id, target: h.target, corner: h.corner, title: h.title, body: h.body || '', tour: h.tour || '' })),
    translations: Object.entries(spec.translations || {}).map(([locale, t]) => ({
      key: newKey(),
      locale,
      titles: Object.fromEntries(Object.entries(t.hotspots || {}).map(([id, texts]) => [id, texts.title || ''])),
    })),
  };
}

export function hotspotSpecOf(d: HotspotDraft): HotspotSpec {
  return {
    ...envelopeSpecOf(d),
    type: 'hotspot',
    hotspots: d.spots.map((h) => ({
      id: h.id.trim(),
      target: h.target.trim(),
      corner: h.corner,
      title: h.title,
      body: h.body,
      ...(h.tour.trim() ? { tour: h.tour.trim() } : {}),
    })),
    translations: Object.fromEntries(
      d.translations
        .filter((t) => t.locale.trim())
        .map((t) => [
          t.locale.trim(),
          { hotspots: Object.fromEntries(Object.entries(t.titles).filter(([, title]) => title.trim()).map(([id, title]) => [id, { title }])) },
        ]),
    ),
  };
}
