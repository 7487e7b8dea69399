/** Authoring one microsurvey: its question, when it asks, who sees it; save the draft, publish, unpublish, delete. */
import { useSession } from '../session';
import type { SurveyKind, SurveySpec } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { FormScope, GroupErrors, SelectField, TextField, fieldErrorsOf } from '../ui/form';
import { usePageTitle } from '../ui/page_title';
import { useExperience } from '../tours/use_experience';
import { newKey } from '../tours/draft';
import { EditorHeading, PublishActions, RulesCard } from '../tours/experience_form';
import { SCALES, type SurveyDraft, emptySurvey, surveyDraftOf, surveySpecOf } from './draft';

const KINDS: [string, string][] = [
  ['nps', 'NPS: 0 to 10, how likely to recommend'],
  ['csat', 'CSAT: 1 to 5, how satisfied'],
  ['rating', 'Rating: 1 to 5'],
  ['choice', 'One choice among options'],
  ['text', 'Free text'],
];
const TRIGGERS: [string, string][] = [
  ['page', 'As soon as the page and audience match'],
  ['event', 'When the user does an event on such a page'],
];

export function SurveyEditor({ appId, slug }: { appId: number; slug: string | null }) {
  const { canWrite } = useSession();
  const { resource: survey, draft, set, action, list, live, saveDraft, publish, unpublish, remove } = useExperience<SurveySpec, SurveyDraft>({
    appId,
    slug,
    screen: 'surveys',
    noun: 'the survey is',
    empty: emptySurvey,
    draftOf: surveyDraftOf,
    specOf: surveySpecOf,
  });
  usePageTitle(slug ? `Survey ${draft?.name || slug}` : 'New survey');

  if (survey.error) return <ErrorAlert error={survey.error} />;
  if (!slug && !canWrite) return <p role="alert">Your role cannot create surveys.</p>;
  if (!draft) return <Loading />;
  const scale = SCALES.includes(draft.kind);
  const setChoice = (key: number, patch: object) => set({ choices: draft.choices.map((c) => (c.key === key ? { ...c, ...patch } : c)) });
  const setTranslation = (key: number, patch: object) => set({ translations: draft.translations.map((t) => (t.key === key ? { ...t, ...patch } : t)) });
  return (
    <section>
      <EditorHeading
        listName="Surveys"
        list={list}
        title={slug ? draft.name || slug : 'New survey'}
        live={live}
        updatedAt={survey.data?.updated_at}
        results={`${list}/${slug}/results`}
      />
      {!canWrite && <p class="readonly-note">You can read this survey; your role cannot change it.</p>}
      <form onSubmit={saveDraft} noValidate aria-label="Survey">
        <ErrorAlert error={action.error} />
        <FormScope errors={fieldErrorsOf(action.error)} readOnly={!canWrite}>
          <section class="card" aria-labelledby="survey-heading">
            <h2 id="survey-heading">Question</h2>
            <div class="grid-2">
              <TextField label="Survey id" path="id" value={draft.id} onValue={(id) => set({ id })} readOnly={!!slug} hint={slug ? 'Fixed once created.' : 'Lowercase letters, digits, - and _; used in files and events.'} required />
              <TextField label="Name" path="name" value={draft.name} onValue={(name) => set({ name })} required hint="Read out to screen reader users." />
              <TextField label="Locale" path="locale" value={draft.locale} onValue={(locale) => set({ locale })} />
              <SelectField label="Kind of question" path="question.kind" value={draft.kind} onValue={(kind) => set({ kind: kind as SurveyKind })} options={KINDS} />
            </div>
            <TextField label="Question" path="question.text" value={draft.question} onValue={(question) => set({ question })} required hint="E.g. How likely are you to recommend us to a friend?" />
            {scale && (
              <div class="grid-2">
                <TextField label="Low end label" path="question.low_label" value={draft.lowLabel} onValue={(lowLabel) => set({ lowLabel })} hint="E.g. Not likely" />
                <TextField label="High end label" path="question.high_label" value={draft.highLabel} onValue={(highLabel) => set({ highLabel })} hint="E.g. Very likely" />
              </div>
            )}
            {draft.kind === 'choice' && (
              <fieldset>
                <legend>Choices</legend>
                <GroupErrors path="question.choices" />
                {draft.choices.map((c, index) => (
                  <div class="grid-3" key={c.key}>
                    <TextField label={`Choice ${index + 1} id`} path={`question.choices.${index}.id`} value={c.id} onValue={(id) => setChoice(c.key, { id })} />
                    <TextField label={`Choice ${index + 1} label`} path={`question.choices.${index}.label`} value={c.label} onValue={(label) => setChoice(c.key, { label })} />
                    {canWrite && (
                      <button type="button" class="danger" onClick={() => set({ choices: draft.choices.filter((d) => d.key !== c.key) })}>
                        Remove choice {index + 1}
                      </button>
                    )}
                  </div>
                ))}
                {canWrite && (
                  <button type="button" class="secondary" onClick={() => set({ choices: [...draft.choices, { key: newKey(), id: '', label: '' }] })}>
                    Add a choice
                  </button>
                )}
              </fieldset>
            )}
            {draft.kind !== 'text' && (
              <TextField label="Follow-up question" path="question.follow_up" value={draft.followUp} onValue={(followUp) => set({ followUp })} hint="Optional: asked in a text box after the answer, e.g. What is the main reason for your score?" />
            )}
            <TextField label="Thank-you message" path="thanks" value={draft.thanks} onValue={(thanks) => set({ thanks })} hint="Optional; the widget thanks the user in their language otherwise." />
            <fieldset>
              <legend>When it asks</legend>
              <GroupErrors path="trigger" />
              <div class="grid-3">
                <SelectField label="Ask" path="trigger.on" value={draft.triggerOn} onValue={(triggerOn) => set({ triggerOn })} options={TRIGGERS} />
                {draft.triggerOn === 'event' && (
                  <>
                    <TextField label="Event" path="trigger.event" value={draft.triggerEvent} onValue={(triggerEvent) => set({ triggerEvent })} hint="E.g. tour_completed, or custom:exported from Waypost('track', …)." />
                    <TextField label="Of the tour" path="trigger.tour" value={draft.triggerTour} onValue={(triggerTour) => set({ triggerTour })} hint="Optional, with a tour_… event: that tour's id." />
                  </>
                )}
              </div>
            </fieldset>
          </section>
          <RulesCard draft={draft} onChange={set} appId={appId} canWrite={canWrite} what="survey" />
          <section class="card" aria-labelledby="survey-translations-heading">
            <h2 id="survey-translations-heading">Translations</h2>
            <GroupErrors path="translations" />
            {draft.translations.length === 0 && <p>None: every user is asked in {draft.locale || 'en'}.</p>}
            {draft.translations.map((t, index) => (
              <fieldset key={t.key}>
                <legend>Translation {index + 1}</legend>
                <div class="grid-2">
                  <TextField label={`Translation ${index + 1}: locale`} path={`translations.${t.locale}`} value={t.locale} onValue={(locale) => setTranslation(t.key, { locale })} />
                  <TextField label={`Translation ${index + 1}: question`} path={`translations.${t.locale}.question`} value={t.question} onValue={(question) => setTranslation(t.key, { question })} />
                  {draft.kind !== 'text' && (
                    <TextField label={`Translation ${index + 1}: follow-up`} path={`translations.${t.locale}.follow_up`} value={t.follow_up} onValue={(follow_up) => setTranslation(t.key, { follow_up })} />
                  )}
                  <TextField label={`Translation ${index + 1}: thank-you`} path={`translations.${t.locale}.thanks`} value={t.thanks} onValue={(thanks) => setTranslation(t.key, { thanks })} />
                  {draft.kind === 'choice' &&
                    draft.choices.map((c) => (
                      <TextField
                        key={c.key}
                        label={`Translation ${index + 1}: choice ${c.id || c.label}`}
                        path={`translations.${t.locale}.choices.${c.id}`}
                        value={t.choices[c.id] || ''}
                        onValue={(label) => setTranslation(t.key, { choices: { ...t.choices, [c.id]: label } })}
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
              <button
                type="button"
                class="secondary"
                onClick={() => set({ translations: [...draft.translations, { key: newKey(), locale: '', question: '', follow_up: '', thanks: '', choices: {} }] })}
              >
                Add a translation
              </button>
            )}
          </section>
        </FormScope>
        {canWrite && <PublishActions kind="survey" slug={slug} live={live} busy={action.busy} onPublish={publish} onUnpublish={unpublish} onDelete={remove} />}
        <Notice text={action.notice} />
      </form>
    </section>
  );
}
