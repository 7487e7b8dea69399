/** Authoring one set of hotspots: each beacon's element (picked in the app), tip or tour, and who sees them. */
import { useSession } from '../session';
import type { AppRecord, HotspotSpec } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { FormScope, GroupErrors, SelectField, TextField, fieldErrorsOf } from '../ui/form';
import { usePageTitle } from '../ui/page_title';
import { useExperience } from '../tours/use_experience';
import { useResource } from '../ui/use_resource';
import { newKey } from '../tours/draft';
import { EditorHeading, PublishActions, RulesCard } from '../tours/experience_form';
import { plainPath } from '../tours/in_app';
import { PickTarget } from '../tours/pick_target';
import { type HotspotDraft, type SpotDraft, emptyHotspots, hotspotDraftOf, hotspotSpecOf, newSpot } from './draft';

const CORNERS: [string, string][] = [
  ['top-end', 'Top, end side'],
  ['top-start', 'Top, start side'],
  ['bottom-end', 'Bottom, end side'],
  ['bottom-start', 'Bottom, start side'],
];

export function HotspotEditor({ appId, slug }: { appId: number; slug: string | null }) {
  const { canWrite } = useSession();
  const { resource: set_, draft, set, action, list, live, saveDraft, publish, unpublish, remove } = useExperience<HotspotSpec, HotspotDraft>({
    appId,
    slug,
    screen: 'hotspots',
    noun: 'the hotspots are',
    empty: emptyHotspots,
    draftOf: hotspotDraftOf,
    specOf: hotspotSpecOf,
  });
  const app = useResource<AppRecord>(`/apps/${appId}`);
  usePageTitle(slug ? `Hotspots ${draft?.name || slug}` : 'New hotspots');

  if (set_.error) return <ErrorAlert error={set_.error} />;
  if (!slug && !canWrite) return <p role="alert">Your role cannot create hotspots.</p>;
  if (!draft) return <Loading />;
  const origin = app.data?.origins[0];
  const setSpot = (key: number, patch: Partial<SpotDraft>) => set({ spots: draft.spots.map((h) => (h.key === key ? { ...h, ...patch } : h)) });
  const setTranslation = (key: number, patch: object) => set({ translations: draft.translations.map((t) => (t.key === key ? { ...t, ...patch } : t)) });
  return (
    <section>
      <EditorHeading
        listName="Hotspots"
        list={list}
        title={slug ? draft.name || slug : 'New hotspots'}
        live={live}
        updatedAt={set_.data?.updated_at}
      />
      {!canWrite && <p class="readonly-note">You can read these hotspots; your role cannot change them.</p>}
      <form onSubmit={saveDraft} noValidate aria-label="Hotspots">
        <ErrorAlert error={action.error} />
        <FormScope errors={fieldErrorsOf(action.error)} readOnly={!canWrite}>
          <section class="card" aria-labelledby="hotspots-heading">
            <h2 id="hotspots-heading">Hotspots</h2>
            <div class="grid-2">
              <TextField label="Set id" path="id" value={draft.id} onValue={(id) => set({ id })} readOnly={!!slug} hint={slug ? 'Fixed once created.' : 'Lowercase letters, digits, - and _.'} required />
              <TextField label="Name" path="name" value={draft.name} onValue={(name) => set({ name })} required />
              <TextField label="Locale" path="locale" value={draft.locale} onValue={(locale) => set({ locale })} />
            </div>
            <GroupErrors path="hotspots" />
            {draft.spots.map((h, index) => (
              <fieldset key={h.key}>
                <legend>Hotspot {index + 1}</legend>
                <div class="grid-2">
                  <TextField label={`Hotspot ${index + 1} id`} path={`hotspots.${index}.id`} value={h.id} onValue={(id) => setSpot(h.key, { id })} required />
                  <TextField label={`Hotspot ${index + 1} element`} path={`hotspots.${index}.target`} value={h.target} onValue={(target) => setSpot(h.key, { target })} placeholder="[data-waypost-id=reports]" required />
                  {canWrite && origin && (
                    <PickTarget appId={appId} stepNumber={index + 1} what="hotspot" path={`pick.${h.key}`} defaultUrl={origin + plainPath(draft.matchKind === 'url' ? draft.pattern : null)} onPicked={(target) => setSpot(h.key, { target })} />
                  )}
                  <SelectField label={`Hotspot ${index + 1} corner`} path={`hotspots.${index}.corner`} value={h.corner} onValue={(corner) => setSpot(h.key, { corner })} options={CORNERS} />
                  <TextField label={`Hotspot ${index + 1} title`} path={`hotspots.${index}.title`} value={h.title} onValue={(title) => setSpot(h.key, { title })} required hint="Also the beacon's name for screen readers." />
                  <TextField label={`Hotspot ${index + 1} tour`} path={`hotspots.${index}.tour`} value={h.tour} onValue={(tour) => setSpot(h.key, { tour })} hint="Optional: a tour id to start instead of showing the tip." />
                </div>
                <TextField label={`Hotspot ${index + 1} tip`} path={`hotspots.${index}.body`} value={h.body} onValue={(body) => setSpot(h.key, { body })} multiline rows={2} hint="Markdown." />
                {canWrite && draft.spots.length > 1 && (
                  <button type="button" class="danger" onClick={() => set({ spots: draft.spots.filter((s) => s.key !== h.key) })}>
                    Remove hotspot {index + 1}
                  </button>
                )}
              </fieldset>
            ))}
            {canWrite && (
              <button type="button" class="secondary" onClick={() => set({ spots: [...draft.spots, newSpot()] })}>
                Add a hotspot
              </button>
            )}
          </section>
          <RulesCard draft={draft} onChange={set} appId={appId} canWrite={canWrite} what="hotspots" />
          <section class="card" aria-labelledby="hotspot-translations-heading">
            <h2 id="hotspot-translations-heading">Translations</h2>
            <GroupErrors path="translations" />
            {draft.translations.length === 0 && <p>None. (Tips' bodies translate in files.)</p>}
            {draft.translations.map((t, index) => (
              <fieldset key={t.key}>
                <legend>Translation {index + 1}</legend>
                <div class="grid-2">
                  <TextField label={`Translation ${index + 1}: locale`} path={`translations.${t.locale}`} value={t.locale} onValue={(locale) => setTranslation(t.key, { locale })} />
                  {draft.spots.map((h) => (
                    <TextField
                      key={h.key}
                      label={`Translation ${index + 1}: hotspot ${h.id || h.title}`}
                      path={`translations.${t.locale}.hotspots.${h.id}`}
                      value={t.titles[h.id] || ''}
                      onValue={(title) => setTranslation(t.key, { titles: { ...t.titles, [h.id]: title } })}
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
              <button type="button" class="secondary" onClick={() => set({ translations: [...draft.translations, { key: newKey(), locale: '', titles: {} }] })}>
                Add a translation
              </button>
            )}
          </section>
        </FormScope>
        {canWrite && <PublishActions kind="hotspot set" slug={slug} live={live} busy={action.busy} onPublish={publish} onUnpublish={unpublish} onDelete={remove} />}
        <Notice text={action.notice} />
      </form>
    </section>
  );
}
