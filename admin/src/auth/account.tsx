/** Your own account: change your password, revoke your API tokens. */
import { useState } from 'preact/hooks';
import { api, setToken } from '../api';
import { useSession } from '../session';
import { ErrorAlert, Notice } from '../ui/feedback';
import { FormScope, TextField, fieldErrorsOf } from '../ui/form';
import { usePageTitle } from '../ui/page_title';
import { TokenList } from '../ui/token_list';
import { useAction } from '../ui/use_action';

export function AccountPage() {
  usePageTitle('Your account');
  const { me } = useSession();
  return (
    <section>
      <h1>Your account</h1>
      <p>
        {me.email}, {me.role}.
      </p>
      <ChangePasswordForm />
      <section class="card" aria-labelledby="my-tokens-heading">
        <h2 id="my-tokens-heading">Your API tokens</h2>
        <TokenList path="/tokens" caption="Your API tokens" />
      </section>
    </section>
  );
}

function ChangePasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const action = useAction();

  async function submit(e: Event) {
    e.preventDefault();
    const answer = await action.run(
      () => api.post<{ access_token: string }>('/me/password', { current_password: current, new_password: next }),
      'Password changed. Your other sessions are logged out.',
    );
    if (answer) {
      // every token issued before is void now, this tab's too: keep the one the answer holds
      setToken(answer.access_token);
      setCurrent('');
      setNext('');
    }
  }

  return (
    <form onSubmit={submit} noValidate class="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <ErrorAlert error={action.error} />
      <FormScope errors={fieldErrorsOf(action.error)}>
        <TextField
          label="Current password"
          path="current_password"
          type="password"
          value={current}
          onValue={setCurrent}
          autoComplete="current-password"
          required
        />
        <TextField
          label="New password"
          path="new_password"
          type="password"
          value={next}
          onValue={setNext}
          autoComplete="new-password"
          hint="At least 8 characters."
          required
        />
      </FormScope>
      <button type="submit" disabled={action.busy}>
        Change password
      </button>
      <Notice text={action.notice} />
    </form>
  );
}
