/** The app's media library beside the article body: upload an image, a video or an audio file, then insert it. */
import { useState } from 'preact/hooks';
import { api } from '../api';
import type { MediaItem } from '../types';
import { ErrorAlert, Notice } from '../ui/feedback';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';

/** What the body gets for a media item: Markdown for images, the HTML tag the sanitizer keeps for the others. */
export function embedOf(m: MediaItem): string {
  const label = m.name.replace(/[[\]\\]/g, '');
  if (m.kind === 'image') return `![${label}](${m.url})`;
  return m.kind === 'video' ? `<video controls src="${m.url}"></video>` : `<audio controls src="${m.url}"></audio>`;
}

interface Props {
  appId: number;
  canWrite: boolean;
  onInsert: (markdown: string) => void;
}

export function MediaLibrary({ appId, canWrite, onInsert }: Props) {
  const [version, setVersion] = useState(0);
  const media = useResource<MediaItem[]>(`/apps/${appId}/media`, { v: version });
  const action = useAction();

  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    const added = await action.run(() => api.upload<MediaItem>(`/apps/${appId}/media`, form), `Uploaded ${file.name}.`);
    input.value = '';
    if (added) setVersion(version + 1);
  };

  return (
    <details class="media-library">
      <summary>Media library</summary>
      <ErrorAlert error={media.error || action.error} />
      <Notice text={action.notice} />
      {canWrite && (
        <p>
          <label for="media-upload">Upload an image, a video or an audio file</label>
          <input id="media-upload" type="file" accept="image/*,video/*,audio/*" disabled={action.busy} onChange={(e) => upload(e.currentTarget)} />
        </p>
      )}
      {media.data && media.data.length === 0 && <p>No media yet.</p>}
      <ul class="plain">
        {(media.data || []).map((m) => (
          <li key={m.id}>
            {m.kind === 'image' ? <img src={m.url} alt="" width={48} height={48} /> : <span class="badge">{m.kind}</span>}{' '}
            {m.name}{' '}
            {canWrite && (
              <button type="button" class="secondary" onClick={() => onInsert(embedOf(m))}>
                Insert {m.name}
              </button>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}
