/**
 * The admin API client: the bearer token lives in sessionStorage (gone with the tab), every
 * error becomes an ApiError in the server's one shape, and a 401 sends the user back to login.
 */
import { navigate } from 'wouter-preact/use-browser-location';

const TOKEN_KEY = 'waypost.token';
export const BASE = '/admin';

export type FieldMessages = { [key: string]: string[] | FieldMessages };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldMessages = {},
  ) {
    super(message);
  }
}

export const getToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const setToken = (token: string): void => sessionStorage.setItem(TOKEN_KEY, token);
export const clearToken = (): void => sessionStorage.removeItem(TOKEN_KEY);

/** Logs out here at once and on the server (every access token of the account stops working); the request is
 * kept alive, so it is sent even when the page goes away right after. */
export function logoutOnServer(): void {
  const token = getToken();
  clearToken();
  if (!token) return;
  fetch('/api/v1/auth/logout', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    credentials: 'omit',
    keepalive: true,
  }).catch(() => undefined);
}

type Query = Record<string, string | number | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const { error } = await response.json();
    return new ApiError(response.status, error.code, error.message, error.fields || {});
  } catch {
    return new ApiError(response.status, 'http_error', `The server answered ${response.status}.`);
  }
}

/** One call to the admin API with the session's token; an answer that is not 2xx becomes an ApiError. */
async function call(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const token = getToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  const form = body instanceof FormData; // an upload: the browser writes its multipart type and boundary
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
      credentials: 'omit',
    });
  } catch {
    throw new ApiError(0, 'network_error', 'The server could not be reached.');
  }
  if (response.status === 401 && path !== '/auth/login') {
    clearToken();
    navigate(`${BASE}/login`, { replace: true });
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await call(method, path, body);
  return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
}

/** Saves what a GET answers (a CSV export) as a file named `filename`. */
export async function download(path: string, query: Query, filename: string): Promise<void> {
  const response = await call('GET', withQuery(path, query), undefined, 'text/csv');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: (path: string) => request<void>('DELETE', path),
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
};
