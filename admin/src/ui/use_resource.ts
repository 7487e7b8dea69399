/** Loads one API resource for a component, with its error, and reloads on demand. */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, request, withQuery } from '../api';

type Query = Parameters<typeof withQuery>[1];

export interface Resource<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

export function useResource<T>(path: string | null, query?: Query): Resource<T> {
  const key = path === null ? null : withQuery(path, query);
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: key !== null });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (key === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    request<T>('GET', key).then(
      (data) => current && setState({ data, loading: false }),
      (error: ApiError) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [key, generation]);

  return {
    ...state,
    reload: () => setGeneration((n) => n + 1),
    setData: (data: T) => setState({ data, loading: false }),
  };
}
