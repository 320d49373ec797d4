// Capacity of the browser replica: a server with N council sessions of about
// 1 KB each (pushed through /api/sync/push), a fresh Chromium profile that
// signs in and pulls them all into IndexedDB, then five offline reloads of
// the sessions list, timed from navigation to the list showing all N.
//
// Usage (from tests/): node bench/replica-capacity.mjs ../target/release/hdnd [N]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const binary = path.resolve(process.argv[2] ?? '../target/release/hdnd');
const count = Number(process.argv[3] ?? 20_000);
const adminPassword = 'đo dung lượng bản sao';
const data = fs.mkdtempSync(path.join(os.tmpdir(), 'hdnd-capacity-'));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hdnd-capacity-profile-'));

const server = spawn(binary, ['serve', '--addr', '127.0.0.1:0', '--data-dir', data], {
  env: { ...process.env, HDND_ADMIN_PASSWORD: adminPassword, RUST_LOG: 'info' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
const base = await new Promise((resolve, reject) => {
  let output = '';
  server.stderr.setEncoding('utf8');
  server.stderr.on('data', (chunk) => {
    output += chunk;
    const found = output.match(/serving on (http:\/\/127\.0\.0\.1:\d+)/);
    if (found) resolve(found[1]);
  });
  server.once('exit', (code) => reject(new Error(`hdnd exited ${code}: ${output}`)));
});

async function call(cookie, endpoint, body) {
  const response = await fetch(base + endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
  if (response.status !== 200) throw new Error(`${endpoint}: ${response.status} ${await response.text()}`);
  return { json: await response.json(), cookie: response.headers.get('set-cookie')?.split(';')[0] };
}

/** A UUIDv7 as the browser makes them. */
function uuid7(ms) {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  for (let i = 0; i < 6; i += 1) bytes[i] = Number((BigInt(ms) >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const agendaLines = [
  'Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, an ninh',
  'Tờ trình về dự toán thu ngân sách nhà nước trên địa bàn và chi ngân sách địa phương',
  'Báo cáo kết quả giám sát việc giải quyết ý kiến, kiến nghị của cử tri',
  'Nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025',
  'Chất vấn và trả lời chất vấn tại kỳ họp',
  'Báo cáo công tác phòng, chống tham nhũng, lãng phí',
  'Quyết định chủ trương đầu tư các dự án nhóm B trên địa bàn tỉnh',
];
const { cookie: adminCookie } = await call(null, '/api/auth/login', { username: 'admin', password: adminPassword });
await call(adminCookie, '/api/admin/users/create', {
  username: 'lan', display_name: 'Trần Thị Lan', role: 'staff', password: 'lan mật khẩu 2026',
});
const { cookie } = await call(null, '/api/auth/login', { username: 'lan', password: 'lan mật khẩu 2026' });
const clientId = uuid7(Date.now());
const seeding = Date.now();
let bytes = 0;
for (let start = 0; start < count; start += 200) {
  const mutations = [];
  for (let index = start; index < Math.min(count, start + 200); index += 1) {
    const year = 2000 + (index % 26);
    const day = String(1 + (index % 28)).padStart(2, '0');
    const fields = {
      term: 10 + (index % 9), number: 1 + (index % 40), session_type: ['regular', 'thematic', 'extraordinary'][index % 3],
      starts_on: `${year}-07-${day}`, ends_on: `${year}-07-${day}`,
      place: `Hội trường Trung tâm Hội nghị tỉnh, phòng ${index}`,
      agenda: agendaLines.map((line, at) => `${at + 1}. ${line} (${index})`).join('\n'),
    };
    bytes += JSON.stringify(fields).length;
    mutations.push({
      client_id: clientId, seq: index + 1, kind: 'council_session', record_id: uuid7(Date.now()),
      base_version: 0, at: Date.now(), op: 'put',
      changes: Object.entries(fields).map(([field, value]) => ({ field, old: null, new: value })),
    });
  }
  await call(cookie, '/api/sync/push', { mutations });
}
console.log(`seeded ${count} sessions (${(bytes / count).toFixed(0)} characters of body each) in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
  baseURL: base,
  viewport: { width: 1366, height: 768 },
});
const page = context.pages()[0] ?? (await context.newPage());
await page.goto('/login');
await page.getByLabel('Tên đăng nhập').fill('lan');
await page.getByLabel('Mật khẩu', { exact: true }).fill('lan mật khẩu 2026');
const pullStarted = Date.now();
await page.getByRole('button', { name: 'Đăng nhập' }).click();
await page.getByRole('group', { name: 'Người dùng đang đăng nhập' }).waitFor();
await page.goto('/sessions');
const caption = page.getByText(`trên ${count} kỳ họp`);
await caption.waitFor({ timeout: 600_000 });
await page.getByRole('status', { name: 'Đồng bộ' }).filter({ hasText: 'Đã đồng bộ lúc' }).waitFor({ timeout: 600_000 });
console.log(`first sync of ${count} records into IndexedDB: ${((Date.now() - pullStarted) / 1000).toFixed(1)} s`);
await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
const estimate = await page.evaluate(async () => (await navigator.storage.estimate()).usageDetails);
console.log(`storage: IndexedDB ${(estimate.indexedDB / 1e6).toFixed(1)} MB, shell cache ${(estimate.caches / 1e6).toFixed(1)} MB`);

await context.setOffline(true);
const times = [];
const steps = [];
for (let round = 0; round < 5; round += 1) {
  const started = Date.now();
  await page.reload();
  await caption.waitFor({ timeout: 60_000 });
  times.push(Date.now() - started);
  const marks = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, Math.round(mark.startTime)])),
  );
  steps.push(marks);
}
console.log('steps of the last reload (ms since navigation):', JSON.stringify(steps.at(-1)));
times.sort((a, b) => a - b);
const memory = await page.evaluate(() => {
  const wasm = performance.getEntriesByType('resource').length;
  return { heap: performance.memory?.usedJSHeapSize ?? 0, wasm };
});
console.log(`offline reload to the list of ${count}: median ${times[2]} ms (all: ${times.join(', ')} ms); JS heap ${(memory.heap / 1e6).toFixed(0)} MB`);

await context.close();
server.kill('SIGKILL');
fs.rmSync(data, { recursive: true, force: true });
fs.rmSync(profile, { recursive: true, force: true });
