/** Admin accounts and their roles (owners only; others see the API's refusal). */
import { useState } from 'preact/hooks';
import { api } from '../api';
import { useSession } from '../session';
import type { AdminAccount } from '../types';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { FormScope, SelectField, TextField, fieldErrorsOf } from '../ui/form';
import { when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';

const ROLES: [string, string][] = [
  ['viewer', 'Viewer: reads everything'],
  ['editor', 'Editor: tours and knowledge base'],
  ['owner', 'Owner: everything, apps and team'],
];

export function TeamPage() {
  usePageTitle('Team');
  const { isOwner } = useSession();
  const accounts = useResource<AdminAccount[]>('/users');
  return (
    <section>
      <h1>Team</h1>
      <ErrorAlert error={accounts.error} />
      {accounts.loading && <Loading />}
      {accounts.data && (
        <table>
          <caption class="visually-hidden">Admin accounts</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {accounts.data.map((a) => (
              <tr key={a.id}>
                <td>{a.email}</td>
                <td>{a.role}</td>
                <td>{when(a.created_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isOwner && accounts.data && <NewAccountForm onCreated={accounts.reload} />}
    </section>
  );
}

function NewAccountForm({ onCreated }: { onCreated: () => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('viewer');
  const [password, setPassword] = useState('');
  const action = useAction();

  async function submit(e: Event) {
    e.preventDefault();
    const created = await action.run(() => api.post('/users', { email: email.trim(), role, password }), `${email} can log in now.`);
    if (created) {
      setEmail('');
      setPassword('');
      onCreated();
    }
  }

  return (
    <form onSubmit={submit} noValidate class="card" aria-labelledby="new-account-heading">
      <h2 id="new-account-heading">New account</h2>
      <ErrorAlert error={action.error} />
      <FormScope errors={fieldErrorsOf(action.error)}>
        <TextField label="Email" path="email" type="email" value={email} onValue={setEmail} required />
        <SelectField label="Role" path="role" value={role} onValue={setRole} options={ROLES} />
        <TextField
          label="Password"
          path="password"
          type="password"
          value={password}
          onValue={setPassword}
          autoComplete="new-password"
          hint="At least 8 characters; tell it to them in person."
          required
        />
      </FormScope>
      <button type="submit" disabled={action.busy}>
        Create account
      </button>
      <Notice text={action.notice} />
    </form>
  );
}
