/**
 * Opening the host app in a new tab, to pick a step's target or to preview the draft: a button
 * that asks for the page (prefilled), then opens it with the session's token in its fragment.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { FormScope, TextField, fieldErrorsOf, fieldId } from '../ui/form';

/** The tour's page when its rule is a plain path (`/app/projects`), else the site's root. */
export const plainPath = (...candidates: (string | null | undefined)[]): string =>
  candidates.find((c) => c && /^\/(?!\/)[^*?[\]]*$/.test(c)) || '/';

interface Props {
  label: string;
  /** The button's accessible name when the label alone is ambiguous (one button per step). */
  name?: string;
  /** A unique dotted path for the URL field (its id and its errors). */
  path: string;
  defaultUrl: string;
  /** Creates the session; resolves to the URL to open. */
  start: (pageUrl: string) => Promise<string>;
  children?: ComponentChildren;
}

export function InAppLauncher({ label, name, path, defaultUrl, start, children }: Props) {
  const [asking, setAsking] = useState(false);
  const [edited, setUrl] = useState<string | null>(null);
  const url = edited ?? defaultUrl;
  const [error, setError] = useState<unknown>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const opened = useRef(false);
  const close = () => (setAsking(false), setError(null));
  // Focus follows the panel: into the URL field when it opens, back to the button when it closes.
  useEffect(() => {
    if (asking) document.getElementById(fieldId(`${path}.page_url`))?.focus();
    else if (opened.current) button.current?.focus();
    opened.current = asking;
  }, [asking]);
  const errors = new Map([...fieldErrorsOf(error)].filter(([k]) => k === 'page_url').map(([, v]) => [`${path}.page_url`, v]));

  async function open() {
    // Opened before the request, while the click still counts as the user's: no popup blocker.
    const tab = window.open('', '_blank');
    setError(null);
    setBlocked(null);
    try {
      const target = await start(url.trim());
      setAsking(false);
      if (tab) {
        tab.opener = null;
        tab.location.href = target;
      } else setBlocked(target);
    } catch (err) {
      tab?.close();
      setError(err);
      if (err instanceof ApiError && err.fields.page_url) requestAnimationFrame(() => document.getElementById(fieldId(`${path}.page_url`))?.focus());
    }
  }

  return (
    <div class="in-app">
      {asking ? (
        <div
          class="in-app-open"
          role="group"
          aria-label={name || label}
          onKeyDown={(e) => {
            // The editor's form must not take this Enter as "Save draft".
            if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
              e.preventDefault();
              open();
            }
            if (e.key === 'Escape') close();
          }}
        >
          <FormScope errors={errors}>
            <TextField label="Page URL" path={`${path}.page_url`} value={url} onValue={setUrl} hint="A page of the app, on one of its allowed origins." />
          </FormScope>
          {error instanceof Error && !errors.size && (
            <p class="field-error" role="alert">
              {error.message}
            </p>
          )}
          <div class="row-actions">
            <button type="button" onClick={open}>
              Open in a new tab
            </button>
            <button type="button" class="secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <>
          <button type="button" class="secondary" ref={button} aria-label={name} onClick={() => setAsking(true)}>
            {label}
          </button>
          {blocked && (
            <a href={blocked} target="_blank" rel="noopener noreferrer">
              Open the page
            </a>
          )}
        </>
      )}
      {children}
    </div>
  );
}
