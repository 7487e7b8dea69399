/** Authoring one checklist: its tasks, where its launcher sits, who sees it; save, publish, unpublish, delete. */
import { useSession } from '../session';
import type { ChecklistSpec } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { FormScope, GroupErrors, SelectField, TextField, fieldErrorsOf } from '../ui/form';
import { usePageTitle } from '../ui/page_title';
import { useExperience } from '../tours/use_experience';
import { newKey } from '../tours/draft';
import { EditorHeading, PublishActions, RulesCard } from '../tours/experience_form';
import { type ActionKind, type ChecklistDraft, type DoneKind, type TaskDraft, checklistDraftOf, checklistSpecOf, emptyChecklist, newTask } from './draft';

const ACTIONS: [string, string][] = [
  ['none', 'No button (an instruction)'],
  ['tour', 'Starts a tour'],
  ['url', 'Opens a link'],
  ['article', 'Opens a help article'],
];
const TARGETS: Record<string, [string, string]> = {
  tour: ['Tour id', 'The id of a published tour.'],
  url: ['Link', 'An https:// address or a path of your app.'],
  article: ['Article slug', 'The slug of a published help article.'],
};
const POSITIONS: [string, string][] = [
  ['bottom-start', 'Bottom corner, start side (left in left-to-right pages)'],
  ['bottom-end', 'Bottom corner, end side'],
];

function doneOptions(task: TaskDraft): [string, string][] {
  return [
    ...(task.actionKind === 'tour' ? [['tour', 'When its tour is completed'] as [string, string]] : [['hand', 'The user marks it done'] as [string, string]]),
    ['event', "When your app tracks an event (Waypost('track', 'custom:…'))"],
  ];
}

