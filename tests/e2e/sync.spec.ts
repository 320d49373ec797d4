// Local-first sync of council sessions, end to end, against a server of each
// test's own (so it can be killed and restarted): offline work and reloads,
// a server that dies while the browser believes it is online, a browser
// killed after an offline edit, two people changing the same field, two
// tabs, an expired session, and a full storage quota.
import { BrowserContext, chromium, Page, request, test as base } from '@playwright/test';
import { execSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Account, backToList, expect, saveRecord, savedNote, signIn, startEditing, watchConsole } from './fixtures';
import { OwnServer, apiWriter, uuid7 } from './own-server';

const LAN: Account = { role: 'staff', username: 'lan', password: 'lan mật khẩu 2026', roleVi: 'Chuyên viên' };
const HOA: Account = {
  role: 'office_leader',
  username: 'hoa',
  password: 'hoa mật khẩu 2026',
  roleVi: 'Lãnh đạo Văn phòng',
};

const test = base.extend<{ server: OwnServer }>({
  server: async ({}, use) => {
    const server = new OwnServer();
    await server.start();
    await server.addUser(LAN, 'Trần Thị Lan');
    await server.addUser(HOA, 'Nguyễn Văn Hoà');
    await use(server);
    await server.dispose();
  },
});

// Kills and restarts take their time.
test.describe.configure({ timeout: 90_000 });

const connection = (page: Page) => page.getByRole('status', { name: 'Kết nối máy chủ' });
const syncState = (page: Page) => page.getByRole('status', { name: 'Đồng bộ' });

/** A signed-in page on `path` whose replica is open and service worker ready. */
async function openSignedIn(context: BrowserContext, account: Account, errors: string[], path = '/sessions') {
  const page = await context.newPage();
  watchConsole(page, errors);
  await signIn(page, account, path);
  await expect(syncState(page)).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  return page;
}

/** A browser profile on disk, as a user's browser has (quota, cookies and
 * storage behave as they do there, and a kill can be tested). */
function newProfile() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hdnd-profile-'));
}

function launchProfile(profile: string, server: OwnServer) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
    baseURL: server.url,
    viewport: { width: 1366, height: 768 },
    acceptDownloads: true,
  });
}

type Session = { term?: string; number: string; starts: string; ends: string; place: string; agenda?: string };

