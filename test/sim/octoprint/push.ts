// OctoPrint's push socket, as a farm manager uses it: the raw WebSocket at <root>/sockjs/websocket
// (sockjs-tornado's raw transport: one JSON object per text message, no SockJS framing). Source:
// PrinterStateConnection in src/octoprint/server/util/sockjs.py — on open it emits
// {"connected": {...}}; a message {"auth": "<user>:<session>"} logs the socket in when the session
// is one the user manager issued to that user (validate_user_session), else logs it out silently;
// {"throttle": n} sets the rate factor. The simulator has no printer, so nothing further is pushed.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SimState } from './context';
import type { SimPushClient } from './types';

export function createPushSocket(state: SimState, clients: SimPushClient[]) {
  const wss = new WebSocketServer({ noServer: true });

  function connected(ws: WebSocket, client: SimPushClient): void {
    const hash = (s: string) => createHash('md5').update(s).digest('hex');
    ws.send(JSON.stringify({
      connected: {
        version: state.version, display_version: state.version, branch: null,
        plugin_hash: hash('appkeys'), config_hash: hash(`config:${state.port}`), debug: false, safe_mode: false, permissions: [],
      },
    }));
    ws.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString('utf8'));
      } catch {
        return; // "Invalid JSON received from client …, ignoring"
      }
      if (typeof message !== 'object' || message === null) return;
      const { auth, throttle } = message as { auth?: unknown; throttle?: unknown };
      if (typeof auth === 'string') {
        const parts = auth.split(':');
        const valid = parts.length === 2 && state.userSessions.get(parts[1]!) === parts[0];
        client.user = valid ? parts[0]! : null;
      } else if (throttle !== undefined && Number.isInteger(Number(throttle)) && Number(throttle) >= 1) {
        client.throttle = Number(throttle);
      }
    });
  }

  return {
    /** Takes the upgrade when it is for the push socket; answers 404 otherwise. */
    upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const path = (req.url ?? '/').split('?')[0]!;
      if (path !== `${state.basePath}/sockjs/websocket` && path !== '/sockjs/websocket') {
        socket.end('HTTP/1.1 404 NOT FOUND\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const client: SimPushClient = { user: null, throttle: 1 };
        clients.push(client);
        connected(ws, client);
      });
    },
    close(): void {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
