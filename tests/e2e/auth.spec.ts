// Signing in and out as the office's staff do, what each role sees, and the
// protections: wrong passwords, throttling, an ended session that asks for
// the password again without losing what was typed, the administrator's
// screens and the security log, and the security headers.
import AxeBuilder from '@axe-core/playwright';
import {
  ACCOUNTS,
  sectionsFor,
  SPARE_ACCOUNTS,
  expect,
  mainNav,
  signIn,
  snapshot,
  storageFor,
  test,
} from './fixtures';


test.describe('anonymous visitors', () => {
  test('are sent to the login page and come back where they were going', async ({
    page,
    consoleErrors,
  }) => {
    await page.goto('/supervisions');
    await expect(page).toHaveURL('/login?next=/supervisions');
    await expect(page.getByRole('heading', { level: 1, name: 'Đăng nhập' })).toBeVisible();
    await expect(page).toHaveTitle('Đăng nhập · Sổ công tác HĐND');
    await expect(mainNav(page)).toHaveCount(0);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((violation) => violation.id)).toEqual([]);
    await snapshot(page, 'login-vi');

    await page.getByLabel('Tên đăng nhập').fill(ACCOUNTS.staff.username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(ACCOUNTS.staff.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page).toHaveURL('/supervisions');
    await expect(page.getByRole('heading', { level: 1, name: 'Giám sát' })).toBeVisible();
    const user = page.getByRole('group', { name: 'Người dùng đang đăng nhập' });
    await expect(user).toContainText('Người dùng cv.an');
    await expect(user).toContainText('Chuyên viên');
  });

  test('get one message for a wrong password or an unknown name', async ({
    page,
    consoleErrors,
  }) => {
    await page.goto('/login');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByText('Không được để trống.')).toHaveCount(2);

    for (const [username, password] of [
      [ACCOUNTS.viewer.username, 'không phải mật khẩu'],
      ['khong.co.ai', 'không phải mật khẩu'],
    ]) {
      await page.getByLabel('Tên đăng nhập').fill(username);
      await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
      await expect(page).toHaveURL('/login');
    }
    await snapshot(page, 'login-wrong-password');
  });

  test('are told when to try again after repeated failures', async ({ page, consoleErrors }) => {
    const target = SPARE_ACCOUNTS[0];
    await page.goto('/login');
    await page.getByLabel('Tên đăng nhập').fill(target.username);
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.getByLabel('Mật khẩu', { exact: true }).fill(`sai mật khẩu ${attempt}`);
      await page.getByRole('button', { name: 'Đăng nhập' }).click();
      await expect(page.getByRole('alert')).toHaveText('Tên đăng nhập hoặc mật khẩu không đúng.');
    }
    // Now even the right password waits.
    await page.getByLabel('Mật khẩu', { exact: true }).fill(target.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      /^Bạn đã đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau 1[45] phút \(lúc \d\d:\d\d\)\.$/,
    );
    await expect(page).toHaveURL('/login');
    await snapshot(page, 'login-throttled');

    await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText(
      /^Too many failed attempts\. Please try again in 1[45] min \(at \d\d:\d\d\)\.$/,
    );
  });
});

for (const account of Object.values(ACCOUNTS)) {
  test.describe(`as ${account.role}`, () => {
    test.use({ storageState: storageFor(account.role) });

    test(`sees only what the role may see`, async ({ page, consoleErrors }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan' })).toBeVisible();
      const expected = sectionsFor(account.role).map((section) => section.vi);
      await expect(mainNav(page).getByRole('link')).toHaveText(expected);
      await expect(page.getByRole('group', { name: 'Người dùng đang đăng nhập' })).toContainText(
        account.roleVi,
      );

      // A section outside the role, reached by its address, is refused.
      const refused = account.role === 'admin' ? '/sessions' : '/admin';
      await page.goto(refused);
      await expect(
        page.getByRole('heading', { level: 1, name: 'Không có quyền truy cập' }),
      ).toBeVisible();
      if (account.role === 'viewer' || account.role === 'reception_staff') {
        await page.goto('/party-members');
        await expect(
          page.getByRole('heading', { level: 1, name: 'Không có quyền truy cập' }),
        ).toBeVisible();
      }
      // And the server refuses the data whatever the screen shows.
      const users = await page.request.post('/api/admin/users', { data: {} });
      expect(users.status()).toBe(account.role === 'admin' ? 200 : 403);
      await snapshot(page, `overview-${account.role}`);
    });
  });
}

