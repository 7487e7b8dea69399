/**
 * A button for an action that can't be undone: it asks once more, in the page, before acting.
 * Focus goes to the question (so it is read out, and a second Enter does not confirm by accident),
 * Escape or Cancel puts it back on the button.
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';

interface Props {
  label: string;
  question: string;
  confirmLabel: string;
  disabled?: boolean;
  onConfirm: () => void;
}

export function ConfirmButton({ label, question, confirmLabel, disabled, onConfirm }: Props) {
  const [asking, setAsking] = useState(false);
  const moved = useRef(false);
  const group = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const questionId = useId();

  useEffect(() => {
    if (!moved.current) return;
    (asking ? group : trigger).current?.focus();
  }, [asking]);

  const ask = (value: boolean) => {
    moved.current = true;
    setAsking(value);
  };

  if (!asking) {
    return (
      <button type="button" class="danger" disabled={disabled} onClick={() => ask(true)} ref={trigger}>
        {label}
      </button>
    );
  }
  return (
    <div
      class="confirm"
      role="group"
      aria-label={label}
      aria-describedby={questionId}
      tabIndex={-1}
      ref={group}
      onKeyDown={(e) => e.key === 'Escape' && ask(false)}
    >
      <p id={questionId}>{question}</p>
      <button
        type="button"
        class="danger"
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>{' '}
      <button type="button" class="secondary" onClick={() => ask(false)}>
        Cancel
      </button>
    </div>
  );
}
