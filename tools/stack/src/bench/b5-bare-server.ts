import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

/**
 * B5's second limit (b5-limits.ts): a bare Socket.IO server that acks `chat:send` at once, with nothing behind
 * it. A child process of its own, so it has an event loop to itself like the API does, and not the bench's.
 * Tells its parent the port it listens on, then serves until killed.
 */
const http = createServer();
const io = new Server(http, { transports: ['websocket'] });
io.on('connection', (socket) => {
  socket.on('chat:send', (_body: unknown, ack: (answer: { ok: true; turnId: string }) => void) => ack({ ok: true, turnId: randomUUID() }));
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
