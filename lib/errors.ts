/**
 * Makes `instanceof` hold for errors of a class across copies of its module. The web routes run
 * from Next's build, while the store and the live documents they call come from the server's
 * own modules: an error thrown on one side was no instance of the other side's copy of its
 * class (a duplicate email answered 500 instead of 409). The mark is a registered symbol, the
 * same in every copy.
 */
export function errorBrand(name: string) {
  const key = Symbol.for(`werkraum.error.${name}`);
  return {
    mark(err: Error): void {
      Object.defineProperty(err, key, { value: true });
    },
    is(value: unknown): boolean {
      return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[key] === true;
    },
  };
}

const appError = errorBrand('AppError');

/** An error meant for the caller: route handlers turn it into `{ error: { code, message } }` with `status`. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
    appError.mark(this);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return appError.is(value);
  }
}

export const unauthorized = () => new AppError(401, 'unauthorized', 'Authentication required');
export const forbidden = (msg = 'You do not have access to this resource') => new AppError(403, 'forbidden', msg);
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found`);
export const badRequest = (msg: string) => new AppError(400, 'bad_request', msg);
export const conflict = (msg: string) => new AppError(409, 'conflict', msg);
