/** A tour's translations per locale, with what each still lacks. */
import { useState } from 'preact/hooks';
import { GroupErrors, TextField } from '../ui/form';
import { missingTexts, type TourDraft } from './draft';
import type { TourTranslation } from '../types';

interface Props {
  draft: TourDraft;
  onChange: (translations: Record<string, TourTranslation>) => void;
  canWrite: boolean;
}

export function TranslationsEditor({ draft, onChange, canWrite }: Props) {
  const [locale, setLocale] = useState('');
  const translations = draft.translations;

  const setText = (code: string, stepId: string | null, field: 'name' | 'title' | 'body', value: string) => {
    const t = translations[code] || { steps: {} };
    const next: TourTranslation = stepId
      ? { ...t, steps: { ...t.steps, [stepId]: { ...(t.steps?.[stepId] || {}), [field]: value } } }
      : { ...t, name: value };
    onChange({ ...translations, [code]: next });
  };

  function add(e: Event) {
    e.preventDefault();
    const code = locale.trim();
    if (code && !translations[code]) onChange({ ...translations, [code]: { steps: {} } });
    setLocale('');
  }

  const remove = (code: string) => onChange(Object.fromEntries(Object.entries(translations).filter(([c]) => c !== code)));

  return (
    <section class="card" aria-labelledby="translations-heading">
      <h2 id="translations-heading">Translations</h2>
      <GroupErrors path="translations" />
      {Object.keys(translations).length === 0 && <p>Only in {draft.locale}. Add a locale to translate the tour.</p>}
      {Object.entries(translations).map(([code, t]) => {
        const missing = missingTexts(draft, code);
        return (
          <fieldset class="translation" key={code}>
            <legend>{code}</legend>
            <GroupErrors path={`translations.${code}`} />
            <p class={missing.length ? 'missing' : 'complete'}>
              {missing.length ? `Missing (shown in ${draft.locale}): ${missing.join(', ')}` : 'Complete'}
            </p>
            <TextField
              label={`Name in ${code}`}
              path={`translations.${code}.name`}
              value={t.name || ''}
              placeholder={draft.name}
              onValue={(v) => setText(code, null, 'name', v)}
            />
            {draft.steps.map((step, index) => (
              <div class="grid-2" key={step.key}>
                <TextField
                  label={`Step ${index + 1} title in ${code}`}
                  path={`translations.${code}.steps.${step.id}.title`}
                  value={t.steps?.[step.id]?.title || ''}
                  placeholder={step.title}
                  onValue={(v) => setText(code, step.id, 'title', v)}
                />
                <TextField
                  label={`Step ${index + 1} body in ${code}`}
                  path={`translations.${code}.steps.${step.id}.body`}
                  multiline
                  rows={2}
                  value={t.steps?.[step.id]?.body || ''}
                  placeholder={step.body}
                  onValue={(v) => setText(code, step.id, 'body', v)}
                />
              </div>
            ))}
            {canWrite && (
              <button type="button" class="danger" onClick={() => remove(code)}>
                Remove the {code} translation
              </button>
            )}
          </fieldset>
        );
      })}
      {canWrite && (
        <div class="inline-form">
          <label for="new-locale">New translation locale</label>
          <input id="new-locale" value={locale} placeholder="th" onInput={(e) => setLocale(e.currentTarget.value)} />
          <button type="button" class="secondary" onClick={add}>
            Add translation
          </button>
        </div>
      )}
    </section>
  );
}
