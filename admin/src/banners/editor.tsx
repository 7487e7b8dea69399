/** Authoring one banner: its text, place, button and rules; save the draft, publish, unpublish, delete. */
import { useSession } from '../session';
import type { BannerSpec } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { CheckboxField, FormScope, GroupErrors, SelectField, TextField, fieldErrorsOf } from '../ui/form';
import { usePageTitle } from '../ui/page_title';
import { useExperience } from '../tours/use_experience';
import { EditorHeading, PublishActions, RulesCard } from '../tours/experience_form';
import { newKey } from '../tours/draft';
import { type ActionKind, type BannerDraft, bannerDraftOf, bannerSpecOf, emptyBanner } from './draft';

const POSITIONS: [string, string][] = [
  ['top', 'Top of the page'],
  ['bottom', 'Bottom of the page'],
];
const STYLES: [string, string][] = [
  ['inline', 'Inline: pushes the page down (or up)'],
  ['overlay', 'Overlay: floats over the page'],
];
const ACTIONS: [string, string][] = [
  ['none', 'No button'],
  ['url', 'Opens a link'],
  ['tour', 'Starts a tour'],
  ['article', 'Opens a help article'],
];
const TARGET_LABELS: Record<string, [string, string]> = {
  url: ['Link', 'An https:// address or a path of your app, like /billing.'],
  tour: ['Tour id', 'The id of a published tour.'],
  article: ['Article slug', 'The slug of a published help article.'],
};

export function BannerEditor({ appId, slug }: { appId: number; slug: string | null }) {
  const { canWrite } = useSession();
  const { resource: banner, draft, set, action, list, live, saveDraft, publish, unpublish, remove } = useExperience<BannerSpec, BannerDraft>({
    appId,
    slug,
    screen: 'banners',
    noun: 'the banner is',
    empty: emptyBanner,
    draftOf: bannerDraftOf,
    specOf: bannerSpecOf,
  });
  usePageTitle(slug ? `Banner ${draft?.name || slug}` : 'New banner');

  if (banner.error) return <ErrorAlert error={banner.error} />;
  if (!slug && !canWrite) return <p role="alert">Your role cannot create banners.</p>;
  if (!draft) return <Loading />;
  const target = TARGET_LABELS[draft.actionKind];
  const setTranslation = (key: number, patch: object) => set({ translations: draft.translations.map((t) => (t.key === key ? { ...t, ...patch } : t)) });
  return (
    <section>
      <EditorHeading
        listName="Banners"
        list={list}
        title={slug ? draft.name || slug : 'New banner'}
        live={live}
        updatedAt={banner.data?.updated_at}
      />
      {!canWrite && <p class="readonly-note">You can read this banner; your role cannot change it.</p>}
      <form onSubmit={saveDraft} noValidate aria-label="Banner">
        <ErrorAlert error={action.error} />
        <FormScope errors={fieldErrorsOf(action.error)} readOnly={!canWrite}>
          <section class="card" aria-labelledby="banner-heading">
            <h2 id="banner-heading">Banner</h2>
            <div class="grid-2">
              <TextField
                label="Banner id"
                path="id"
                value={draft.id}
                onValue={(id) => set({ id })}
                readOnly={!!slug}
                hint={slug ? 'Fixed once created.' : 'Lowercase letters, digits, - and _; used in files and events.'}
                required
              />
              <TextField label="Name" path="name" value={draft.name} onValue={(name) => set({ name })} required hint="Read out to screen reader users as the banner's name." />
              <TextField label="Locale" path="locale" value={draft.locale} onValue={(locale) => set({ locale })} />
            </div>
            <TextField label="Text" path="text" value={draft.text} onValue={(text) => set({ text })} multiline rows={3} required hint="Markdown: **bold**, _italic_, [links](https://…). One or two short sentences." />
            <div class="grid-2">
              <SelectField label="Where" path="position" value={draft.position} onValue={(position) => set({ position })} options={POSITIONS} />
              <SelectField label="How" path="style" value={draft.style} onValue={(style) => set({ style })} options={STYLES} />
            </div>
            <CheckboxField label="Users can close it (closed, it stays closed on all their devices)" path="dismissible" checked={draft.dismissible} onChecked={(dismissible) => set({ dismissible })} />
            <fieldset>
              <legend>Button</legend>
              <GroupErrors path="button" />
              <div class="grid-3">
                <SelectField label="Button" path="button.kind" value={draft.actionKind} onValue={(k) => set({ actionKind: k as ActionKind })} options={ACTIONS} />
                {target && <TextField label="Button label" path="button.label" value={draft.buttonLabel} onValue={(buttonLabel) => set({ buttonLabel })} required />}
                {target && <TextField label={target[0]} path={`button.${draft.actionKind}`} value={draft.actionTarget} onValue={(actionTarget) => set({ actionTarget })} hint={target[1]} required />}
              </div>
            </fieldset>
          </section>
          <RulesCard draft={draft} onChange={set} appId={appId} canWrite={canWrite} what="banner" />
          <section class="card" aria-labelledby="banner-translations-heading">
            <h2 id="banner-translations-heading">Translations</h2>
            <GroupErrors path="translations" />
            {draft.translations.length === 0 && <p>None: every user reads the banner in {draft.locale || 'en'}.</p>}
            {draft.translations.map((t, index) => (
              <div class="grid-3" key={t.key}>
                <TextField label={`Translation ${index + 1}: locale`} path={`translations.${t.locale}`} value={t.locale} onValue={(locale) => setTranslation(t.key, { locale })} />
                <TextField label={`Translation ${index + 1}: text`} path={`translations.${t.locale}.text`} value={t.text} onValue={(text) => setTranslation(t.key, { text })} multiline rows={2} />
                {draft.actionKind !== 'none' && (
                  <TextField label={`Translation ${index + 1}: button label`} path={`translations.${t.locale}.button_label`} value={t.button_label} onValue={(button_label) => setTranslation(t.key, { button_label })} />
                )}
                {canWrite && (
                  <button type="button" class="danger" onClick={() => set({ translations: draft.translations.filter((u) => u.key !== t.key) })}>
                    Remove translation {index + 1}
                  </button>
                )}
              </div>
            ))}
            {canWrite && (
              <button type="button" class="secondary" onClick={() => set({ translations: [...draft.translations, { key: newKey(), locale: '', text: '', button_label: '' }] })}>
                Add a translation
              </button>
            )}
          </section>
        </FormScope>
        {canWrite && (
          <PublishActions kind="banner" slug={slug} live={live} busy={action.busy} onPublish={publish} onUnpublish={unpublish} onDelete={remove} />
        )}
        <Notice text={action.notice} />
      </form>
    </section>
  );
}
