/** An error meant for the caller: route handlers turn it into `{ error: { code, message } }` with `status`. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const unauthorized = () => new AppError(401, 'unauthorized', 'Authentication required');
export const forbidden = (msg = 'You do not have access to this resource') => new AppError(403, 'forbidden', msg);
export const notFound = (what = 'Resource') => new AppError(404, 'not_found', `${what} not found`);
export const badRequest = (msg: string) => new AppError(400, 'bad_request', msg);
export const conflict = (msg: string) => new AppError(409, 'conflict', msg);
