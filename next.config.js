import createNextIntlPlugin from 'next-intl/plugin';

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
};

export default withNextIntl(nextConfig);
