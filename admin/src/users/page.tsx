/** Finding an end user by id; with `?user=ID` in the address, that user's timeline. */
import { useEffect, useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import type { EndUser } from '../types';
import { ErrorAlert, Loading } from '../ui/feedback';
import { when } from '../ui/format';
import { usePageTitle } from '../ui/page_title';
import { useSearchParams } from '../ui/search_params';
import { useResource } from '../ui/use_resource';
import { TimelineView } from './timeline';

export const userHref = (appId: number, userId: string) => `/apps/${appId}/users?user=${encodeURIComponent(userId)}`;

export function UsersPage({ appId }: { appId: number }) {
  const userId = useSearchParams().get('user');
  return userId ? <TimelineView appId={appId} userId={userId} /> : <UserSearch appId={appId} />;
}

function UserSearch({ appId }: { appId: number }) {
  usePageTitle('Users');
  const [text, setText] = useState('');
  const [prefix, setPrefix] = useState('');
  const users = useResource<EndUser[]>(`/apps/${appId}/end-users`, { q: prefix });
  const [, navigate] = useLocation();
  // An exact id opens that user's timeline; a prefix lists whose ids start with it.
  useEffect(() => {
    if (prefix && users.data?.some((u) => u.id === prefix)) navigate(userHref(appId, prefix));
  }, [users.data]);

  return (
    <section>
      <h1>Users</h1>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setPrefix(text.trim());
        }}
      >
        <label for="user-search">User id starts with</label>
        <input id="user-search" value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="submit">Find</button>
      </form>
      <ErrorAlert error={users.error} />
      {users.loading && <Loading />}
      {users.data && users.data.length === 0 && <p>No user's id starts with “{prefix}”.</p>}
      {users.data && users.data.length > 0 && (
        <table>
          <caption>{prefix ? `Users whose id starts with “${prefix}”` : 'Recently seen users'}</caption>
          <thead>
            <tr>
              <th scope="col">User id</th>
              <th scope="col">First seen</th>
              <th scope="col">Last seen</th>
              <th scope="col">Opted out</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  <Link href={userHref(appId, u.id)}>{u.id}</Link>
                </th>
                <td>{when(u.first_seen_at)}</td>
                <td>{when(u.last_seen_at)}</td>
                <td>{u.opted_out_at ? when(u.opted_out_at) : 'No'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
