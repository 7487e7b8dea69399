/** Logging in: email and password for a bearer token kept for this tab only. */
import { useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { api, setToken } from '../api';
import { ErrorAlert } from '../ui/feedback';
import { FormScope, TextField, fieldErrorsOf } from '../ui/form';
import { usePageTitle } from '../ui/page_title';
import { useAction } from '../ui/use_action';

export function LoginPage() {
  usePageTitle('Log in');
  const [, navigate] = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();

  async function submit(e: Event) {
    e.preventDefault();
    const answer = await action.run(() =>
      api.post<{ access_token: string }>('/auth/login', { email: email.trim(), password }),
    );
    if (answer) {
      setToken(answer.access_token);
      navigate('/', { replace: true });
    }
  }

  return (
    <main id="main" class="login">
      <h1>Waypost admin</h1>
      <form onSubmit={submit} noValidate aria-labelledby="login-heading">
        <h2 id="login-heading">Log in</h2>
        <ErrorAlert error={action.error} />
        <FormScope errors={fieldErrorsOf(action.error)}>
          <TextField label="Email" path="email" type="email" value={email} onValue={setEmail} autoComplete="username" required />
          <TextField
            label="Password"
            path="password"
            type="password"
            value={password}
            onValue={setPassword}
            autoComplete="current-password"
            required
          />
        </FormScope>
        <button type="submit" disabled={action.busy}>
          {action.busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
