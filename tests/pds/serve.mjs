// The reference Bluesky PDS and its PLC directory, in this process, on loopback, for tests/test_bluesky_pds.py.
//
// @atproto/dev-env's TestNetworkNoAppView: an in-memory PLC and a PDS on SQLite files in a temporary
// folder (no Postgres, no AppView). One account is created, then an app password for it (what a
// clinician would give the kit). When ready, ONE JSON line goes to stdout:
//   {"ready": true, "url": ..., "handle": ..., "password": <app password>, "did": ..., "plc": ..., "pds_version": ...}
// It stays up until stdin closes or it gets SIGTERM/SIGINT, then stops both servers and removes its
// folder. Anything else it has to say goes to stderr.
//
// Usage: node tests/pds/serve.mjs   (after: npm ci --prefix tests/pds)

import dns from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

// Loopback only: the servers call listen(port) with no host, which would take every interface.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  else if (args[0] && typeof args[0] === 'object' && !args[0].path && !args[0].host) args[0] = { ...args[0], host: '127.0.0.1' };
  return listen.apply(this, args);
};
// dev-env names its servers http://localhost:<port>: make that 127.0.0.1, not ::1.
dns.setDefaultResultOrder('ipv4first');
process.env.LOG_ENABLED = process.env.LOG_ENABLED || 'false';

const { default: devEnv } = await import('@atproto/dev-env');
const PDS_VERSION = createRequire(import.meta.url)('@atproto/pds/package.json').version;

const HANDLE = process.env.PDS_TEST_HANDLE || 'drsmith.test';
const PASSWORD = 'main-password-' + Math.random().toString(36).slice(2);
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'consulting-room-pds-'));
// TestPds makes a spare folder under os.tmpdir(), which reads TMPDIR: keep it inside ours.
process.env.TMPDIR = folder;

let network = null;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    if (network) await network.close();
  } catch (err) {
    process.stderr.write(`serve.mjs: closing the PDS: ${err?.stack || err}\n`);
  }
  fs.rmSync(folder, { recursive: true, force: true });
  process.exit(code);
}

process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
process.stdin.on('end', () => stop(0));
process.stdin.on('close', () => stop(0));
process.stdin.resume();

try {
  fs.mkdirSync(path.join(folder, 'data'));
  network = await devEnv.TestNetworkNoAppView.create({
    pds: {
      dataDirectory: path.join(folder, 'data'),
      blobstoreDiskLocation: path.join(folder, 'blobs'),
    },
  });
  const url = `http://127.0.0.1:${network.pds.port}`;
  const agent = network.pds.getClient();
  const account = await agent.com.atproto.server.createAccount({
    email: `${HANDLE.split('.')[0]}@example.com`,
    handle: HANDLE,
    password: PASSWORD,
  });
  await agent.login({ identifier: HANDLE, password: PASSWORD });
  const appPassword = await agent.com.atproto.server.createAppPassword({ name: 'consulting-room-tests' });
  process.stdout.write(
    JSON.stringify({
      ready: true,
      url,
      handle: HANDLE,
      password: appPassword.data.password,
      did: account.data.did,
      plc: `http://127.0.0.1:${network.plc.port}`,
      pds_version: PDS_VERSION,
    }) + '\n',
  );
} catch (err) {
  process.stderr.write(`serve.mjs: the PDS did not start: ${err?.stack || err}\n`);
  await stop(1);
}