export function ChecklistEditor({ appId, slug }: { appId: number; slug: string | null }) {
  const { canWrite } = useSession();
  const { resource: checklist, draft, set, action, list, live, saveDraft, publish, unpublish, remove } = useExperience<ChecklistSpec, ChecklistDraft>({
    appId,
    slug,
    screen: 'checklists',
    noun: 'the checklist is',
    empty: emptyChecklist,
    draftOf: checklistDraftOf,
    specOf: checklistSpecOf,
  });
  usePageTitle(slug ? `Checklist ${draft?.name || slug}` : 'New checklist');

  if (checklist.error) return <ErrorAlert error={checklist.error} />;
  if (!slug && !canWrite) return <p role="alert">Your role cannot create checklists.</p>;
  if (!draft) return <Loading />;
  const setTask = (key: number, patch: Partial<TaskDraft>) =>
    set({
      tasks: draft.tasks.map((t) => {
        if (t.key !== key) return t;
        const next = { ...t, ...patch };
        // a tour task is done with its tour by default; another action has no tour to wait for
        if (patch.actionKind) next.doneKind = patch.actionKind === 'tour' ? 'tour' : next.doneKind === 'tour' ? 'hand' : next.doneKind;
        return next;
      }),
    });
  const setTranslation = (key: number, patch: object) => set({ translations: draft.translations.map((t) => (t.key === key ? { ...t, ...patch } : t)) });
  return (
    <section>
      <EditorHeading
        listName="Checklists"
        list={list}
        title={slug ? draft.name || slug : 'New checklist'}
        live={live}
        updatedAt={checklist.data?.updated_at}
        results={`${list}/${slug}/results`}
      />
      {!canWrite && <p class="readonly-note">You can read this checklist; your role cannot change it.</p>}
      <form onSubmit={saveDraft} noValidate aria-label="Checklist">
        <ErrorAlert error={action.error} />
        <FormScope errors={fieldErrorsOf(action.error)} readOnly={!canWrite}>
          <section class="card" aria-labelledby="checklist-heading">
            <h2 id="checklist-heading">Checklist</h2>
            <div class="grid-2">
              <TextField label="Checklist id" path="id" value={draft.id} onValue={(id) => set({ id })} readOnly={!!slug} hint={slug ? 'Fixed once created.' : 'Lowercase letters, digits, - and _; used in files and events.'} required />
              <TextField label="Title" path="name" value={draft.name} onValue={(name) => set({ name })} required hint="Shown on its launcher and above the tasks, e.g. Get set up." />
              <TextField label="Locale" path="locale" value={draft.locale} onValue={(locale) => set({ locale })} />
              <SelectField label="Launcher" path="position" value={draft.position} onValue={(position) => set({ position })} options={POSITIONS} hint={`A host element with data-waypost-checklist="${draft.id || 'ID'}" opens it too.`} />
            </div>
          </section>
          <section class="card" aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">Tasks</h2>
            <GroupErrors path="tasks" />
            {draft.tasks.map((t, index) => (
              <fieldset key={t.key}>
                <legend>Task {index + 1}</legend>
                <div class="grid-2">
                  <TextField label={`Task ${index + 1} id`} path={`tasks.${index}.id`} value={t.id} onValue={(id) => setTask(t.key, { id })} required />
                  <TextField label={`Task ${index + 1} title`} path={`tasks.${index}.title`} value={t.title} onValue={(title) => setTask(t.key, { title })} required />
                  <SelectField label={`Task ${index + 1} button`} path={`tasks.${index}.action`} value={t.actionKind} onValue={(k) => setTask(t.key, { actionKind: k as ActionKind })} options={ACTIONS} />
                  {TARGETS[t.actionKind] && (
                    <TextField label={`Task ${index + 1} ${TARGETS[t.actionKind][0].toLowerCase()}`} path={`tasks.${index}.action.${t.actionKind}`} value={t.actionTarget} onValue={(actionTarget) => setTask(t.key, { actionTarget })} hint={TARGETS[t.actionKind][1]} required />
                  )}
                  <SelectField label={`Task ${index + 1} is done`} path={`tasks.${index}.done_on`} value={t.doneKind} onValue={(k) => setTask(t.key, { doneKind: k as DoneKind })} options={doneOptions(t)} />
                  {t.doneKind === 'event' && <TextField label={`Task ${index + 1} event`} path={`tasks.${index}.done_on.event`} value={t.doneEvent} onValue={(doneEvent) => setTask(t.key, { doneEvent })} hint="custom:NAME, as your app tracks it." required />}
                </div>
                <TextField label={`Task ${index + 1} description`} path={`tasks.${index}.description`} value={t.description} onValue={(description) => setTask(t.key, { description })} multiline rows={2} hint="Optional Markdown." />
                {canWrite && draft.tasks.length > 1 && (
                  <button type="button" class="danger" onClick={() => set({ tasks: draft.tasks.filter((u) => u.key !== t.key) })}>
                    Remove task {index + 1}
                  </button>
                )}
              </fieldset>
            ))}
            {canWrite && (
              <button type="button" class="secondary" onClick={() => set({ tasks: [...draft.tasks, newTask()] })}>
                Add a task
              </button>
            )}
          </section>
          <RulesCard draft={draft} onChange={set} appId={appId} canWrite={canWrite} what="checklist" />
          <section class="card" aria-labelledby="checklist-translations-heading">
            <h2 id="checklist-translations-heading">Translations</h2>
            <GroupErrors path="translations" />
            {draft.translations.length === 0 && <p>None: every user reads the checklist in {draft.locale || 'en'}. (Task descriptions translate in files.)</p>}
            {draft.translations.map((t, index) => (
              <fieldset key={t.key}>
                <legend>Translation {index + 1}</legend>
                <div class="grid-2">
                  <TextField label={`Translation ${index + 1}: locale`} path={`translations.${t.locale}`} value={t.locale} onValue={(locale) => setTranslation(t.key, { locale })} />
                  <TextField label={`Translation ${index + 1}: title`} path={`translations.${t.locale}.name`} value={t.name} onValue={(name) => setTranslation(t.key, { name })} />
                  {draft.tasks.map((task) => (
                    <TextField
                      key={task.key}
                      label={`Translation ${index + 1}: task ${task.id || task.title}`}
                      path={`translations.${t.locale}.tasks.${task.id}`}
                      value={t.titles[task.id] || ''}
                      onValue={(title) => setTranslation(t.key, { titles: { ...t.titles, [task.id]: title } })}
                    />
                  ))}
                </div>
                {canWrite && (
                  <button type="button" class="danger" onClick={() => set({ translations: draft.translations.filter((u) => u.key !== t.key) })}>
                    Remove translation {index + 1}
                  </button>
                )}
              </fieldset>
            ))}
            {canWrite && (
              <button type="button" class="secondary" onClick={() => set({ translations: [...draft.translations, { key: newKey(), locale: '', name: '', titles: {} }] })}>
                Add a translation
              </button>
            )}
          </section>
        </FormScope>
        {canWrite && <PublishActions kind="checklist" slug={slug} live={live} busy={action.busy} onPublish={publish} onUnpublish={unpublish} onDelete={remove} />}
        <Notice text={action.notice} />
      </form>
    </section>
  );
}
