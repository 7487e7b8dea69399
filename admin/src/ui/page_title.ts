/** Names the page in the browser's title, which screen readers announce on navigation. */
import { useEffect } from 'preact/hooks';

export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Waypost admin`;
  }, [title]);
}
