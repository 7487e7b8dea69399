/** A list of API tokens with a revoke button each: one's own (/tokens) or, for owners, anyone's. */
import { api } from '../api';
import type { ApiToken } from '../types';
import { ConfirmButton } from './confirm';
import { ErrorAlert, Loading, Notice } from './feedback';
import { when } from './format';
import { useAction } from './use_action';
import { useResource } from './use_resource';

export function TokenList({ path, caption }: { path: string; caption: string }) {
  const tokens = useResource<ApiToken[]>(path);
  const action = useAction();

  async function revoke(token: ApiToken) {
    const done = await action.run(async () => {
      await api.del(`${path}/${token.id}`);
      return true;
    }, `Token ${token.name} revoked.`);
    if (done) tokens.reload();
  }

  return (
    <>
      <ErrorAlert error={tokens.error || action.error} />
      {tokens.loading && <Loading />}
      {tokens.data && tokens.data.length === 0 && <p>No API tokens.</p>}
      {tokens.data && tokens.data.length > 0 && (
        <div class="table-scroll" role="region" aria-label={caption} tabIndex={0}>
          <table class="long-words">
            <caption class="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Starts with</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.last_used_at ? when(t.last_used_at) : 'never'}</td>
                  <td>
                    {t.revoked_at ? (
                      `Revoked ${when(t.revoked_at)}`
                    ) : (
                      <ConfirmButton
                        label={`Revoke ${t.name}`}
                        question={`Revoke the token ${t.name}? Scripts using it stop working at once.`}
                        confirmLabel="Revoke it"
                        disabled={action.busy}
                        onConfirm={() => revoke(t)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Notice text={action.notice} />
    </>
  );
}
