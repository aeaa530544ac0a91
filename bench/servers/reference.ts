// Benchmark reference: @y/websocket-server's setupWSConnection (in memory, no auth, no persistence).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';
import { answerMemoryProbes } from './memoryProbe';

const docCount = Number(process.env.BENCH_DOCS ?? '1');
const wss = new WebSocketServer({ noServer: true });
const server = createServer((_req, res) => res.writeHead(404).end());
server.on('upgrade', (req, socket, head) => {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const docName = decodeURIComponent(pathname.slice('/collab/'.length));
  wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req, { docName }));
});
server.listen(0, '127.0.0.1', () => {
  const docs = Array.from({ length: docCount }, (_, i) => `bench-doc-${String(i).padStart(5, '0')}`);
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port, token: '', docs }) + '\n');
});
answerMemoryProbes();
process.on('SIGTERM', () => process.exit(0));
