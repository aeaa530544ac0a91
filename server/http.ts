import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Services } from '../lib/services';
import { BUILD_PARAM, COLLAB_PATH, CloseCode, isOlderBuild } from '../lib/collab/protocol';
import type { DocumentRegistry } from './sync/DocumentRegistry';
import { authorizeUpgrade, refuseUpgrade } from './upgrade';
import { serveMetrics, serveReadiness, type ReadinessReport } from './ops';
import { CLIENT_IP_HEADER } from '../lib/auth/throttledSignIn';
import { applySecurityHeaders, type SecurityHeaderOptions } from './securityHeaders';

function destroyOnError(this: Duplex): void {
  this.destroy();
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface HttpOptions {
  port: number;
  host: string;
  maxMessageBytes: number;
  /** /readyz: store (and Redis) reachable. */
  readiness: () => Promise<ReadinessReport>;
  /** /metrics behind this bearer token; without a token /metrics answers 404. */
  metricsToken?: string;
  renderMetrics: () => Promise<{ contentType: string; body: string }>;
  securityHeaders: SecurityHeaderOptions;
  /** Behind a reverse proxy: take the client address from the last X-Forwarded-For entry. */
  trustProxy?: boolean;
  /** The build serving the pages; pages of an older build are asked to reload. */
  buildId?: string | null;
}



/**
 * One port for everything: plain HTTP goes to Next (once it is ready), `/collab/<docId>`
 * upgrades to the sync server, every other upgrade (HMR in dev) to Next's private emitter.
 */
export class HttpFront {
  readonly server: Server;
  /** Next attaches its own upgrade listener here instead of on the real server. */
  readonly nextUpgrades = new EventEmitter();
  private readonly wss: WebSocketServer;
  private handler: RequestHandler | null = null;

  constructor(
    private readonly services: () => Services,
    private readonly registry: DocumentRegistry,
    private readonly opts: HttpOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxMessageBytes, perMessageDeflate: false });
    this.server = createServer((req, res) => this.request(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith(COLLAB_PATH + '/')) {
        this.nextUpgrades.emit('upgrade', req, socket, head);
        return;
      }
      // A module-level listener: a closure here would share this scope's context, and with it
      // keep the upgrade request and its URL alive for as long as the socket lives.
      socket.on('error', destroyOnError);
      authorizeUpgrade(this.services(), req, url).then(
        (decision) => {
          if (!decision.ok) {
            this.services().logger.info({ path: url.pathname, status: decision.status, reason: decision.message }, 'collaboration upgrade refused');
            refuseUpgrade(socket, decision.status, decision.message);
            return;
          }
          const pageBuild = url.searchParams.get(BUILD_PARAM);
          const outdated = pageBuild !== null && !!this.opts.buildId && isOlderBuild(pageBuild, this.opts.buildId);
          this.wss.handleUpgrade(req, socket, head, (ws) => {
            // Accepted and closed with a code of its own: a refused upgrade would only make the
            // page retry; this one stops it and says why.
            if (outdated) ws.close(CloseCode.Outdated, 'page outdated');
            else this.registry.connect(ws, socket, decision.docId, decision.principal.user.id, decision.role);
          });
        },
        (err) => {
          this.services().logger.error({ err }, 'upgrade authorisation failed');
          refuseUpgrade(socket, 500, 'internal error');
        },
      );
    });
  }

  setHandler(handler: RequestHandler): void {
    this.handler = handler;
  }

  private request(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    applySecurityHeaders(req, res, this.opts.securityHeaders);
    req.headers[CLIENT_IP_HEADER] = clientAddress(req, this.opts.trustProxy ?? false);
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (path === '/readyz' || path === '/metrics') {
      const served = path === '/readyz'
        ? serveReadiness(res, this.opts.readiness())
        : serveMetrics(req, res, this.opts.metricsToken, this.opts.renderMetrics);
      served.catch((err) => {
        this.services().logger.error({ err, url: path }, 'operations endpoint failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
      return;
    }
    if (!this.handler) {
      res.writeHead(path.startsWith('/api/') ? 404 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'unavailable', message: 'The web application is not mounted' } }));
      return;
    }
    this.handler(req, res).catch((err) => {
      this.services().logger.error({ err, url: req.url }, 'request failed');
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/** The proxy appends the address it saw last; earlier entries are whatever the client claimed. */
function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (trustProxy && forwarded) {
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded).split(',').pop()?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}
