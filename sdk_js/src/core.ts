/** Entry of the core chunk (dist/m/core-<hash>.js, which dist/waypost.js imports): installs `window.Waypost`, the
 * only global. Tours and the help widget are chunks of their own that it imports when a page needs them. */
import { Waypost } from './index';
import { install } from './loader';
import { debug } from './util';

try {
  install(window as unknown as Parameters<typeof install>[0], Waypost);
} catch (e) {
  debug(e);
}