async function createSession(page: Page, session: Session) {
  await page.getByRole('link', { name: 'Thêm kỳ họp' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kỳ họp mới' })).toBeVisible();
  await fillSession(page, session);
  await saveRecord(page);
  await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
  await backToList(page, '/sessions');
}

async function fillSession(page: Page, session: Session) {
  await page.getByLabel('Khóa').fill(session.term ?? '18');
  await page.getByLabel('Kỳ họp thứ').fill(session.number);
  await page.getByLabel('Ngày khai mạc').fill(session.starts);
  await page.getByLabel('Ngày bế mạc').fill(session.ends);
  await page.getByLabel('Địa điểm').fill(session.place);
  if (session.agenda) await page.getByLabel('Nội dung chương trình').fill(session.agenda);
}

function row(page: Page, number: string) {
  return page.getByRole('row', { name: new RegExp(`Kỳ họp thứ ${number}\\b`) });
}

/** What the server holds, asked over the API with the page's session. */
async function serverRecords(page: Page): Promise<any[]> {
  const reply = await page.request.post('/api/sync/pull', { data: { since: 0 } });
  expect(reply.status()).toBe(200);
  return (await reply.json()).records;
}

test('sessions created and edited offline survive an offline reload and reach the server', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const context = await browser.newContext({ baseURL: server.url });
  const page = await openSignedIn(context, LAN, errors);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc');

  await context.setOffline(true);
  await expect(connection(page)).toHaveText('Mất mạng – làm việc trên máy này');
  await createSession(page, { number: '11', starts: '09/12/2020', ends: '11/12/2020', place: 'Hội trường tỉnh' });
  await expect(row(page, '11')).toContainText('Chờ gửi');
  await expect(syncState(page)).toHaveText('1 thay đổi chờ gửi');

  await row(page, '11').getByRole('link').click();
  await startEditing(page);
  await expect(page.getByLabel('Địa điểm')).toHaveValue('Hội trường tỉnh');
  await expect(page.getByLabel('Ngày khai mạc')).toHaveValue('09/12/2020');
  await page.getByLabel('Địa điểm').fill('Trung tâm Hội nghị tỉnh');
  await saveRecord(page);
  await expect(syncState(page)).toHaveText('2 thay đổi chờ gửi');
  // The list shows the edit at once, though the rows' order did not change.
  await backToList(page, '/sessions');
  await expect(row(page, '11')).toContainText('Trung tâm Hội nghị tỉnh');
  const recordUrl = await row(page, '11').getByRole('link').getAttribute('href');

  // Reload with no network: the service worker serves the shell, the
  // replica the data, deep links included. Server calls are never cached.
  const reloaded = await page.reload();
  expect(reloaded?.fromServiceWorker()).toBe(true);
  await expect(row(page, '11')).toContainText('Trung tâm Hội nghị tỉnh');
  await expect(syncState(page)).toHaveText('2 thay đổi chờ gửi');
  const deep = await page.goto(recordUrl!);
  expect(deep?.fromServiceWorker()).toBe(true);
  await expect(page.getByRole('definition').filter({ hasText: 'Trung tâm Hội nghị tỉnh' })).toBeVisible();
  const apiOffline = await page.evaluate(() =>
    fetch('/api/system/hello', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"build":"x"}' }).then(
      () => 'answered',
      () => 'failed',
    ),
  );
  expect(apiOffline).toBe('failed');

  await context.setOffline(false);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  const records = await serverRecords(page);
  expect(records).toHaveLength(1);
  expect(records[0].fields.place).toBe('Trung tâm Hội nghị tỉnh');
  expect(records[0].fields.starts_on).toBe('2020-12-09');
  expect(records[0].version).toBe(2);
  expect(records[0].created.username).toBe('lan');

  // Deleting asks first, then the record leaves the list and the server
  // keeps a tombstone (the page is still on the record's own address).
  await page.getByRole('link', { name: 'Quay lại danh sách' }).click();
  await row(page, '11').getByRole('link').click();
  // Who created it and who changed it, as the server stamped them.
  await expect(page.getByText(/^Tạo bởi Trần Thị Lan lúc \d\d\/\d\d\/\d{4} \d\d:\d\d · sửa lần cuối bởi Trần Thị Lan lúc/)).toBeVisible();
  const deleteButton = page.getByRole('button', { name: 'Xóa kỳ họp…' });
  await deleteButton.click();
  const confirm = page.getByRole('alertdialog', { name: 'Xóa kỳ họp này?' });
  // Online, it says the deletion reaches everyone; the safe answer has focus.
  await expect(confirm).toHaveAccessibleDescription(/xóa khỏi sổ của mọi người dùng ngay khi gửi lên máy chủ/);
  await expect(confirm.getByRole('button', { name: 'Không xóa' })).toBeFocused();
  // Escape closes it and gives focus back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(deleteButton).toBeFocused();
  await deleteButton.click();
  await confirm.getByRole('button', { name: 'Xác nhận xóa' }).click();
  await expect(page).toHaveURL(/\/sessions$/);
  await expect(page.getByRole('status').filter({ hasText: 'Đã xóa “Kỳ họp thứ 11 (khóa XVIII)”.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Chưa có kỳ họp nào được ghi nhận' })).toBeVisible();
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  const deleted = await serverRecords(page);
  expect(deleted[0].deleted).toBe(true);
  expect(deleted[0].version).toBe(3);
  await context.close();
  expect(errors).toEqual([]);
});

