import { ZodError, type ZodType } from 'zod';
import { AppError, forbidden, unauthorized } from '@/lib/errors';
import { bearerToken, principalFromApiToken, type Principal } from '@/lib/auth/principal';
import { getServices, type Services } from '@/lib/services';
import { currentPrincipal } from './session';

type Params = Record<string, string>;

interface Ctx<P extends Params> {
  req: Request;
  principal: Principal;
  params: P;
  services: Services;
}

export function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) return json({ error: { code: err.code, message: err.message } }, err.status);
  if (err instanceof ZodError) {
    const message = err.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    return json({ error: { code: 'invalid_input', message } }, 400);
  }
  getServices().logger.error({ err }, 'unhandled API error');
  return json({ error: { code: 'internal', message: 'Internal server error' } }, 500);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates an API request (Bearer token, or the session cookie from our own pages) and maps
 * errors to JSON. Cookie-authenticated writes must come from our own origin (CSRF).
 */
async function authenticate(req: Request, services: Services): Promise<Principal> {
  const token = bearerToken(req.headers.get('authorization'));
  if (token) {
    const p = await principalFromApiToken(services.store, token);
    if (!p) throw unauthorized();
    return p;
  }
  const p = await currentPrincipal();
  if (!p) throw unauthorized();
  if (!SAFE_METHODS.has(req.method)) {
    const origin = req.headers.get('origin');
    const host = req.headers.get('host');
    if (origin && new URL(origin).host !== host && new URL(origin).origin !== new URL(services.publicUrl).origin) {
      throw forbidden('Cross-origin request refused');
    }
  }
  return p;
}

export function route<P extends Params = Params>(handler: (ctx: Ctx<P>) => Promise<Response>) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const services = getServices();
      const principal = await authenticate(req, services);
      return await handler({ req, principal, params: await context.params, services });
    } catch (err) {
      return errorResponse(err);
    }
  };
}

export function adminRoute<P extends Params = Params>(handler: (ctx: Ctx<P>) => Promise<Response>) {
  return route<P>(async (ctx) => {
    if (!ctx.principal.user.isAdmin) throw forbidden('Administrators only');
    return handler(ctx);
  });
}

export async function parseBody<T>(req: Request, schema: ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new AppError(400, 'invalid_json', 'The request body must be JSON');
  }
  return schema.parse(body);
}