test('signing out ends the session on the server', async ({ page, consoleErrors }) => {
  const account = SPARE_ACCOUNTS[1];
  await signIn(page, account);
  expect((await page.request.post('/api/auth/me', { data: {} })).status()).toBe(200);
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name === 'hdnd_session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Strict');

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page).toHaveURL('/login');
  await expect(page.getByRole('heading', { level: 1, name: 'Đăng nhập' })).toBeVisible();
  await page.goto('/sessions');
  await expect(page).toHaveURL('/login?next=/sessions');
  // The old cookie, sent again, no longer opens anything.
  await page.context().addCookies([session!]);
  expect((await page.request.post('/api/auth/me', { data: {} })).status()).toBe(401);
});

test('an ended session asks for the password again and keeps what was typed', async ({
  page,
  consoleErrors,
}) => {
  const admin = SPARE_ACCOUNTS[2];
  await signIn(page, admin, '/admin');
  await expect(page.getByRole('heading', { level: 1, name: 'Người dùng và vai trò' })).toBeVisible();
  const form = page.getByRole('region', { name: 'Thêm người dùng' });
  await form.getByLabel('Tên đăng nhập').fill('pv.moi');
  await form.getByLabel('Họ và tên').fill('Phạm Văn Mới');
  await form.getByLabel('Vai trò').selectOption({ label: 'Người xem' });
  await form.getByLabel('Mật khẩu ban đầu').fill('mật khẩu ban đầu của Mới');

  // The session ends (as after the idle timeout) while the form is open.
  await page.context().clearCookies();
  // Sent as the button sends it: a background sync may find the session
  // ended first and open the dialog over the form (the same dialog).
  await form.getByRole('button', { name: 'Thêm người dùng' }).dispatchEvent('click');
  const dialog = page.getByRole('dialog', { name: 'Phiên làm việc đã hết hạn' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Tên đăng nhập')).toHaveValue(admin.username);
  await snapshot(page, 'session-expired-dialog');
  await dialog.getByLabel('Mật khẩu', { exact: true }).fill(admin.password);
  await dialog.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await expect(dialog).toBeHidden();

  // Everything typed is still there; sending again works.
  await expect(form.getByLabel('Tên đăng nhập')).toHaveValue('pv.moi');
  await expect(form.getByLabel('Họ và tên')).toHaveValue('Phạm Văn Mới');
  await expect(form.getByLabel('Mật khẩu ban đầu')).toHaveValue('mật khẩu ban đầu của Mới');
  await form.getByRole('button', { name: 'Thêm người dùng' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã thêm người dùng pv.moi.' })).toBeVisible();
  const row = page.getByRole('row', { name: /pv\.moi/ });
  await expect(row).toContainText('Phạm Văn Mới');
  await expect(row.getByLabel('Vai trò của pv.moi')).toHaveValue('viewer');
});

test.describe('the administrator', () => {
  test.use({ storageState: storageFor('admin') });

  test('manages accounts and reads who did what in the security log', async ({
    page,
    consoleErrors,
  }) => {
    await page.goto('/admin');
    const form = page.getByRole('region', { name: 'Thêm người dùng' });
    // The same checks as the server, in Vietnamese, before anything is sent.
    await form.getByLabel('Tên đăng nhập').fill('Số 1');
    await form.getByLabel('Mật khẩu ban đầu').fill('ngắn');
    await form.getByRole('button', { name: 'Thêm người dùng' }).click();
    await expect(form.getByText(/^Tên đăng nhập chỉ gồm chữ a–z/)).toBeVisible();
    await expect(form.getByText('Mật khẩu dài từ 10 đến 128 ký tự.')).toBeVisible();
    await expect(form.getByText('Không được để trống.')).toBeVisible();

    await form.getByLabel('Tên đăng nhập').fill('nv.tam');
    await form.getByLabel('Họ và tên').fill('Ngô Văn Tâm');
    await form.getByLabel('Mật khẩu ban đầu').fill('mật khẩu của Tâm 1');
    await form.getByRole('button', { name: 'Thêm người dùng' }).click();
    const row = page.getByRole('row', { name: /nv\.tam/ });
    await expect(row).toContainText('Đang hoạt động');

    await row.getByLabel('Vai trò của nv.tam').selectOption('office_leader');
    await expect(page.getByRole('status').filter({ hasText: 'Đã đổi vai trò của Ngô Văn Tâm thành Lãnh đạo Văn phòng.' })).toBeVisible();
    await row.getByRole('button', { name: 'Khóa tài khoản nv.tam' }).click();
    await expect(row).toContainText('Đã khóa');
    // No password box stands open on the rows: it opens on request.
    await expect(row.getByLabel('Mật khẩu mới cho nv.tam', { exact: true })).toBeHidden();
    const reset = row.getByRole('button', { name: 'Đặt lại mật khẩu cho nv.tam' });
    await reset.click();
    await expect(reset).toHaveAttribute('aria-expanded', 'true');
    await row.getByLabel('Mật khẩu mới cho nv.tam', { exact: true }).fill('mật khẩu mới của Tâm');
    await row.getByRole('button', { name: 'Đặt mật khẩu mới cho nv.tam' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Đã đặt mật khẩu mới cho Ngô Văn Tâm' })).toBeVisible();
    await expect(row.getByLabel('Mật khẩu mới cho nv.tam', { exact: true })).toBeHidden();
    await snapshot(page, 'admin-users-vi');

    await page.getByRole('navigation', { name: 'Các trang quản trị' }).getByRole('link', { name: 'Nhật ký bảo mật' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Nhật ký bảo mật' })).toBeVisible();
    const log = page.getByRole('table', { name: 'Các sự kiện bảo mật, mới nhất trước' });
    const roleChange = log.getByRole('row').filter({ hasText: 'Đổi vai trò' }).filter({ hasText: 'nv.tam' });
    await expect(roleChange).toContainText('Chuyên viên → Lãnh đạo Văn phòng');
    await expect(roleChange).toContainText('admin');
    await expect(roleChange).toContainText('127.0.0.1');
    await expect(roleChange).toContainText(/\d\d\/\d\d\/\d{4} \d\d:\d\d/);
    await expect(log.getByRole('row').filter({ hasText: 'Khóa tài khoản' }).filter({ hasText: 'nv.tam' })).toHaveCount(1);
    await expect(log.getByRole('row').filter({ hasText: 'Đăng nhập thành công' }).first()).toBeVisible();
    await expect(log.getByRole('row').filter({ hasText: 'Tạo tài khoản' }).filter({ hasText: 'Khởi tạo lần đầu' })).toHaveCount(1);
    await snapshot(page, 'security-log-vi');
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((violation) => violation.id)).toEqual([]);

    await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Security log' })).toBeVisible();
    await expect(
      page.getByRole('table', { name: 'Security events, newest first' }).getByRole('row').filter({ hasText: 'Role changed' }).first(),
    ).toContainText('Staff → Office leader');
  });
});

test('every response carries the security headers', async ({ request }) => {
  for (const path of ['/', '/login', '/healthz']) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
  }
  const api = await request.post('/api/system/hello', { data: { client: { build: 'dev' } } });
  expect(api.headers()['cache-control']).toBe('no-store');
  // Another site's page cannot call the API with the user's cookie.
  const forged = await request.post('/api/auth/login', {
    data: { username: 'admin', password: 'x' },
    headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
  });
  expect(forged.status()).toBe(403);
});
