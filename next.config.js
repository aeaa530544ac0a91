import { randomBytes } from 'node:crypto';
import process from 'node:process';
import createNextIntlPlugin from 'next-intl/plugin';

// One id per build, as `.next/BUILD_ID` (the server reads it) and inlined into the pages: a page
// built before the server was upgraded is asked to reload (lib/collab/protocol.ts, BUILD_PARAM).
// server/build.ts sets it; a plain `next build` makes one here, before its workers start.
process.env.WERKRAUM_BUILD_ID ??= `${Date.now()}-${randomBytes(6).toString('hex')}`;
const buildId = process.env.WERKRAUM_BUILD_ID;

const withNextIntl = createNextIntlPlugin('./app/_i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The custom server (server/main.ts) and Next's server code share one process:
  // these must resolve to the same module instances, not bundled copies.
  serverExternalPackages: ['better-sqlite3', 'ws', '@y/websocket-server', 'yjs', 'y-protocols', 'y-websocket', 'lib0', 'pino', '@node-rs/argon2', 'pdfmake', 'pdfkit', 'fontkit', 'pg', 'ioredis', 'prom-client'],
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run typecheck` (tsc --noEmit over the whole project) is the one type check; it runs in
  // `npm test`. Skipping Next's second pass halves the build that `npm start` runs on first start.
  typescript: { ignoreBuildErrors: true },
  generateBuildId: async () => buildId,
  env: { WERKRAUM_BUILD_ID: buildId },
};

export default withNextIntl(nextConfig);
