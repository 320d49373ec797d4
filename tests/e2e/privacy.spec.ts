// What stays in the browser of citizens' personal data (issue 18): after the
// user's role changes, the replica keeps nothing the new role may not see,
// and an explicit sign-out removes the local copy — or, with changes still to
// send, asks first. Each test runs its own server (roles change there).
import { BrowserContext, Page, test as base } from '@playwright/test';
import { Account, expect, signIn } from './fixtures';
import { OwnServer, apiWriter, uuid7 } from './own-server';

const TIEP: Account = {
  role: 'reception_staff',
  username: 'tiep',
  password: 'tiep mật khẩu 2026',
  roleVi: 'Chuyên viên tiếp công dân',
};
const LEAD: Account = {
  role: 'office_leader',
  username: 'lead',
  password: 'lead mật khẩu 2026',
  roleVi: 'Lãnh đạo Văn phòng',
};

const test = base.extend<{ server: OwnServer }>({
  server: async ({}, use) => {
    const server = new OwnServer();
    await server.start();
    await server.addUser(TIEP, 'Hoàng Thị Tiếp');
    await server.addUser(LEAD, 'Nguyễn Văn Lãnh');
    await use(server);
    await server.dispose();
  },
});

test.describe.configure({ timeout: 90_000 });

const syncState = (page: Page) => page.getByRole('status', { name: 'Đồng bộ' });
const CITIZEN = 'Bùi Thị Nga';
const PHONE = '0912345678';

