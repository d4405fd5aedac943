// With the server unreachable everything works; once a server is there, the record syncs.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import * as vscode from 'vscode';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { hasRecord } from '../../../src/store/recordsDoc';
import { SyncServer } from '../../../server/syncServer';
import { freePort } from '../../harness/processes';
import type { SendResult } from '../../../src/vscode/features/send';
import { liaison, testEnv, waitFor, writeDraft } from '../helpers';

describe('offline', () => {
  it('sends while the server is unreachable and syncs once it is back', async () => {
    const api = await liaison();
    const config = vscode.workspace.getConfiguration('liaison');
    const originalUrl = config.get<string>('server.url');
    const port = await freePort();
    const offlineUrl = `ws://127.0.0.1:${port}`;
    // The real server, started in this process later (no access list: open).
    let server: SyncServer | undefined;
    try {
      await config.update('server.url', offlineUrl, vscode.ConfigurationTarget.Workspace);
      await waitFor('the replica to reopen against the unreachable server', () => api.services.replica?.server?.url === offlineUrl);
      const title = `Offline note ${testEnv('LIAISON_TEST_RUN_ID')}: written on the train - Sales`;
      const draft = await writeDraft({ title, recipients: ['李明'] });
      const result = await vscode.commands.executeCommand<SendResult>('liaison.send', draft.document.uri);
      assert.equal(result.sent, true, result.problems.join(' '));
      assert.ok(api.services.replica?.record('internal', result.recordId as string), 'stored locally while offline');
      assert.notEqual(api.services.replica?.syncStatus()[0].state, 'connected');

      server = new SyncServer({ dataDir: join(testEnv('LIAISON_TEST_DIR'), 'offline-server'), port });
      await server.start();
      await waitFor('the replica to reconnect', () => api.services.replica?.syncStatus()[0].state === 'connected', 60_000);

      // Read the room with a stock y-websocket client: the record reached the server.
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(offlineUrl, 'internal', doc, {
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      try {
        await waitFor('the record on the server', () => hasRecord(doc, result.recordId as string), 30_000);
      } finally {
        provider.destroy();
      }
    } finally {
      await config.update('server.url', originalUrl, vscode.ConfigurationTarget.Workspace);
      await server?.close();
    }
  });
});
