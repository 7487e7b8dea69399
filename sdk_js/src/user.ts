/** The end user: who they are (the host's id, or an anonymous one kept here) and their opt-out. */
import { putOptOut } from './api';
import { getState, setState } from './state';
import type { User } from './types';
import { debug, load, save, uuid } from './util';

function anonymousId(): string {
  let id = load('anon', '');
  if (!/^anon-/.test(id)) save('anon', (id = `anon-${uuid()}`));
  return id;
}

/** A User from what the host passed; without an id the user is anonymous (`anon-<uuid>`, kept). */
export function toUser(u?: Partial<User> | null): User {
  const id = u?.id;
  return {
    id: id || (id as unknown) === 0 ? String(id).slice(0, 255) : anonymousId(),
    token: u?.token ? String(u.token) : undefined,
    traits: u?.traits && typeof u.traits === 'object' ? u.traits : undefined,
  };
}

/** Records the choice here at once and tells the server (PUT …/opt-out). */
export async function setOptOut(optedOut: boolean, tourId?: string): Promise<void> {
  setState({ optedOut_: optedOut });
  const r = await putOptOut(optedOut, tourId);
  if (r.status >= 300) debug('opt-out', r.status, r.data);
}

export const optedOut = (): boolean => getState().optedOut_;
