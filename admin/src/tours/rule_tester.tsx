/** The tour's page rule and a "does this URL match?" tester using the server's semantics. */
import { useEffect, useState } from 'preact/hooks';
import { SelectField, TextField } from '../ui/form';
import type { MatchKind } from './draft';
import { pathOf, ruleMatches } from './url_rule';

interface Props {
  kind: MatchKind;
  pattern: string;
  onChange: (kind: MatchKind, pattern: string) => void;
}

const KINDS: [string, string][] = [
  ['any', 'Every page'],
  ['url', 'Path glob (like /app/projects*)'],
  ['regex', 'Regular expression on the path'],
];

export function RuleEditor({ kind, pattern, onChange }: Props) {
  const [sample, setSample] = useState('');
  const [result, setResult] = useState<boolean | string | null>(null);
  useEffect(() => {
    if (!sample.trim()) return setResult(null);
    let current = true;
    // Asked as the person pauses typing; only the latest question's answer is shown.
    const timer = setTimeout(() => {
      ruleMatches(kind === 'any' ? null : { [kind]: pattern }, sample).then((answer) => current && setResult(answer));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [kind, pattern, sample]);
  return (
    <fieldset class="rule">
      <legend>Where the tour runs</legend>
      <div class="grid-2">
        <SelectField label="Page rule" path="match" value={kind} onValue={(k) => onChange(k as MatchKind, pattern)} options={KINDS} />
        {kind !== 'any' && (
          <TextField
            label={kind === 'url' ? 'Path glob' : 'Path regex'}
            path={`match.${kind}`}
            value={pattern}
            onValue={(p) => onChange(kind, p)}
            hint={kind === 'url' ? '* matches anything (also /), ? one character; matched against the whole path.' : 'Matched anywhere in the path, as JavaScript runs it.'}
          />
        )}
      </div>
      <div class="tester">
        <label for="rule-sample">Does this URL match?</label>
        <input id="rule-sample" value={sample} placeholder="https://app.example.com/app/projects?tab=1" onInput={(e) => setSample(e.currentTarget.value)} />
        <p class={`tester-result ${result === true ? 'yes' : result === null ? '' : 'no'}`} role="status" aria-live="polite">
          {result === null
            ? ''
            : typeof result === 'string'
              ? result
              : `${pathOf(sample)} ${result ? 'matches' : 'does not match'}.`}
        </p>
      </div>
    </fieldset>
  );
}
