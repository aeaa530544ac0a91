// Starts the sync server (no Next.js) in its own process, for crash tests; prints {"port":N}.
import { parseConfig } from '../../lib/config';
import { startApp } from '../../server/startApp';

const app = await startApp({ config: parseConfig(process.env), next: false });
process.stdout.write(JSON.stringify({ port: app.port }) + '\n');
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
