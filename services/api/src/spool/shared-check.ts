/**
 * A check run at most once per `cacheMs`, however often it is asked (a public endpoint may be
 * asked without end): callers at the same time share one run, and later ones get its answer until
 * it is `cacheMs` old. `onChange` hears each answer that differs from the one before it, so what
 * a change means is told once, not on every call.
 */
export function sharedCheck<T>(
  check: () => Promise<T>,
  options: { cacheMs: number; initial: T; onChange(current: T): void },
): () => Promise<T> {
  let running: Promise<T> | undefined;
  let answer: { value: T; at: number } | undefined;
  let last = options.initial;
  return () => {
    if (answer && performance.now() - answer.at < options.cacheMs) {
      return Promise.resolve(answer.value);
    }
    running ??= check()
      .then((value) => {
        answer = { value, at: performance.now() };
        if (value !== last) {
          last = value;
          options.onChange(value);
        }
        return value;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
}
