/** The steps of a tour: add, remove, reorder, and each step's fields. */
import { useRef, useState } from 'preact/hooks';
import { Notice } from '../ui/feedback';
import { GroupErrors, SelectField, TextField } from '../ui/form';
import { newStep, type StepDraft } from './draft';
import { PickTarget } from './pick_target';
import { MarkdownPreview } from '../ui/markdown_preview';

const PLACEMENTS: [string, string][] = [
  ['', 'Default (below the target; centred without one)'],
  ...['top', 'bottom', 'left', 'right', 'top-start', 'top-end', 'bottom-start', 'bottom-end']
    .concat(['left-start', 'left-end', 'right-start', 'right-end', 'center'])
    .map((p): [string, string] => [p, p]),
];

const ADVANCE: [string, string][] = [
  ['next', 'The Next button'],
  ['click', 'A click on the target'],
];

interface Props {
  steps: StepDraft[];
  onChange: (steps: StepDraft[]) => void;
  canWrite: boolean;
  appId: number;
  /** The page to pick a step's target on, or null when the app has no origin to open. */
  pickUrl: (step: StepDraft) => string | null;
}

export function StepsEditor({ steps, onChange, canWrite, appId, pickUrl }: Props) {
  const [moved, setMoved] = useState<string | null>(null);
  const update = (index: number, patch: Partial<StepDraft>) =>
    onChange(steps.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  // A pick arrives seconds later: it changes the steps as they are then, found by key.
  const latest = useRef({ steps, onChange });
  latest.current = { steps, onChange };
  const setTarget = (key: number, target: string) =>
    latest.current.onChange(latest.current.steps.map((s) => (s.key === key ? { ...s, target } : s)));

  function move(index: number, by: number) {
    const next = [...steps];
    const [step] = next.splice(index, 1);
    next.splice(index + by, 0, step);
    onChange(next);
    setMoved(`Step ${step.id} is now step ${index + by + 1} of ${steps.length}.`);
    requestAnimationFrame(() => document.getElementById(`step-${step.key}`)?.focus());
  }

  return (
    <section class="card" aria-labelledby="steps-heading">
      <h2 id="steps-heading">Steps</h2>
      <GroupErrors path="steps" />
      <ol class="steps">
        {steps.map((step, index) => (
          <li key={step.key}>
            <fieldset class="step" id={`step-${step.key}`} tabIndex={-1}>
              <legend>
                Step {index + 1}
                {step.title.trim() ? `: ${step.title}` : ''}
              </legend>
              <GroupErrors path={`steps.${index}`} />
              <div class="grid-2">
                <TextField label="Step id" path={`steps.${index}.id`} value={step.id} onValue={(id) => update(index, { id })} required />
                <TextField label="Title" path={`steps.${index}.title`} value={step.title} onValue={(title) => update(index, { title })} required />
              </div>
              <TextField
                label="Body (Markdown)"
                path={`steps.${index}.body`}
                multiline
                rows={3}
                value={step.body}
                onValue={(body) => update(index, { body })}
              />
              <MarkdownPreview appId={appId} markdown={step.body} kind="tour" label={`step ${index + 1} body`} />
              <div class="grid-2">
                <div>
                  <TextField
                    label="Target (CSS selector)"
                    path={`steps.${index}.target`}
                    value={step.target}
                    onValue={(target) => update(index, { target })}
                    placeholder="#new-project"
                    hint="Leave empty for a centred dialog."
                  />
                  {canWrite && pickUrl(step) !== null && (
                    <PickTarget
                      appId={appId}
                      stepNumber={index + 1}
                      path={`pick.${step.key}`}
                      defaultUrl={pickUrl(step)!}
                      onPicked={(target) => setTarget(step.key, target)}
                    />
                  )}
                </div>
                <SelectField
                  label="Placement"
                  path={`steps.${index}.placement`}
                  value={step.placement}
                  onValue={(placement) => update(index, { placement })}
                  options={PLACEMENTS}
                />
                <SelectField
                  label="Go on with"
                  path={`steps.${index}.advance_on`}
                  value={step.advance_on}
                  onValue={(v) => update(index, { advance_on: v as StepDraft['advance_on'] })}
                  options={ADVANCE}
                />
                <TextField
                  label="Page (path glob)"
                  path={`steps.${index}.url`}
                  value={step.url}
                  onValue={(url) => update(index, { url })}
                  placeholder="/app/settings"
                  hint="Only for a step on another page than the tour's start."
                />
              </div>
              {canWrite && (
                <div class="row-actions">
                  <button type="button" class="secondary" disabled={index === 0} onClick={() => move(index, -1)}>
                    Move step {index + 1} up
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    disabled={index === steps.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    Move step {index + 1} down
                  </button>
                  <button
                    type="button"
                    class="danger"
                    disabled={steps.length === 1}
                    onClick={() => onChange(steps.filter((_, i) => i !== index))}
                  >
                    Remove step {index + 1}
                  </button>
                </div>
              )}
            </fieldset>
          </li>
        ))}
      </ol>
      {canWrite && (
        <button type="button" class="secondary" onClick={() => onChange([...steps, newStep(steps)])}>
          Add a step
        </button>
      )}
      <Notice text={moved} />
    </section>
  );
}
