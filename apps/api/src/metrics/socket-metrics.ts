import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { socketConnections, socketsConnected } from './metrics.registry.js';

@Injectable()
export class SocketMetrics {
  connected(socket: Socket) {
    socketConnections.inc();
    socketsConnected.inc();
    socket.once('disconnect', () => socketsConnected.dec());
  }
}