/** A UUIDv7, as the app makes them. */
/** IndexedDB entries of the user's replica, by store. */
async function replicaEntries(page: Page, username: string) {
  return page.evaluate(async (name) => {
    const request = <T,>(r: IDBRequest<T>) =>
      new Promise<T>((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
    const db = await request(indexedDB.open(name));
    const tx = db.transaction(['chunks', 'records'], 'readonly');
    const chunks = await request(tx.objectStore('chunks').getAll());
    const records = await request(tx.objectStore('records').count());
    db.close();
    return { chunks: chunks.map((chunk: string) => JSON.parse(chunk).length), records };
  }, `hdnd-replica-${username}`);
}

test('a large pull is kept as chunks: reloads, edits and other people’s changes all come through', async ({
  browser,
  server,
}) => {
  // 120 sessions from another person: one page, kept as one chunk.
  const hoa = await apiWriter(server, HOA);
  const day = (offset: number) => new Date(Date.UTC(2020, 0, 1 + offset)).toISOString().slice(0, 10);
  const created = await hoa.push(
    Array.from({ length: 120 }, (_, index) => ({
      kind: 'council_session', record_id: uuid7(), base_version: 0, op: 'put',
      changes: Object.entries({
        term: 18, number: (index % 99) + 1, session_type: 'regular',
        starts_on: day(index), ends_on: day(index), place: `Phòng họp ${index}`,
      }).map(([field, value]) => ({ field, old: null, new: value })),
    })),
  );
  const errors: string[] = [];
  const context = await browser.newContext({ baseURL: server.url });
  const page = await openSignedIn(context, LAN, errors);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc');
  await expect(page.getByText('Đang hiển thị 100 trên tổng số 120 kỳ họp')).toBeVisible();
  expect(await replicaEntries(page, 'lan')).toEqual({ chunks: [120], records: 0 });
  // Printed, the list is all 120 rows, without its controls and filters.
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(121);
  await expect(page.getByText('Đang hiển thị 120 trên tổng số 120 kỳ họp')).toBeVisible();
  await expect(page.getByRole('search')).toBeHidden();
  await expect(page.getByRole('link', { name: 'Thêm kỳ họp' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // An offline edit has an entry of its own, above its chunk copy.
  await context.setOffline(true);
  const place = (index: number) => page.getByRole('row').filter({ hasText: `Phòng họp ${index}` });
  await place(59).getByRole('link').click();
  await startEditing(page);
  await page.getByLabel('Địa điểm').fill('Phòng họp 59, tầng 2');
  await saveRecord(page);
  await backToList(page, '/sessions');
  await page.reload();
  await expect(page.getByText('Đang hiển thị 100 trên tổng số 120 kỳ họp')).toBeVisible();
  await expect(place(59)).toContainText('Phòng họp 59, tầng 2');
  await expect(syncState(page)).toHaveText('1 thay đổi chờ gửi');
  expect(await replicaEntries(page, 'lan')).toEqual({ chunks: [120], records: 1 });
  await context.setOffline(false);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });

  // 60 records changed by the other person: the next page is a chunk of its
  // own, and those copies are the ones shown from then on, offline too.
  await hoa.push(
    created.slice(60).map((record: any) => ({
      kind: 'council_session', record_id: record.id, base_version: record.version, op: 'put',
      changes: [{ field: 'place', old: record.fields.place, new: `${record.fields.place} (đã dời)` }],
    })),
  );
  await page.reload();
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  await expect(place(119)).toContainText('Phòng họp 119 (đã dời)');
  expect(await replicaEntries(page, 'lan')).toEqual({ chunks: [120, 60], records: 1 });
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByText('Đang hiển thị 100 trên tổng số 120 kỳ họp')).toBeVisible();
  await expect(place(119)).toContainText('Phòng họp 119 (đã dời)');
  await expect(place(60)).toContainText('Phòng họp 60 (đã dời)');
  await expect(place(59)).toContainText('Phòng họp 59, tầng 2');
  await expect(place(58)).not.toContainText('đã dời');
  await hoa.dispose();
  await context.close();
  expect(errors).toEqual([]);
});

test('a server killed and restarted while the browser stays online gets the edit on its own', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const context = await browser.newContext({ baseURL: server.url });
  const page = await openSignedIn(context, LAN, errors);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc');

  await server.kill();
  // The browser still says online; the app finds out by itself.
  expect(await page.evaluate(() => navigator.onLine)).toBe(true);
  await createSession(page, { number: '3', starts: '14/07/2020', ends: '15/07/2020', place: 'Phòng họp số 1' });
  await expect(syncState(page)).toHaveText('1 thay đổi chờ gửi');
  await expect(connection(page)).toHaveText('Không kết nối được máy chủ', { timeout: 15_000 });

  await server.start();
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc', { timeout: 30_000 });
  // The sync that went through is itself the proof the server is back.
  await expect(connection(page)).toHaveText('Đã kết nối máy chủ', { timeout: 2_000 });
  const records = await serverRecords(page);
  expect(records.map((record) => record.fields.place)).toEqual(['Phòng họp số 1']);
  await context.close();
  expect(errors).toEqual([]);
});

test('the connection status follows the last exchange: connected as soon as the network is back', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const context = await browser.newContext({ baseURL: server.url });
  const page = await openSignedIn(context, LAN, errors);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc');
  await expect(connection(page)).toHaveText('Đã kết nối máy chủ');

  // Opened with no network: the first handshake fails. (Chromium 148 under
  // Playwright's offline emulation says `navigator.onLine` is true in a
  // page reloaded from the service worker, which a browser without a
  // network never does; the emulation is said again to the page itself.)
  await context.setOffline(true);
  await page.reload();
  const network = await context.newCDPSession(page);
  const emulate = (offline: boolean) =>
    network.send('Network.emulateNetworkConditions', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await emulate(true);
  await expect(connection(page)).toHaveText('Mất mạng – làm việc trên máy này');
  await createSession(page, { number: '5', starts: '01/10/2020', ends: '02/10/2020', place: 'Phòng họp số 2' });
  await expect(syncState(page)).toHaveText('1 thay đổi chờ gửi');

  // The network returns: the edit goes through and, with it, the status
  // says connected — not "unreachable" until the next periodic handshake
  // 30 s later.
  const back = Date.now();
  await context.setOffline(false);
  await emulate(false);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc', { timeout: 10_000 });
  await expect(connection(page)).toHaveText('Đã kết nối máy chủ', { timeout: 2_000 });
  expect(Date.now() - back).toBeLessThan(15_000);
  await context.close();
  expect(errors).toEqual([]);
});

test('the browser killed a second after an offline edit still has it pending, then sends it', async ({
  server,
}) => {
  const profile = newProfile();
  const launch = () => launchProfile(profile, server);
  const errors: string[] = [];
  let context = await launch();
  const page = await openSignedIn(context, LAN, errors);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc');
  // Let the browser write its cookie and localStorage to disk (it does so
  // late); the edit below relies on IndexedDB alone.
  await page.waitForTimeout(7_000);

  await context.setOffline(true);
  await createSession(page, { number: '9', starts: '01/10/2020', ends: '01/10/2020', place: 'Hội trường B' });
  await expect(syncState(page)).toHaveText('1 thay đổi chờ gửi');
  await page.waitForTimeout(1_000);
  // SIGKILL every process of this browser (the bracket keeps pkill from
  // matching its own command line).
  execSync(`pkill -9 -f "[-]-user-data-dir=${profile}" || true`);
  await context.close().catch(() => undefined);

  context = await launch();
  await context.setOffline(true);
  const again = context.pages()[0] ?? (await context.newPage());
  watchConsole(again, errors);
  await again.goto('/sessions');
  await expect(row(again, '9')).toContainText('Chờ gửi');
  await expect(syncState(again)).toHaveText('1 thay đổi chờ gửi');

  await context.setOffline(false);
  // The session cookie may not have reached the disk before the kill; then
  // the app asks for the password again before it sends anything.
  const dialog = again.getByRole('dialog', { name: 'Phiên làm việc đã hết hạn' });
  await expect
    .poll(async () => (await dialog.isVisible()) || /Đã đồng bộ lúc/.test((await syncState(again).textContent()) ?? ''), {
      timeout: 20_000,
    })
    .toBe(true);
  if (await dialog.isVisible()) {
    await dialog.getByLabel('Mật khẩu', { exact: true }).fill(LAN.password);
    await dialog.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  }
  await expect(syncState(again)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  const records = await serverRecords(again);
  expect(records.map((record) => record.fields.place)).toEqual(['Hội trường B']);
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  expect(errors).toEqual([]);
});

test('two people change the same field: both values are kept until one is chosen', async ({ browser, server }) => {
  const errors: string[] = [];
  const lanContext = await browser.newContext({ baseURL: server.url });
  const hoaContext = await browser.newContext({ baseURL: server.url });
  const lan = await openSignedIn(lanContext, LAN, errors);
  await createSession(lan, { number: '5', starts: '10/07/2020', ends: '12/07/2020', place: 'Hội trường A' });
  await expect(syncState(lan)).toContainText('Đã đồng bộ lúc');
  const hoa = await openSignedIn(hoaContext, HOA, errors);
  await expect(row(hoa, '5')).toContainText('Hội trường A');

  await lanContext.setOffline(true);
  await hoaContext.setOffline(true);
  for (const [page, place] of [
    [lan, 'Hội trường của Lan'],
    [hoa, 'Hội trường của Hoà'],
  ] as const) {
    await row(page, '5').getByRole('link').click();
    await startEditing(page);
    await page.getByLabel('Địa điểm').fill(place);
    await saveRecord(page);
    await expect(syncState(page)).toHaveText('1 thay đổi chờ gửi');
    await backToList(page, '/sessions');
  }
  await lanContext.setOffline(false);
  await expect(syncState(lan)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  await hoaContext.setOffline(false);
  const problems = hoa.getByRole('link', { name: '1 xung đột' });
  await expect(problems).toBeVisible({ timeout: 20_000 });
  await expect(row(hoa, '5')).toContainText('Có xung đột');
  // The top bar keeps its height with the conflict link in it.
  expect((await hoa.locator('header.topbar').boundingBox())?.height).toBe(
    (await lan.locator('header.topbar').boundingBox())?.height,
  );
  // The form shows Lan's value, and Hoà's own beside it.
  await row(hoa, '5').getByRole('link').click();
  await startEditing(hoa);
  await expect(hoa.getByLabel('Địa điểm')).toHaveValue('Hội trường của Lan');
  await expect(hoa.getByRole('note').filter({ hasText: 'Giá trị của bạn: Hội trường của Hoà' })).toContainText(
    'Trần Thị Lan',
  );

  await problems.click();
  const card = hoa.getByRole('region', { name: /Kỳ họp thứ 5/ });
  await expect(card).toContainText('Trường “Địa điểm”');
  await expect(card.getByRole('definition').first()).toContainText('Hội trường của Hoà');
  await expect(card).toContainText('Hội trường của Lan');
  // The other value is named by its author, not "the server".
  await expect(card.getByRole('term').nth(1)).toHaveText('Giá trị của Trần Thị Lan');
  await expect(card.getByRole('button', { name: 'Giữ giá trị của Trần Thị Lan' })).toBeVisible();
  await card.getByRole('button', { name: 'Giữ giá trị của tôi' }).click();
  await expect(hoa.getByRole('status').filter({ hasText: 'Đã xử lý xung đột.' })).toBeVisible();
  await expect(hoa.getByText('Không có xung đột nào.')).toBeVisible();
  await expect(syncState(hoa)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });

  const records = await serverRecords(hoa);
  expect(records[0].fields.place).toBe('Hội trường của Hoà');
  expect(records[0].version).toBe(3);
  // Lan sees Hoà's choice after her next sync, and is told her value lost.
  await lan.reload();
  await expect(row(lan, '5')).toContainText('Hội trường của Hoà', { timeout: 20_000 });
  const told = lan.getByRole('status').filter({ hasText: 'người khác đã chọn giá trị khác thay cho giá trị bạn nhập (1)' });
  await expect(told).toBeVisible({ timeout: 40_000 });
  // Hoà, who chose, is told nothing.
  await hoa.goto('/sessions');
  await expect(row(hoa, '5')).toBeVisible();
  await expect(syncState(hoa)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  await expect(hoa.getByRole('link', { name: 'Xem chi tiết' })).toHaveCount(0);
  await told.getByRole('link', { name: 'Xem chi tiết' }).click();
  await expect(lan).toHaveURL(/\/conflicts$/);
  const lost = lan.getByRole('region', { name: 'Giá trị của bạn đã được thay (1)' });
  const notice = lost.getByRole('region', { name: /Kỳ họp thứ 5/ });
  await expect(notice).toContainText('Trường “Địa điểm”');
  await expect(notice.getByRole('term')).toHaveText(['Bạn đã nhập', 'Nguyễn Văn Hoà đã chọn']);
  await expect(notice.getByRole('definition').first()).toHaveText('Hội trường của Lan');
  await expect(notice.getByRole('definition').nth(1)).toContainText('Hội trường của Hoà');
  await expect(notice.getByRole('definition').nth(1)).toContainText('Nguyễn Văn Hoà,');
  await expect(notice.getByRole('link', { name: 'Mở hồ sơ' })).toHaveAttribute('href', /^\/sessions\//);
  // Seen: it goes, here and on the server, and stays gone after a reload.
  await notice.getByRole('button', { name: 'Đã xem' }).click();
  await expect(lan.getByRole('status').filter({ hasText: 'Đã ghi nhận.' })).toBeVisible();
  await expect(lost).toBeHidden();
  expect((await (await lan.request.post('/api/notices/list', { data: {} })).json()).notices).toEqual([]);
  await lan.goto('/sessions');
  await expect(syncState(lan)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  await expect(lan.getByRole('link', { name: 'Xem chi tiết' })).toHaveCount(0);
  await lanContext.close();
  await hoaContext.close();
  expect(errors).toEqual([]);
});

test('two tabs: one sends for both, and each shows the other one’s edits', async ({ browser, server }) => {
  const errors: string[] = [];
  const context = await browser.newContext({ baseURL: server.url });
  const first = await openSignedIn(context, LAN, errors);
  await expect(syncState(first)).toContainText('Đã đồng bộ lúc');
  const second = await context.newPage();
  watchConsole(second, errors);
  await second.goto('/sessions');
  await expect(syncState(second)).toBeVisible();
  const pushes = new Map<Page, number>([
    [first, 0],
    [second, 0],
  ]);
  for (const page of [first, second]) {
    page.on('request', (request) => {
      if (request.url().endsWith('/api/sync/push')) pushes.set(page, pushes.get(page)! + 1);
    });
  }

  await createSession(first, { number: '1', starts: '01/03/2020', ends: '01/03/2020', place: 'Phòng 1' });
  await expect(row(second, '1')).toContainText('Phòng 1');
  await createSession(second, { number: '2', starts: '02/03/2020', ends: '02/03/2020', place: 'Phòng 2' });
  await expect(row(first, '2')).toContainText('Phòng 2');
  await expect(syncState(first)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  await expect(syncState(second)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  // The first tab holds the sync lock: it sent both tabs' changes.
  expect(pushes.get(first)).toBeGreaterThan(0);
  expect(pushes.get(second)).toBe(0);
  const places = (await serverRecords(first)).map((record) => record.fields.place).sort();
  expect(places).toEqual(['Phòng 1', 'Phòng 2']);
  await context.close();
  expect(errors).toEqual([]);
});

test('a session that expired offline keeps the pending edit and asks for the password before sending', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const context = await browser.newContext({ baseURL: server.url });
  const page = await openSignedIn(context, LAN, errors);
  await context.setOffline(true);
  await createSession(page, { number: '7', starts: '05/01/2021', ends: '05/01/2021', place: 'Phòng họp 7' });
  await context.clearCookies();
  await context.setOffline(false);
  const dialog = page.getByRole('dialog', { name: 'Phiên làm việc đã hết hạn' });
  await expect(dialog).toBeVisible({ timeout: 20_000 });
  await expect(syncState(page)).toHaveText('1 thay đổi chờ gửi');
  await dialog.getByLabel('Mật khẩu', { exact: true }).fill(LAN.password);
  await dialog.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  expect((await serverRecords(page)).map((record) => record.fields.place)).toEqual(['Phòng họp 7']);
  await context.close();
  expect(errors).toEqual([]);
});

test('a full storage quota stops editing with a message, the pending changes save to a file, nothing is lost', async ({
  server,
}) => {
  // A profile on disk, as a user's browser has. Chromium applies a quota
  // override only before the origin's quota is first looked up in a browser
  // process, so the test fills the profile, restarts the browser with a quota
  // just above what is used, and goes on from there.
  const profile = newProfile();
  const launch = () => launchProfile(profile, server);
  const errors: string[] = [];
  let context = await launch();
  let page = await openSignedIn(context, LAN, errors);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc');
  await context.setOffline(true);
  // Agenda text that does not compress away (storage compresses).
  const agenda = () =>
    Array.from({ length: 700 }, () => Math.floor(Math.random() * 1e6).toString(36)).join(' ').slice(0, 4_900);
  for (const number of ['1', '2', '3']) {
    await createSession(page, { number, starts: '01/06/2020', ends: '02/06/2020', place: `Phòng ${number}`, agenda: agenda() });
  }
  await expect(syncState(page)).toHaveText('3 thay đổi chờ gửi');
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await context.close();

  // Room for a few more records only. (Chromium enforces the override on
  // writes but navigator.storage.estimate() keeps reporting the real quota,
  // so the early warning, which reads estimate, is unit-tested instead.)
  context = await launch();
  await context.setOffline(true);
  page = context.pages()[0] ?? (await context.newPage());
  watchConsole(page, errors);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.url, quotaSize: usage + 25_000 });
  await page.goto('/sessions');
  await expect(syncState(page)).toHaveText('3 thay đổi chờ gửi');
  const full = page.getByRole('alert').filter({ hasText: 'Bộ nhớ trình duyệt đã đầy' }).first();
  const list = page.getByRole('heading', { level: 1, name: 'Kỳ họp', exact: true });
  for (let number = 4; number <= 20 && !(await full.isVisible()); number += 1) {
    await page.getByRole('link', { name: 'Thêm kỳ họp' }).click();
    await fillSession(page, {
      number: String(number),
      starts: '01/06/2020',
      ends: '02/06/2020',
      place: `Phòng ${number}`,
      agenda: agenda(),
    });
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect(savedNote(page).or(full)).toBeVisible();
    if (await full.isVisible()) break;
    await page.getByRole('link', { name: /^Quay lại danh sách/ }).click();
    await expect(list.or(full)).toBeVisible();
  }
  await expect(full).toBeVisible();
  // Editing stops; what was typed stays on screen; what was saved is safe.
  await expect(page.getByRole('button', { name: 'Lưu', exact: true })).toBeDisabled();
  const typed = await page.getByLabel('Địa điểm').inputValue();
  const pending = Number((await syncState(page).textContent())!.match(/^(\d+) thay đổi chờ gửi$/)![1]);
  expect(pending).toBeGreaterThanOrEqual(3);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Lưu các thay đổi chờ gửi ra tệp' }).first().click();
  const file = await (await download).path();
  const exported = JSON.parse(fs.readFileSync(file!, 'utf8'));
  expect(exported.user).toBe('lan');
  expect(exported.mutations).toHaveLength(pending);

  // A network again: the outbox drains, which makes room, and editing resumes
  // with the typed values still in the form.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: server.url });
  await context.setOffline(false);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Lưu', exact: true })).toBeEnabled();
  await expect(page.getByLabel('Địa điểm')).toHaveValue(typed);
  await saveRecord(page);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });
  expect(await serverRecords(page)).toHaveLength(pending + 1);
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  expect(errors).toEqual([]);
});
