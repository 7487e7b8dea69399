/** Authoring one tour: its fields, steps and translations; save the draft, publish, compare, roll back, delete. */
import { useEffect, useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { ApiError, api, type FieldMessages } from '../api';
import { useSession } from '../session';
import type { AppRecord, PickerSession, Tour, TourVersion } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { FormScope, GroupErrors, TextField, fieldErrorsOf } from '../ui/form';
import { when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { FrequencyFields, PublishActions, ScheduleFields } from './experience_form';
import { GoalCard } from './goal';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';
import { DraftChanges } from './changes_view';
import { AudienceRules } from './audience_rules';
import { draftOf, emptyDraft, newKey, rulesFromTraits, specOf, type StepDraft, type TourDraft } from './draft';
import { InAppLauncher, plainPath } from './in_app';
import { RuleEditor } from './rule_tester';
import { StepsEditor } from './steps';
import { TranslationsEditor } from './translations';
import { TriggerFields } from './trigger';
import { VersionsList } from './versions';

export function TourEditor({ appId, slug }: { appId: number; slug: string | null }) {
  const { canWrite } = useSession();
  const [, navigate] = useLocation();
  const base = `/apps/${appId}/tours`;
  const tour = useResource<Tour>(slug ? `${base}/${slug}` : null);
  const versions = useResource<TourVersion[]>(slug ? `${base}/${slug}/versions` : null);
  const app = useResource<AppRecord>(`/apps/${appId}`);
  const [draft, setDraft] = useState<TourDraft | null>(slug ? null : emptyDraft());
  const action = useAction();
  usePageTitle(slug ? `Tour ${draft?.name || slug}` : 'New tour');

  useEffect(() => {
    if (tour.data) setDraft(draftOf(tour.data.draft));
  }, [tour.data]);

  const set = (patch: Partial<TourDraft>) => setDraft({ ...draft!, ...patch });

  async function save(): Promise<Tour> {
    const spec = specOf(draft!);
    return slug ? api.put<Tour>(`${base}/${slug}`, spec) : api.post<Tour>(base, spec);
  }

  /** A new tour gets its own address once it exists; the editor there loads it afresh. */
  function show(saved: Tour) {
    if (slug) tour.setData(saved);
    else navigate(`${base}/${saved.id}`, { replace: true });
  }

  async function saveDraft(e: Event) {
    e.preventDefault();
    const saved = await action.run(save, 'Draft saved.');
    if (saved) show(saved);
  }

  async function publish() {
    const result = await action.run(async () => {
      await save();
      return api.post<{ version: number; tour: Tour }>(`${base}/${slug}/publish`);
    });
    if (result) {
      tour.setData(result.tour);
      versions.reload();
      action.setNotice(`Published as version ${result.version}.`);
    }
  }

  const origin = app.data?.origins[0];
  const rulePath = draft?.matchKind === 'url' ? draft.pattern : null;
  const pickUrl = (step: StepDraft) => (origin ? origin + plainPath(step.url, rulePath) : null);

  /** Opens the unsaved draft in the app; its problems are shown in the form like a save's. */
  async function startPreview(pageUrl: string): Promise<string> {
    try {
      const body = { mode: 'preview', page_url: pageUrl, tour: specOf(draft!) };
      return (await api.post<PickerSession>(`/apps/${appId}/picker-sessions`, body)).url;
    } catch (err) {
      if (!(err instanceof ApiError && err.fields.tour)) throw err;
      action.setError(new ApiError(err.status, err.code, 'Fix these problems to preview the draft.', err.fields.tour as FieldMessages));
      throw new Error('The draft has problems: see the list at the top of the form.', { cause: err });
    }
  }

  async function unpublish() {
    const result = await action.run(() => api.post<Tour>(`${base}/${slug}/unpublish`), 'Unpublished: the tour is no longer shown.');
    if (result) tour.setData(result);
  }

  async function rollback(version: number) {
    const result = await action.run(() => api.post<{ version: number; tour: Tour }>(`${base}/${slug}/rollback`, { version }));
    if (result) {
      tour.setData(result.tour);
      versions.reload();
      action.setNotice(`Version ${version} is live again, as version ${result.version}.`);
    }
  }

  /** Gone for good (its events stay); the list says so. */
  async function remove() {
    const deleted = await action.run(async () => {
      await api.del(`${base}/${slug}`);
      return true;
    });
    if (deleted) navigate(`${base}?deleted=${encodeURIComponent(slug!)}`);
  }

  if (tour.error) return <ErrorAlert error={tour.error} />;
  if (!slug && !canWrite) return <p role="alert">Your role cannot create tours.</p>;
  if (!draft) return <Loading />;
  const live = tour.data?.live_version;
  return (
    <section>
      <p class="breadcrumb">
        <Link href={base}>Tours</Link>
      </p>
      <h1>{slug ? draft.name || slug : 'New tour'}</h1>
      {tour.data && (
        <p class="status-line">
          {live ? <span class="badge badge-live">Published v{live}</span> : <span class="badge">Draft</span>} Last change{' '}
          {when(tour.data.updated_at)}
        </p>
      )}
      {!canWrite && <p class="readonly-note">You can read this tour; your role cannot change it.</p>}
      <form onSubmit={saveDraft} noValidate aria-label="Tour">
        <ErrorAlert error={action.error} />
        <FormScope errors={fieldErrorsOf(action.error)} readOnly={!canWrite}>
          <section class="card" aria-labelledby="tour-heading">
            <h2 id="tour-heading">Tour</h2>
            <div class="grid-2">
              <TextField
                label="Tour id"
                path="id"
                value={draft.id}
                onValue={(id) => set({ id })}
                readOnly={!!slug}
                hint={slug ? 'Fixed once created.' : 'Lowercase letters, digits, - and _; used in files and events.'}
                required
              />
              <TextField label="Name" path="name" value={draft.name} onValue={(name) => set({ name })} required />
              <TextField label="Locale" path="locale" value={draft.locale} onValue={(locale) => set({ locale })} />
            </div>
            <TriggerFields value={draft} onChange={set} />
            <RuleEditor kind={draft.matchKind} pattern={draft.pattern} onChange={(matchKind, pattern) => set({ matchKind, pattern })} />
            <AudienceEditor draft={draft} onChange={set} canWrite={canWrite} appId={appId} />
            <ScheduleFields value={draft} onChange={set} />
            <FrequencyFields value={draft} onChange={set} />
          </section>
          <StepsEditor steps={draft.steps} onChange={(steps) => set({ steps })} canWrite={canWrite} appId={appId} pickUrl={pickUrl} />
          <TranslationsEditor draft={draft} onChange={(translations) => set({ translations })} canWrite={canWrite} />
        </FormScope>
        {canWrite && (
          <PublishActions kind="tour" slug={slug} live={live} busy={action.busy} onPublish={publish} onUnpublish={unpublish} onDelete={remove} />
        )}
        {tour.data && versions.data && <DraftChanges draft={specOf(draft)} versions={versions.data} live={live ?? null} />}
        {canWrite && origin && (
          <InAppLauncher
            label="Preview in app"
            path="preview"
            defaultUrl={origin + plainPath(draft.steps[0]?.url, rulePath)}
            start={startPreview}
          />
        )}
        <Notice text={action.notice} />
      </form>
      {slug && tour.data?.live_version && versions.data?.find((v) => v.version === tour.data!.live_version)?.spec.goal && (
        <GoalCard appId={appId} slug={slug} />
      )}
      {tour.data && versions.data && (
        <VersionsList tour={tour.data} versions={versions.data} canWrite={canWrite} busy={action.busy} onRollback={rollback} />
      )}
    </section>
  );
}

interface AudienceProps {
  draft: TourDraft;
  onChange: (p: Partial<TourDraft>) => void;
  canWrite: boolean;
  appId: number;
}

function AudienceEditor({ draft, onChange, canWrite, appId }: AudienceProps) {
  const update = (key: number, patch: object) =>
    onChange({ traits: draft.traits.map((t) => (t.key === key ? { ...t, ...patch } : t)) });
  return (
    <fieldset class="audience">
      <legend>Audience</legend>
      <GroupErrors path="audience" />
      {draft.ruleRows && <AudienceRules appId={appId} rules={draft.ruleRows} onChange={(ruleRows) => onChange({ ruleRows })} canWrite={canWrite} />}
      {draft.rules && (
        <>
          <p>This tour's audience is a set of rules written in its file or through the API; saving here keeps it as it is.</p>
          <pre class="rules" tabIndex={0} aria-label="Audience rules">
            {JSON.stringify(draft.rules, null, 2)}
          </pre>
        </>
      )}
      {!draft.rules && !draft.ruleRows && draft.traits.length === 0 && <p>Everyone. Add a trait to show the tour only to some users.</p>}
      {!draft.ruleRows && draft.traits.map((trait, index) => (
        <div class="grid-2 trait" key={trait.key}>
          <TextField label={`Trait ${index + 1} name`} path={`audience.traits.${trait.name}`} value={trait.name} onValue={(name) => update(trait.key, { name })} />
          <TextField
            label={`Trait ${index + 1} values`}
            path={`audience.traits.${trait.name}.values`}
            value={trait.values}
            onValue={(values) => update(trait.key, { values })}
            hint='Comma-separated; the user needs one of them. Quote a number ("42") to match it as text.'
          />
          {canWrite && (
            <button type="button" class="danger" onClick={() => onChange({ traits: draft.traits.filter((t) => t.key !== trait.key) })}>
              Remove trait {index + 1}
            </button>
          )}
        </div>
      ))}
      {canWrite && !draft.rules && !draft.ruleRows && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => onChange({ traits: [...draft.traits, { key: newKey(), name: '', values: '' }] })}>
            Add a trait
          </button>
          <button type="button" class="secondary" onClick={() => onChange({ traits: [], ruleRows: rulesFromTraits(draft) })}>
            Use rules instead
          </button>
        </div>
      )}
    </fieldset>
  );
}
