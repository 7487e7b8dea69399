/**
 * Page rules as the server runs them: the server answers the regular expression it matches a rule with
 * (GET /page-rules), so the tester has no matcher of its own. A glob's must match the whole path, a regex's
 * anywhere in it; JavaScript's RegExp reads both as the server does.
 */
import { api, ApiError } from '../api';
import type { UrlRule } from '../types';

interface CompiledRule {
  source: string;
  whole_path: boolean;
}

/** The path of what a person types: a full URL or a path, with query and fragment dropped. */
export function pathOf(url: string): string {
  try {
    return new URL(url.trim() || '/', 'http://host.invalid').pathname || '/';
  } catch {
    return url;
  }
}

const firstProblem = (err: ApiError): string => {
  const messages = Object.values(err.fields).flat();
  return typeof messages[0] === 'string' ? messages[0] : err.message;
};

/** true/false, or why the rule can't be tested (the server's reason). */
export async function ruleMatches(rule: UrlRule | null, url: string): Promise<boolean | string> {
  if (!rule) return true;
  try {
    const { source } = await api.get<CompiledRule>('/page-rules', { ...rule });
    return new RegExp(source).test(pathOf(url));
  } catch (err) {
    return err instanceof ApiError ? firstProblem(err) : (err as Error).message;
  }
}
