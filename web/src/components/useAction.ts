import { useCallback, useRef, useState } from 'react';

export interface ActionState {
  busy: boolean;
  error: Error | null;
  /**
   * Runs `fn`, remembering its error (shown by the caller with ErrorAlert); undefined when it
   * failed — or when the action was still running: a second tap or Enter does nothing.
   */
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
}

/** A button's action: busy while it runs, its error kept (already localized by the server). */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const running = useRef(false);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
