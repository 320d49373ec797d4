// A server of the test's own, for tests that kill and restart it: the same
// release binary as the shared server (HDND_BIN), a fresh data folder, and a
// fixed port across restarts so the browser's origin (and with it the
// replica in IndexedDB and the service worker) stays the same.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expect, request } from '@playwright/test';
import { ADMIN_PASSWORD, Account } from './fixtures';

export const BINARY = process.env.HDND_BIN ?? path.resolve(__dirname, '../../target/release/hdnd');

export class OwnServer {
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hdnd-own-'));
  port = 0;
  url = '';
  /** Settings given to the server through its environment (HDND_OFFICE_NAME, …). */
  env: Record<string, string> = {};
  private child?: ChildProcess;

  /** Starts the server (on the same port as before, after the first start). */
  async start(): Promise<void> {
    const child = spawn(BINARY, ['serve', '--addr', `127.0.0.1:${this.port}`, '--data-dir', this.dataDir], {
      env: { ...process.env, HDND_ADMIN_PASSWORD: ADMIN_PASSWORD, RUST_LOG: 'info', ...this.env },
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

  /** Enters the demo office's reference year (`hdnd demo`), before start. */
  demo(): void {
    const run = spawnSync(BINARY, ['demo', '--data-dir', this.dataDir], {
      env: { ...process.env, HDND_ADMIN_PASSWORD: ADMIN_PASSWORD, RUST_LOG: 'warn', ...this.env },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`hdnd demo exited with ${run.status}: ${run.stderr}`);
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

  /** Gives an account another role through the administrator's API. */
  async setRole(username: string, role: string): Promise<void> {
    const admin = await request.newContext({ baseURL: this.url });
    const login = await admin.post('/api/auth/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
    if (login.status() !== 200) throw new Error(`admin login: ${login.status()}`);
    const changed = await admin.post('/api/admin/users/set-role', { data: { username, role } });
    if (changed.status() !== 200) throw new Error(`set-role ${username}: ${await changed.text()}`);
    await admin.dispose();
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

/** A UUIDv7, as the app makes record and client ids. */
export function uuid7(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i += 1) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Another person's browser, pushing straight to the API. */
export async function apiWriter(server: OwnServer, account: Account) {
  const api = await request.newContext({ baseURL: server.url });
  const login = await api.post('/api/auth/login', { data: { username: account.username, password: account.password } });
  expect(login.status()).toBe(200);
  const clientId = uuid7();
  let seq = 0;
  const push = async (mutations: object[]) => {
    const reply = await api.post('/api/sync/push', {
      data: { mutations: mutations.map((mutation) => ({ client_id: clientId, seq: (seq += 1), at: Date.now(), ...mutation })) },
    });
    expect(reply.status()).toBe(200);
    const results = (await reply.json()).results;
    expect(results.every((result: any) => result.result === 'applied')).toBe(true);
    return results.map((result: any) => result.record);
  };
  return { push, dispose: () => api.dispose() };
}
