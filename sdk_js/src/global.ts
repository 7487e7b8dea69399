/**
 * dist/waypost.js, the script the snippet loads: it imports the core, an ES module chunk named by its content (so
 * cached for good), from the folder it was itself loaded from. The core takes over `window.Waypost` and replays
 * what the page queued meanwhile.
 */
declare const CORE: string; // the core chunk's file name, set by the build

const script = (document.currentScript || document.querySelector('script[src*="/waypost.js"]')) as HTMLScriptElement | null;
if (script) import(script.src.replace(/[^/]*$/, `m/${CORE}`)).catch(() => 0);
