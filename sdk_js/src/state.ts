/** Runtime state of the SDK behind getState/setState/resetState (one place, explicit). */
import { EN } from './i18n';
import type { Bootstrap, Strings, User } from './types';

export interface Config {
  key: string;
  server: string;
  locale?: string;
  targetTimeout: number;
}

export interface State {
  config?: Config;
  user?: User;
  boot?: Bootstrap;
  optedOut: boolean;
  dir: 'ltr' | 'rtl';
  locale?: string;
  strings: Strings;
}

const initial = (): State => ({ optedOut: false, dir: 'ltr', strings: EN });

let state: State = initial();

export const getState = (): State => state;

export const setState = (patch: Partial<State>): void => {
  state = { ...state, ...patch };
};

export const resetState = (): void => {
  state = initial();
};
