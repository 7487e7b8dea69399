/** "Preview": the Markdown as end users will get it, rendered and sanitized by the server. */
import { useState } from 'preact/hooks';
import { api } from '../api';

interface Props {
  appId: number;
  markdown: string;
  kind: 'tour' | 'article';
  label: string;
}

export function MarkdownPreview({ appId, markdown, kind, label }: Props) {
  const [html, setHtml] = useState<string | null>(null);
  const [dropped, setDropped] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  async function show() {
    setError(null);
    try {
      const result = await api.post<{ html: string; dropped?: string[] }>(`/apps/${appId}/preview/markdown`, { markdown, kind });
      setHtml(result.html);
      setDropped(result.dropped || []);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The preview could not be made.');
    }
  }

  return (
    <div class="markdown-preview">
      {html === null ? (
        <button type="button" class="secondary" onClick={show}>
          Preview {label}
        </button>
      ) : (
        <button type="button" class="secondary" onClick={() => setHtml(null)}>
          Hide preview of {label}
        </button>
      )}
      {error && <p role="alert">{error}</p>}
      {html !== null && dropped.length > 0 && (
        <div class="alert alert-warning" role="alert">
          <p>Readers will not get these: the sanitizer removes them (scripts, event handlers, links it cannot trust, media from other sites, iframes from hosts the app does not allow).</p>
          <ul>
            {dropped.map((d) => (
              <li key={d}>
                <code>{d}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {html !== null && (
        // The server sanitized this HTML with the same rules as what end users receive.
        <div class="preview-body" aria-label={`Preview of ${label}`} role="region" dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </div>
  );
}
