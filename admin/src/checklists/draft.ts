/** A checklist's form state and the spec it saves as. */
import { newKey } from '../tours/draft';
import { type EnvelopeDraft, emptyEnvelope, envelopeDraftOf, envelopeSpecOf } from '../tours/envelope';
import type { ChecklistSpec } from '../types';

export type ActionKind = 'none' | 'tour' | 'url' | 'article';
/** How a task gets done: with its tour (the one its action starts), by the host's event, or by hand. */
export type DoneKind = 'tour' | 'event' | 'hand';

export interface TaskDraft {
  key: number;
  id: string;
  title: string;
  description: string;
  actionKind: ActionKind;
  actionTarget: string;
  doneKind: DoneKind;
  doneEvent: string;
}

export interface ChecklistTranslationDraft {
  key: number;
  locale: string;
  name: string;
  /** Task id → its title in this language. */
  titles: Record<string, string>;
}

export interface ChecklistDraft extends EnvelopeDraft {
  position: string;
  tasks: TaskDraft[];
  translations: ChecklistTranslationDraft[];
}

export const newTask = (): TaskDraft => ({ key: newKey(), id: '', title: '', description: '', actionKind: 'none', actionTarget: '', doneKind: 'hand', doneEvent: '' });

export const emptyChecklist = (): ChecklistDraft => ({ ...emptyEnvelope(), position: 'bottom-start', tasks: [newTask()], translations: [] });

export function checklistDraftOf(spec: ChecklistSpec): ChecklistDraft {
  return {
    ...envelopeDraftOf(spec),
    position: spec.position,
    tasks: spec.tasks.map((t) => {
      const a = t.action || {};
      const actionKind: ActionKind = a.tour !== undefined ? 'tour' : a.url !== undefined ? 'url' : a.article !== undefined ? 'article' : 'none';
      return {
        key: newKey(),
        id: t.id,
        title: t.title,
        description: t.description || '',
        actionKind,
        actionTarget: a.tour ?? a.url ?? a.article ?? '',
        doneKind: t.done_on?.event ? 'event' : t.done_on?.tour ? 'tour' : 'hand',
        doneEvent: t.done_on?.event || '',
      };
    }),
    translations: Object.entries(spec.translations || {}).map(([locale, t]) => ({
      key: newKey(),
      locale,
      name: t.name || '',
      titles: Object.fromEntries(Object.entries(t.tasks || {}).map(([id, texts]) => [id, texts.title || ''])),
    })),
  };
}

export function checklistSpecOf(d: ChecklistDraft): ChecklistSpec {
  return {
    ...envelopeSpecOf(d),
    type: 'checklist',
    position: d.position as ChecklistSpec['position'],
    tasks: d.tasks.map((t) => ({
      id: t.id.trim(),
      title: t.title,
      description: t.description,
      action: t.actionKind === 'none' ? null : { [t.actionKind]: t.actionTarget.trim() },
      done_on:
        t.doneKind === 'event' ? { event: t.doneEvent.trim() } : t.doneKind === 'tour' && t.actionKind === 'tour' ? { tour: t.actionTarget.trim() } : null,
    })),
    translations: Object.fromEntries(
      d.translations
        .filter((t) => t.locale.trim())
        .map((t) => {
          const tasks = Object.fromEntries(Object.entries(t.titles).filter(([, title]) => title.trim()).map(([id, title]) => [id, { title }]));
          return [t.locale.trim(), { ...(t.name.trim() ? { name: t.name } : {}), ...(Object.keys(tasks).length ? { tasks } : {}) }];
        }),
    ),
  };
}
