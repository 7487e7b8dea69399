/**
 * A tour's changes as a labelled list: each old value struck through in <del>, each new one in
 * <ins>, with "was"/"now" spoken to screen readers, so nothing depends on colour alone.
 */
import type { TourSpec, TourVersion } from '../types';
import { changeCount, diffTours, hasChanges, type Change, type StepChange, type TourChanges } from './changes';

/** The editor's draft, unsaved edits included, against the live version (or the newest one). */
export function DraftChanges({ draft, versions, live }: { draft: TourSpec; versions: TourVersion[]; live: number | null }) {
  const base = versions.find((v) => v.version === live) ?? versions[versions.length - 1];
  if (!base) return null;
  const changes = diffTours(base.spec, draft);
  const count = changeCount(changes);
  const what = base.version === live ? `the live version, v${base.version}` : `v${base.version}, the newest version (none is live)`;
  return (
    <details class="draft-changes">
      <summary>
        Compare the draft with {what}: {count === 0 ? 'no changes' : count === 1 ? '1 change' : `${count} changes`}
      </summary>
      {hasChanges(changes) ? (
        <>
          <p>Publishing this draft, unsaved edits included, would change:</p>
          <ChangesList changes={changes} label={`Draft compared with v${base.version}`} />
        </>
      ) : (
        <p>The draft is the same as v{base.version}.</p>
      )}
    </details>
  );
}

export function ChangesList({ changes, label }: { changes: TourChanges; label: string }) {
  return (
    <ul class="changes" aria-label={label}>
      {changes.tour.map((change) => (
        <ChangeItem change={change} key={change.label} />
      ))}
      {changes.order && (
        <li class="change">
          <span class="change-what">Step order</span>: <Values before={changes.order.before.join(', ')} after={changes.order.after.join(', ')} />
        </li>
      )}
      {changes.steps.map((step) => (
        <StepItem step={step} key={`${step.status}:${step.id}`} />
      ))}
    </ul>
  );
}

function StepItem({ step }: { step: StepChange }) {
  return (
    <li class={`step-change step-${step.status}`}>
      <span class="change-what">
        Step {step.position} <code>{step.id}</code> {step.status}
      </span>
      {step.changes.length > 0 && (
        <ul aria-label={`Step ${step.position} ${step.id}, ${step.status}`}>
          {step.changes.map((change) => (
            <ChangeItem change={change} key={change.label} />
          ))}
        </ul>
      )}
    </li>
  );
}

function ChangeItem({ change }: { change: Change }) {
  if (change.long) {
    return (
      <li class="change change-long">
        <span class="change-what">{change.label}</span>
        <div class="change-blocks">
          <div>
            <span class="change-tag">Before</span>
            <Value value={change.before} kind="before" block />
          </div>
          <div>
            <span class="change-tag">After</span>
            <Value value={change.after} kind="after" block />
          </div>
        </div>
      </li>
    );
  }
  return (
    <li class="change">
      <span class="change-what">{change.label}</span>: <Values before={change.before} after={change.after} />
    </li>
  );
}

function Values({ before, after }: { before: string | null; after: string | null }) {
  return (
    <>
      <span class="visually-hidden">was </span>
      <Value value={before} kind="before" />
      <span class="change-arrow" aria-hidden="true">
        {' → '}
      </span>
      <span class="visually-hidden">, now </span>
      <Value value={after} kind="after" />
    </>
  );
}

function Value({ value, kind, block = false }: { value: string | null; kind: 'before' | 'after'; block?: boolean }) {
  if (value === null) return <span class="change-none">none</span>;
  const cls = block ? 'change-block' : undefined;
  return kind === 'before' ? <del class={cls}>{value}</del> : <ins class={cls}>{value}</ins>;
}
