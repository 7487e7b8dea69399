/**
 * The audience as rules: users who match all (or any) of a list of rules on a user trait, a company trait or how
 * often the user did an event; and how many known users that takes, counted by the server's own rule. Nested groups
 * (written in files or through the API) are shown as they are and kept.
 */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { ErrorAlert } from '../ui/feedback';
import { GroupErrors, SelectField, TextField } from '../ui/form';
import { audienceOf, newKey, type RulesDraft, type RuleRow, type Source } from './draft';

const TRAIT_OPS: [string, string][] = [
  ['equals', 'is'],
  ['not_equals', 'is not'],
  ['in', 'is one of'],
  ['not_in', 'is none of'],
  ['contains', 'contains'],
  ['starts_with', 'starts with'],
  ['gt', 'is more than'],
  ['gte', 'is at least'],
  ['lt', 'is less than'],
  ['lte', 'is at most'],
  ['before', 'is before (date)'],
  ['after', 'is after (date)'],
  ['within_last_days', 'is within the last … days'],
  ['is_set', 'is set'],
  ['not_set', 'is not set'],
];
const EVENT_OPS: [string, string][] = [
  ['at_least', 'at least … times'],
  ['fewer_than', 'fewer than … times'],
];
const SOURCES: [string, string][] = [
  ['trait', 'User trait'],
  ['company_trait', 'Company trait'],
  ['event', 'Event done'],
];

interface Props {
  appId: number;
  rules: RulesDraft;
  onChange: (rules: RulesDraft | null) => void;
  canWrite: boolean;
  /** Offer "Back to traits" (null), for tours, whose audience can also be plain trait lists. */
  traits?: boolean;
}

export function AudienceRules({ appId, rules, onChange, canWrite, traits = true }: Props) {
  const [preview, setPreview] = useState<{ matched: number; checked: number; known: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const update = (key: number, patch: Partial<RuleRow>) => {
    setPreview(null);
    onChange({ ...rules, rows: rules.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)) });
  };
  const count = async () => {
    setError(null);
    try {
      setPreview(await api.post(`/apps/${appId}/audience/preview`, { audience: audienceOf(rules) }));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="rules-builder">
      <SelectField
        label="Users who match"
        path="audience.kind"
        value={rules.kind}
        onValue={(kind) => onChange({ ...rules, kind: kind as 'all' | 'any' })}
        options={[
          ['all', 'all of these rules'],
          ['any', 'any of these rules'],
        ]}
      />
      <GroupErrors path={`audience.${rules.kind}`} />
      {rules.rows.map((r, index) => (
        <div class="grid-3 rule" key={r.key}>
          <SelectField label={`Rule ${index + 1}: on`} path={`audience.rule${index}.source`} value={r.source} onValue={(source) => update(r.key, { source: source as Source, op: source === 'event' ? 'at_least' : 'equals' })} options={SOURCES} />
          <TextField label={`Rule ${index + 1}: ${r.source === 'event' ? 'event' : 'name'}`} path={`audience.rule${index}.name`} value={r.name} onValue={(name) => update(r.key, { name })} />
          <SelectField label={`Rule ${index + 1}: condition`} path={`audience.rule${index}.op`} value={r.op} onValue={(op) => update(r.key, { op })} options={r.source === 'event' ? EVENT_OPS : TRAIT_OPS} />
          {r.op !== 'is_set' && r.op !== 'not_set' && (
            <TextField
              label={`Rule ${index + 1}: ${r.source === 'event' ? 'times' : r.op === 'within_last_days' ? 'days' : 'value'}`}
              path={`audience.rule${index}.value`}
              value={r.value}
              onValue={(value) => update(r.key, { value })}
              hint={r.op === 'in' || r.op === 'not_in' ? 'Comma-separated.' : undefined}
            />
          )}
          {r.source === 'event' && <TextField label={`Rule ${index + 1}: in the last … days`} path={`audience.rule${index}.days`} value={r.days} onValue={(days) => update(r.key, { days })} />}
          {canWrite && (
            <button type="button" class="danger" onClick={() => onChange({ ...rules, rows: rules.rows.filter((x) => x.key !== r.key) })}>
              Remove rule {index + 1}
            </button>
          )}
        </div>
      ))}
      <div class="actions">
        {canWrite && (
          <button type="button" class="secondary" onClick={() => onChange({ ...rules, rows: [...rules.rows, { key: newKey(), source: 'trait', name: '', op: 'equals', value: '', days: '' }] })}>
            Add a rule
          </button>
        )}
        <button type="button" class="secondary" onClick={count}>
          How many users match?
        </button>
        {canWrite && traits && (
          <button type="button" class="secondary" onClick={() => onChange(null)}>
            Back to traits
          </button>
        )}
      </div>
      <ErrorAlert error={error} />
      {preview && (
        <p role="status" data-preview>
          {preview.matched} of the {preview.checked} users seen most recently match ({preview.known} known in all).
        </p>
      )}
    </div>
  );
}