/** Everything the replica's IndexedDB holds, as one text. */
async function replicaText(page: Page, username: string): Promise<string> {
  return page.evaluate(async (name) => {
    const request = <T,>(r: IDBRequest<T>) =>
      new Promise<T>((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
    const db = await request(indexedDB.open(name));
    const stores = [...db.objectStoreNames];
    const tx = db.transaction(stores, 'readonly');
    const all = await Promise.all(stores.map((store) => request(tx.objectStore(store).getAll())));
    db.close();
    return JSON.stringify(all);
  }, `hdnd-replica-${username}`);
}

async function replicaExists(page: Page, username: string): Promise<boolean> {
  return page.evaluate(
    async (name) => (await indexedDB.databases()).some((database) => database.name === name),
    `hdnd-replica-${username}`,
  );
}

async function signedIn(context: BrowserContext, account: Account, path: string) {
  const page = await context.newPage();
  await signIn(page, account, path);
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc');
  return page;
}

test('after a role change the browser keeps nothing the new role may not see', async ({ browser, server }) => {
  const leader = await apiWriter(server, LEAD);
  const matter = uuid7();
  await leader.push([
    {
      kind: 'reception_matter', record_id: matter, base_version: 0, op: 'put',
      changes: Object.entries({
        subject: 'Tố cáo cán bộ xã vi phạm quản lý đất đai', matter_type: 'denunciation',
        received_on: '2020-03-02', citizen_name: CITIZEN, citizen_phone: PHONE,
      }).map(([field, value]) => ({ field, old: null, new: value })),
    },
  ]);
  await leader.dispose();

  const context = await browser.newContext({ baseURL: server.url });
  const page = await signedIn(context, TIEP, '/reception-matters');
  const search = page.getByRole('searchbox', { name: 'Tìm trong danh sách' });
  await search.fill(CITIZEN);
  await expect(page.getByRole('row', { name: /Tố cáo cán bộ xã/ })).toBeVisible();
  await page.getByRole('row', { name: /Tố cáo cán bộ xã/ }).getByRole('link').click();
  await expect(page.getByRole('definition').filter({ hasText: CITIZEN })).toBeVisible();
  expect(await replicaText(page, TIEP.username)).toContain(CITIZEN);

  // The administrator makes the account a staff member's; the open tab
  // syncs (here at once: the network "comes back").
  await server.setRole(TIEP.username, 'staff');
  await page.evaluate(() => window.dispatchEvent(new Event('online')));
  await expect(page.getByRole('group', { name: 'Người dùng đang đăng nhập' })).toContainText('Chuyên viên', {
    timeout: 20_000,
  });
  await expect(page.getByRole('group', { name: 'Người dùng đang đăng nhập' })).not.toContainText('tiếp công dân');
  // The matter is still there, its citizen is not: on the page, in the
  // list's search, in IndexedDB.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Tố cáo cán bộ xã');
  await expect(page.getByText(CITIZEN)).toHaveCount(0);
  await expect(page.getByRole('definition').filter({ hasText: '(không hiển thị với vai trò của bạn)' })).not.toHaveCount(0);
  await page.goto('/reception-matters');
  await page.getByRole('searchbox', { name: 'Tìm trong danh sách' }).fill(CITIZEN);
  await expect(page.getByText(/Không có vụ việc nào khớp/)).toBeVisible();
  await page.getByRole('searchbox', { name: 'Tìm trong danh sách' }).fill('Tố cáo cán bộ');
  await expect(page.getByRole('row', { name: /Tố cáo cán bộ xã/ })).toBeVisible();
  const stored = await replicaText(page, TIEP.username);
  expect(stored).not.toContain(CITIZEN);
  expect(stored).not.toContain(PHONE);
  await context.close();
});

test('signing out with nothing to send removes the local copy and says so', async ({ browser, server }) => {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await signedIn(context, LEAD, '/sessions');
  expect(await replicaExists(page, LEAD.username)).toBe(true);
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL('/login');
  await expect(page.getByRole('status').filter({ hasText: 'Bản sao dữ liệu của bạn trên máy này đã được xóa' })).toBeVisible();
  await expect.poll(() => replicaExists(page, LEAD.username)).toBe(false);
  await context.close();
});

test('signing out with changes not yet sent asks, and each answer keeps them', async ({ browser, server }) => {
  const context = await browser.newContext({ baseURL: server.url });
  let page = await signedIn(context, LEAD, '/sessions');
  const addSession = async (number: string) => {
    await page.getByRole('link', { name: 'Thêm kỳ họp' }).click();
    await page.getByLabel('Khóa').fill('18');
    await page.getByLabel('Kỳ họp thứ').fill(number);
    await page.getByLabel('Ngày khai mạc').fill('09/12/2020');
    await page.getByLabel('Ngày bế mạc').fill('11/12/2020');
    await page.getByLabel('Địa điểm').fill('Hội trường tỉnh');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expect(page).toHaveURL(/\/sessions\/[0-9a-f-]{36}$/);
    await page.getByRole('link', { name: /^Quay lại danh sách/ }).click();
  };
  await context.setOffline(true);
  await addSession('21');
  await expect(syncState(page)).toHaveText('1 thay đổi chờ gửi');

  // Keep them: the copy stays, and the sign-in page says what waits.
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  const dialog = page.getByRole('dialog', { name: 'Còn thay đổi chưa gửi' });
  await expect(dialog).toContainText('Còn 1 thay đổi chưa gửi lên máy chủ');
  await expect(dialog.getByRole('button', { name: 'Lưu ra tệp rồi đăng xuất' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Giữ trên máy này đến lần đăng nhập sau' }).click();
  await expect(page).toHaveURL('/login');
  await expect(page.getByRole('status').filter({ hasText: '1 thay đổi chưa gửi vẫn được giữ trên máy này' })).toBeVisible();
  expect(await replicaExists(page, LEAD.username)).toBe(true);

  // Next sign-in, online: the change is sent.
  await context.setOffline(false);
  await page.getByLabel('Tên đăng nhập').fill(LEAD.username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(LEAD.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('group', { name: 'Người dùng đang đăng nhập' })).toBeVisible();
  await page.goto('/sessions');
  await expect(syncState(page)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });

  // Send now: offline first, so the first try cannot send.
  await context.setOffline(true);
  await addSession('22');
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(dialog).toBeVisible();
  await context.setOffline(false);
  await dialog.getByRole('button', { name: 'Gửi ngay rồi đăng xuất' }).click();
  await expect(page).toHaveURL('/login', { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'đã được xóa' })).toBeVisible();
  await expect.poll(() => replicaExists(page, LEAD.username)).toBe(false);

  // Both sessions reached the server.
  page = await context.newPage();
  await page.goto('/login');
  const login = await page.request.post('/api/auth/login', { data: { username: LEAD.username, password: LEAD.password } });
  expect(login.status()).toBe(200);
  const pulled = await (await page.request.post('/api/sync/pull', { data: { since: 0 } })).json();
  const numbers = pulled.records.map((record: any) => record.fields.number).sort();
  expect(numbers).toEqual([21, 22]);
  await context.close();
});
