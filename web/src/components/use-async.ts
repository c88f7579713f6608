import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Loads again without showing it (a poll): the data is replaced when the answer arrives. */
  refresh: () => void;
}

/**
 * Loads `load()` now and whenever `load` changes (wrap it in useCallback with its inputs); keeps the
 * last data while reloading so tables do not flicker. An answer that arrives after a newer request is dropped.
 */
export function useAsync<T>(load: () => Promise<T>): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const quiet = useRef(false);
  // A new request whenever the loader changes or reload() is called.
  const request = useMemo(() => ({ load, generation }), [load, generation]);

  useEffect(() => {
    let current = true;
    if (!quiet.current) setLoading(true);
    quiet.current = false;
    request.load().then(
      (value) => {
        if (!current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (caught: unknown) => {
        if (!current) return;
        setError(caught);
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [request]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  const refresh = useCallback(() => {
    quiet.current = true;
    setGeneration((value) => value + 1);
  }, []);
  return { data, error, loading, reload, refresh };
}
