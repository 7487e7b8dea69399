/**
 * What changed between two specs of one tour, named as the editor names things, with readable
 * values: tour fields, steps added, removed or reordered, each step's fields and translations.
 *
 * Pure (no DOM, no requests), so the versions list and the draft comparison share it and it is
 * tested on its own. Specs are compared as the server stores and serves them (defaults filled
 * in, texts trimmed), so an unsaved draft differs from a version only where serving it would.
 */
import type { TourSpec, TourStep, TourTranslation } from '../types';
import { formatTraitValues } from './draft';
import { triggerText } from './trigger';

export interface Change {
  /** What changed, as the editor labels it: "Name", "Target", "Title (th)". */
  label: string;
  /** The value before and after, as text; null when there was none. */
  before: string | null;
  after: string | null;
  /** Multi-line Markdown, shown as blocks rather than inline. */
  long: boolean;
}

export interface StepChange {
  id: string;
  status: 'added' | 'removed' | 'changed';
  /** 1-based: in the newer spec, or in the older one for a removed step. */
  position: number;
  changes: Change[];
}

export interface TourChanges {
  tour: Change[];
  /** Step ids in order, before and after, when steps kept by both were reordered. */
  order: { before: string[]; after: string[] } | null;
  steps: StepChange[];
}

type Field = { label: string; value: string | null; long?: boolean };

const text = (value: string | null | undefined): string | null => (value ?? '').trim() || null;
/** As the server keeps Markdown: trailing whitespace and leading blank lines dropped. */
const markdown = (value: string | null | undefined): string | null => (value ?? '').replace(/\s+$/, '').replace(/^\n+/, '') || null;

/** 'PT-br' → 'pt-BR', as the server normalizes locale codes. */
export function normalizeLocale(code: string): string {
  const [language, ...rest] = code.trim().split('-');
  const part = (p: string) => (p.length === 4 ? p[0].toUpperCase() + p.slice(1).toLowerCase() : p.toUpperCase());
  return [language.toLowerCase(), ...rest.map(part)].join('-');
}

function translationsOf(spec: TourSpec): [string, TourTranslation][] {
  return Object.entries(spec.translations || {})
    .map(([code, t]): [string, TourTranslation] => [normalizeLocale(code), t])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function ruleText(match: TourSpec['match']): string {
  if (match?.regex !== undefined) return `Path regex ${match.regex}`;
  if (match?.url !== undefined) return `Path glob ${match.url}`;
  return 'Every page';
}

function tourFields(spec: TourSpec): Field[] {
  const fields: Field[] = [
    { label: 'Name', value: text(spec.name) },
    { label: 'Locale', value: normalizeLocale(spec.locale || 'en') },
    { label: 'Starts by itself', value: spec.auto ? (spec.trigger ? triggerText(spec.trigger as unknown as Record<string, unknown>) : 'yes') : 'no' },
    { label: 'Page rule', value: ruleText(spec.match) },
  ];
  const audience = spec.audience;
  const byTraits = audience && 'traits' in audience ? audience.traits : {};
  const traits = Object.entries(byTraits).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const rules = audience && !('traits' in audience) ? JSON.stringify(audience) : null;
  fields.push({ label: 'Audience', value: rules ? `rules: ${rules}` : traits.length ? 'users with these traits' : 'everyone' });
  for (const [name, values] of traits) fields.push({ label: `Audience trait ${name}`, value: formatTraitValues(values) });
  const schedule = spec.schedule;
  fields.push({ label: 'Schedule', value: schedule ? `${schedule.start || '…'} to ${schedule.end || '…'} (${schedule.timezone})` : null });
  const translations = translationsOf(spec);
  fields.push({ label: 'Translations', value: translations.map(([code]) => code).join(', ') || null });
  for (const [code, t] of translations) fields.push({ label: `Name (${code})`, value: text(t.name) });
  return fields;
}

function stepFields(step: TourStep, spec: TourSpec): Field[] {
  const target = text(step.target);
  const fields: Field[] = [
    { label: 'Title', value: text(step.title) },
    { label: 'Body', value: markdown(step.body), long: true },
    { label: 'Target', value: target },
    // The server's default: below the target, or a centred dialog without one.
    { label: 'Placement', value: step.placement || (target ? 'bottom' : 'center') },
    { label: 'Go on with', value: step.advance_on === 'click' ? 'a click on the target' : 'the Next button' },
    { label: 'Page', value: text(step.url) },
  ];
  for (const [code, t] of translationsOf(spec)) {
    const texts = t.steps?.[step.id] || {};
    fields.push({ label: `Title (${code})`, value: text(texts.title) });
    fields.push({ label: `Body (${code})`, value: markdown(texts.body), long: true });
  }
  return fields;
}

/** Field by field, in the newer order, then what only the older one had; equal values left out. */
function diffFields(before: Field[], after: Field[]): Change[] {
  const old = new Map(before.map((f) => [f.label, f]));
  const changes: Change[] = [];
  for (const field of after) {
    const was = old.get(field.label)?.value ?? null;
    if (was !== field.value) changes.push({ label: field.label, before: was, after: field.value, long: !!field.long });
    old.delete(field.label);
  }
  for (const field of old.values()) {
    if (field.value !== null) changes.push({ label: field.label, before: field.value, after: null, long: !!field.long });
  }
  return changes;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function diffTours(before: TourSpec, after: TourSpec): TourChanges {
  const oldIds = before.steps.map((s) => s.id);
  const newIds = after.steps.map((s) => s.id);
  const keptInOldOrder = oldIds.filter((id) => newIds.includes(id));
  const keptInNewOrder = newIds.filter((id) => oldIds.includes(id));
  const steps: StepChange[] = [];
  after.steps.forEach((step, index) => {
    const old = before.steps.find((s) => s.id === step.id);
    const changes = diffFields(old ? stepFields(old, before) : [], stepFields(step, after));
    if (!old || changes.length) steps.push({ id: step.id, status: old ? 'changed' : 'added', position: index + 1, changes });
  });
  before.steps.forEach((step, index) => {
    if (!newIds.includes(step.id)) {
      steps.push({ id: step.id, status: 'removed', position: index + 1, changes: diffFields(stepFields(step, before), []) });
    }
  });
  return {
    tour: diffFields(tourFields(before), tourFields(after)),
    order: sameList(keptInOldOrder, keptInNewOrder) ? null : { before: oldIds, after: newIds },
    steps,
  };
}

export const hasChanges = (changes: TourChanges): boolean =>
  changes.tour.length > 0 || changes.order !== null || changes.steps.length > 0;

/** Each changed field counts one, and so does a step added or removed and a new order. */
export const changeCount = (changes: TourChanges): number =>
  changes.tour.length +
  (changes.order ? 1 : 0) +
  changes.steps.reduce((n, s) => n + (s.status === 'changed' ? s.changes.length : 1), 0);

/** Equal for two specs exactly when diffTours finds nothing between them. */
export const contentKey = (spec: TourSpec): string =>
  JSON.stringify([tourFields(spec), spec.steps.map((s) => [s.id, stepFields(s, spec)])]);
