/** Admin accounts and their roles; owners disable, enable and delete them (others see the API's refusal). */
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api } from '../api';
import { useSession } from '../session';
import type { AdminAccount } from '../types';
import { ConfirmButton } from '../ui/confirm';
import { ErrorAlert, Loading, Notice } from '../ui/feedback';
import { FormScope, SelectField, TextField, fieldErrorsOf } from '../ui/form';
import { when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { TokenList } from '../ui/token_list';
import { useAction } from '../ui/use_action';
import { useResource } from '../ui/use_resource';

const ROLES: [string, string][] = [
  ['viewer', 'Viewer: reads everything'],
  ['editor', 'Editor: tours and knowledge base'],
  ['owner', 'Owner: everything, apps and team'],
];

export function TeamPage() {
  usePageTitle('Team');
  const { isOwner, me } = useSession();
  const accounts = useResource<AdminAccount[]>('/users');
  const action = useAction();

  async function change(account: AdminAccount, what: 'disable' | 'enable' | 'delete') {
    const done = await action.run(async () => {
      if (what === 'delete') await api.del(`/users/${account.id}`);
      else await api.patch(`/users/${account.id}`, { disabled: what === 'disable' });
      return true;
    }, `${account.email} ${what === 'delete' ? 'deleted' : `${what}d`}.`);
    if (done) accounts.reload();
  }

  return (
    <section>
      <h1>Team</h1>
      <ErrorAlert error={accounts.error || action.error} />
      <Notice text={action.notice} />
      {accounts.loading && <Loading />}
      {accounts.data && (
        <div class="table-scroll" role="region" aria-label="Admin accounts" tabIndex={0}>
          <table class="team">
            <caption class="visually-hidden">Admin accounts</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Since</th>
                <th scope="col">State</th>
                {isOwner && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {accounts.data.map((a) => (
                <tr key={a.id}>
                  <td>{a.email}</td>
                  <td>{a.role}</td>
                  <td>{when(a.created_at)}</td>
                  <td>{a.disabled_at ? `Disabled ${when(a.disabled_at)}` : 'Active'}</td>
                  {isOwner && (
                    <td>
                      <div class="actions">
                        <Link href={`/team/${a.id}/tokens`} aria-label={`API tokens of ${a.email}`}>
                          API tokens
                        </Link>
                        {a.id === me.id ? (
                          ' (you)'
                        ) : (
                          <>
                            {a.disabled_at ? (
                              <button type="button" class="secondary" disabled={action.busy} onClick={() => change(a, 'enable')}>
                                Enable {a.email}
                              </button>
                            ) : (
                              <ConfirmButton
                                label={`Disable ${a.email}`}
                                question={`Disable ${a.email}? They are logged out at once and cannot log in; their API tokens stop working until the account is enabled again.`}
                                confirmLabel="Disable it"
                                disabled={action.busy}
                                onConfirm={() => change(a, 'disable')}
                              />
                            )}
                            <ConfirmButton
                              label={`Delete ${a.email}`}
                              question={`Delete ${a.email} and their API tokens? This cannot be undone; the audit log keeps their email.`}
                              confirmLabel="Delete it"
                              disabled={action.busy}
                              onConfirm={() => change(a, 'delete')}
                            />
                          </>
                        )}
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
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

/** An account's API tokens, for an owner to revoke. */
export function TeamTokensPage({ userId }: { userId: number }) {
  const accounts = useResource<AdminAccount[]>('/users');
  const account = accounts.data?.find((a) => a.id === userId);
  const title = account ? `API tokens of ${account.email}` : 'API tokens';
  usePageTitle(title);
  return (
    <section>
      <h1 class="long-words">{title}</h1>
      <p>
        <Link href="/team">Back to the team</Link>
      </p>
      <ErrorAlert error={accounts.error} />
      <TokenList path={`/users/${userId}/tokens`} caption={title} />
    </section>
  );
}
