/** Who is logged in and what their role lets the UI offer (the API enforces the same rules). */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me } from './types';

export interface Session {
  me: Me;
  canWrite: boolean;
  isOwner: boolean;
  logout: () => void;
}

export const SessionContext = createContext<Session | null>(null);

export function sessionFor(me: Me, logout: () => void): Session {
  return { me, canWrite: me.role === 'owner' || me.role === 'editor', isOwner: me.role === 'owner', logout };
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionContext');
  return session;
}
