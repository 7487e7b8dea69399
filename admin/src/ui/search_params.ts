/** The page's query string, decoded exactly (wouter's useSearch re-renders on change, but pre-decodes). */
import { useSearch } from 'wouter-preact';

export function useSearchParams(): URLSearchParams {
  useSearch();
  return new URLSearchParams(window.location.search);
}
