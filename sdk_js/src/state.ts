/** Runtime state of the SDK behind getState/setState (one place, explicit). */
import { EN } from './i18n';
import type { Bootstrap, Strings, User } from './types';

export interface Config {
  key_: string;
  server_: string;
  locale_?: string;
  targetTimeout_: number;
}

export interface State {
  config_?: Config;
  user_?: User;
  /** The company `Waypost('group', …)` put the user in (the server remembers it across devices). */
  group_?: { id: string; traits?: Record<string, unknown> };
  boot_?: Bootstrap;
  optedOut_: boolean;
  dir_: 'ltr' | 'rtl';
  /** The UI's language: bootstrap's answer, else what the host asked for. */
  locale_?: string;
  strings_: Strings;
}

let state: State = { optedOut_: false, dir_: 'ltr', strings_: EN };

export const getState = (): State => state;

export const setState = (patch: Partial<State>): void => {
  state = { ...state, ...patch };
};
