/** How the UI reports loading, success and failure (including the API's 403), accessibly. */
import { useEffect, useRef } from 'preact/hooks';
import { ApiError } from '../api';
import { fieldErrorsOf, fieldId } from './form';

const humanPath = (path: string) =>
  path
    .replace(/\._schema$/, '')
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? `#${Number(part) + 1}` : part.replace(/_/g, ' ')))
    .join(' › ');

/** Focuses the field at `path`, or the nearest enclosing one that has an input. */
function focusField(path: string) {
  const parts = path.replace(/\._schema$/, '').split('.');
  let element: HTMLElement | null = null;
  while (parts.length && !(element = document.getElementById(fieldId(parts.join('.'))))) parts.pop();
  element?.focus();
  element?.scrollIntoView({ block: 'center' });
}

/** The error's message; for invalid input, a list of the problems linking to their fields,
 * focused (so scrolled to and read out) since it answers what the user just submitted. */
export function ErrorAlert({ error }: { error: unknown }) {
  const box = useRef<HTMLDivElement>(null);
  const invalidInput = error instanceof ApiError && Object.keys(error.fields).length > 0;
  useEffect(() => {
    if (invalidInput) box.current?.focus();
  }, [error]);
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const message = apiError ? apiError.message : String((error as Error).message || error);
  const fields = [...fieldErrorsOf(error).entries()];
  return (
    <div class={`alert alert-error${apiError?.status === 403 ? ' alert-forbidden' : ''}`} role="alert" ref={box} tabIndex={-1}>
      <p>
        {apiError?.status === 403 && <strong>Not allowed: </strong>}
        {message}
      </p>
      {fields.length > 0 && (
        <ul>
          {fields.map(([path, messages]) => (
            <li key={path}>
              <a
                href={`#${fieldId(path)}`}
                onClick={(e) => {
                  e.preventDefault();
                  focusField(path);
                }}
              >
                {humanPath(path)}
              </a>
              : {messages.join(' ')}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice({ text }: { text: string | null }) {
  return (
    <p class="notice" role="status" aria-live="polite">
      {text || ''}
    </p>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p class="loading" role="status">
      {what}…
    </p>
  );
}
