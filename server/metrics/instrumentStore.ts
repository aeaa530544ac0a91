import type { Store } from '../../lib/store/types';

/**
 * Wraps a store so that every asynchronous call reports its duration and outcome, without
 * the adapters knowing about metrics.
 */
export function instrumentStore(store: Store, observe: (operation: string, seconds: number, ok: boolean) => void): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const result: unknown = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.then(
          (v: unknown) => {
            observe(prop, (performance.now() - started) / 1000, true);
            return v;
          },
          (err: unknown) => {
            observe(prop, (performance.now() - started) / 1000, false);
            throw err;
          },
        );
      };
    },
  });
}
