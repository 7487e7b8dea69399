/** The life of one experience in its editor (banner, survey, checklist, hotspots): load it into a draft, save the
 * draft, publish, unpublish and delete, through the experiences API; each type brings its draft conversions. */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { api } from '../api';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';

interface Experience<S> {
  id: string;
  live_version: number | null;
  updated_at: string;
  draft: S;
}

interface Options<S, D> {
  appId: number;
  slug: string | null;
  /** The screen's path under the app, e.g. "banners". */
  screen: string;
  /** How the messages name it, e.g. "the banner is". */
  noun: string;
  empty: () => D;
  draftOf: (spec: S) => D;
  specOf: (draft: D) => S;
}

export function useExperience<S, D>({ appId, slug, screen, noun, empty, draftOf, specOf }: Options<S, D>) {
  const [, navigate] = useLocation();
  const base = `/apps/${appId}/tours`;
  const list = `/apps/${appId}/${screen}`;
  const resource = useResource<Experience<S>>(slug ? `${base}/${slug}` : null);
  const [draft, setDraft] = useState<D | null>(slug ? null : empty());
  const action = useAction();

  useEffect(() => {
    if (resource.data) setDraft(draftOf(resource.data.draft));
  }, [resource.data]);

  const set = (patch: Partial<D>) => setDraft({ ...draft!, ...patch });
  const save = () => (slug ? api.put<Experience<S>>(`${base}/${slug}`, specOf(draft!)) : api.post<Experience<S>>(base, specOf(draft!)));

  async function saveDraft(e: Event) {
    e.preventDefault();
    const saved = await action.run(save, 'Draft saved.');
    if (saved && slug) resource.setData(saved);
    else if (saved) navigate(`${list}/${saved.id}`, { replace: true });
  }

  async function publish() {
    const result = await action.run(async () => {
      await save();
      return api.post<{ version: number; tour: Experience<S> }>(`${base}/${slug}/publish`);
    });
    if (result) {
      resource.setData(result.tour);
      action.setNotice(`Published as version ${result.version}.`);
    }
  }

  async function unpublish() {
    const result = await action.run(() => api.post<Experience<S>>(`${base}/${slug}/unpublish`), `Unpublished: ${noun} no longer shown.`);
    if (result) resource.setData(result);
  }

  async function remove() {
    const deleted = await action.run(async () => {
      await api.del(`${base}/${slug}`);
      return true;
    });
    if (deleted) navigate(`${list}?deleted=${encodeURIComponent(slug!)}`);
  }

  return { resource, draft, set, action, list, live: resource.data?.live_version, saveDraft, publish, unpublish, remove };
}
