/**
 * Labelled form fields that show the API's field errors beside themselves.
 * A field names its place in the request body by a dotted path (`steps.0.title`), the same
 * path at which the API reports its problems in `error.fields`.
 */
import type { ComponentChildren, JSX } from 'preact';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { ApiError, type FieldMessages } from '../api';

export type FieldErrors = Map<string, string[]>;

export function flattenFields(fields: FieldMessages | string[] | string, prefix = '', out: FieldErrors = new Map()) {
  if (typeof fields === 'string') out.set(prefix, [...(out.get(prefix) || []), fields]);
  else if (Array.isArray(fields)) {
    for (const item of fields) flattenFields(item as FieldMessages | string, prefix, out);
  } else if (fields && typeof fields === 'object') {
    for (const [key, value] of Object.entries(fields)) flattenFields(value, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

export const fieldErrorsOf = (error: unknown): FieldErrors =>
  error instanceof ApiError ? flattenFields(error.fields) : new Map();

export const fieldId = (path: string) => `field-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** `0` → "Item 1", `th.name` → "th name": where below a field its problem is. */
const itemLabel = (rest: string) =>
  rest.split('.').filter((p) => p !== '_schema').map((p) => (/^\d+$/.test(p) ? `Item ${Number(p) + 1}` : p)).join(' ');

interface Scope {
  errors: FieldErrors;
  readOnly: boolean;
}

const FormScopeContext = createContext<Scope>({ errors: new Map(), readOnly: false });

export function FormScope({ errors, readOnly = false, children }: Partial<Scope> & { errors: FieldErrors; children: ComponentChildren }) {
  return <FormScopeContext.Provider value={{ errors, readOnly }}>{children}</FormScopeContext.Provider>;
}

function useField(path: string) {
  const { errors, readOnly } = useContext(FormScopeContext);
  const messages: string[] = [];
  for (const [key, found] of errors) {
    if (key === path || key === `${path}._schema`) messages.push(...found);
    else if (key.startsWith(`${path}.`)) messages.push(...found.map((m) => `${itemLabel(key.slice(path.length + 1))}: ${m}`));
  }
  const id = fieldId(path);
  return { id, messages, readOnly };
}

interface FieldProps {
  label: string;
  path: string;
  hint?: string;
  required?: boolean;
}

function FieldFrame(props: FieldProps & { id: string; messages: string[]; children: ComponentChildren; inline?: boolean }) {
  return (
    <div class={`field${props.inline ? ' field-inline' : ''}${props.messages.length ? ' has-error' : ''}`}>
      <label for={props.id}>
        {props.label}
        {props.required && (
          <span class="required" aria-hidden="true">
            {' '}
            (required)
          </span>
        )}
      </label>
      {props.children}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.messages.length > 0 && (
        <p class="field-error" id={`${props.id}-error`} data-error-for={props.path}>
          {props.messages.join(' ')}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  return [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
}

type InputProps = FieldProps & {
  value: string;
  onValue: (value: string) => void;
  type?: string;
  multiline?: boolean;
  rows?: number;
  placeholder?: string;
  autoComplete?: string;
  readOnly?: boolean;
};

export function TextField(props: InputProps) {
  const { id, messages, readOnly } = useField(props.path);
  const common = {
    id,
    name: props.path,
    value: props.value,
    readOnly: readOnly || props.readOnly,
    placeholder: props.placeholder,
    'aria-invalid': messages.length > 0 ? ('true' as const) : undefined,
    'aria-describedby': describedBy(id, !!props.hint, messages.length > 0),
    'aria-required': props.required ? ('true' as const) : undefined,
    onInput: (e: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onValue(e.currentTarget.value),
  };
  return (
    <FieldFrame {...props} id={id} messages={messages}>
      {props.multiline ? (
        <textarea {...common} rows={props.rows || 4} />
      ) : (
        <input {...common} type={props.type || 'text'} autoComplete={props.autoComplete} />
      )}
    </FieldFrame>
  );
}

export function SelectField(props: FieldProps & { value: string; onValue: (v: string) => void; options: [string, string][] }) {
  const { id, messages, readOnly } = useField(props.path);
  return (
    <FieldFrame {...props} id={id} messages={messages}>
      <select
        id={id}
        name={props.path}
        value={props.value}
        disabled={readOnly}
        aria-invalid={messages.length > 0 ? 'true' : undefined}
        aria-describedby={describedBy(id, !!props.hint, messages.length > 0)}
        onChange={(e) => props.onValue(e.currentTarget.value)}
      >
        {props.options.map(([value, label]) => (
          <option value={value} key={value}>
            {label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField(props: FieldProps & { checked: boolean; onChecked: (v: boolean) => void }) {
  const { id, messages, readOnly } = useField(props.path);
  return (
    <FieldFrame {...props} id={id} messages={messages} inline>
      <input
        id={id}
        type="checkbox"
        name={props.path}
        checked={props.checked}
        disabled={readOnly}
        aria-invalid={messages.length > 0 ? 'true' : undefined}
        aria-describedby={describedBy(id, !!props.hint, messages.length > 0)}
        onChange={(e) => props.onChecked(e.currentTarget.checked)}
      />
    </FieldFrame>
  );
}

/** Field-level problems reported at `path` or below it, for a group without its own input. */
export function GroupErrors({ path }: { path: string }) {
  const { errors } = useContext(FormScopeContext);
  const messages = [...errors.entries()]
    .filter(([key]) => key === path || key === `${path}._schema`)
    .flatMap(([, m]) => m);
  if (!messages.length) return null;
  return (
    <p class="field-error" id={`${fieldId(path)}-error`} data-error-for={path}>
      {messages.join(' ')}
    </p>
  );
}
