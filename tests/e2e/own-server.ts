// A server of the test's own, for tests that kill and restart it: the same
// release binary as the shared server (HDND_BIN), a fresh data folder, and a
// fixed port across restarts so the browser's origin (and with it the
// replica in IndexedDB and the service worker) stays the same.
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { request } from '@playwright/test';
import { ADMIN_PASSWORD, Account } from './fixtures';

const BINARY = process.env.HDND_BIN ?? path.resolve(__dirname, '../../target/release/hdnd');

export class OwnServer {
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hdnd-own-'));
  port = 0;
  url = '';
  private child?: ChildProcess;

  /** Starts the server (on the same port as before, after the first start). */
  async start(): Promise<void> {
    const child = spawn(BINARY, ['serve', '--addr', `127.0.0.1:${this.port}`, '--data-dir', this.dataDir], {
      env: { ...process.env, HDND_ADMIN_PASSWORD: ADMIN_PASSWORD, RUST_LOG: 'info' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    this.url = await new Promise<string>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`hdnd did not start: ${output}`)), 20_000);
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        output += chunk;
        const found = output.match(/serving on (http:\/\/127\.0\.0\.1:\d+)/);
        if (found) {
          clearTimeout(timer);
          resolve(found[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`hdnd exited with ${code}: ${output}`));
      });
    });
    this.port = Number(new URL(this.url).port);
  }

  /** SIGKILL: no shutdown, no flush, as a power cut or a crash. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async dispose(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Creates an account through the administrator's API. */
  async addUser(account: Account, displayName: string): Promise<void> {
    const admin = await request.newContext({ baseURL: this.url });
    const login = await admin.post('/api/auth/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
    if (login.status() !== 200) throw new Error(`admin login: ${login.status()}`);
    const created = await admin.post('/api/admin/users/create', {
      data: { username: account.username, display_name: displayName, role: account.role, password: account.password },
    });
    if (created.status() !== 200) throw new Error(`create ${account.username}: ${await created.text()}`);
    await admin.dispose();
  }
}
