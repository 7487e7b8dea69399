/** Entry of the IIFE build (dist/waypost.js): installs `window.Waypost`, the only global. */
import { Waypost } from './index';
import { install } from './loader';
import { debug } from './util';

try {
  install(window as unknown as Parameters<typeof install>[0], Waypost);
} catch (e) {
  debug(e);
}
