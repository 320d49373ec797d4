// Shared test fixtures: every page fails its test on a console error or an
// uncaught exception, and the app's sections are listed once, as a user sees
// them in both languages.
import { test as base, expect, Page } from '@playwright/test';

/**
 * A link of the main navigation: the overview, every kind of record (from the
 * app's registry, in its order) and the summary pages. `readers` lists the
 * roles that see it; absent, every role that reads the council's records
 * (all but the administrator).
 */
export type Section = { path: string; vi: string; en: string; readers?: string[] };

const EVERYONE = ['staff', 'reception_staff', 'office_leader', 'standing_committee', 'admin', 'viewer'];
const PARTY = ['staff', 'office_leader', 'standing_committee'];

export const SECTIONS: Section[] = [
  { path: '/', vi: 'Tổng quan', en: 'Overview', readers: EVERYONE },
  { path: '/my-work', vi: 'Việc của tôi', en: 'My work' },
  { path: '/follow-up', vi: 'Theo dõi, đôn đốc', en: 'Follow-up' },
  { path: '/sessions', vi: 'Kỳ họp', en: 'Council sessions' },
  { path: '/resolutions', vi: 'Nghị quyết', en: 'Resolutions' },
  { path: '/meetings', vi: 'Phiên họp Thường trực', en: 'Standing Committee meetings' },
  { path: '/matters', vi: 'Nội dung xin ý kiến', en: 'Matters for opinion' },
  { path: '/documents', vi: 'Văn bản', en: 'Documents' },
  { path: '/supervisions', vi: 'Giám sát', en: 'Supervisions' },
  { path: '/recommendations', vi: 'Kiến nghị sau giám sát', en: 'Recommendations' },
  { path: '/voter-contacts', vi: 'Tiếp xúc cử tri', en: 'Voter contacts' },
  { path: '/petitions', vi: 'Ý kiến, kiến nghị cử tri', en: 'Voter petitions' },
  { path: '/reception-matters', vi: 'Vụ việc tiếp công dân', en: 'Reception matters' },
  { path: '/visits', vi: 'Lượt tiếp công dân', en: 'Citizen visits' },
  { path: '/letters', vi: 'Đơn thư', en: 'Letters' },
  { path: '/conferences', vi: 'Hội nghị', en: 'Conferences' },
  { path: '/targets', vi: 'Chỉ tiêu', en: 'Plan targets' },
  { path: '/tasks', vi: 'Nhiệm vụ', en: 'Tasks' },
  { path: '/party-members', vi: 'Đảng viên', en: 'Party members', readers: PARTY },
  { path: '/party-ratings', vi: 'Xếp loại Đảng viên, tổ chức Đảng', en: 'Party ratings', readers: PARTY },
  { path: '/awards', vi: 'Danh hiệu thi đua', en: 'Awards' },
  { path: '/work-reports', vi: 'Báo cáo công tác', en: 'Work reports' },
  { path: '/terms', vi: 'Nhiệm kỳ', en: 'Terms', readers: EVERYONE },
  { path: '/committees', vi: 'Ban của HĐND', en: 'Committees', readers: EVERYONE },
  { path: '/delegate-groups', vi: 'Tổ đại biểu', en: 'Delegate groups', readers: EVERYONE },
  { path: '/deputies', vi: 'Đại biểu HĐND', en: 'Deputies', readers: EVERYONE },
  { path: '/fields', vi: 'Lĩnh vực', en: 'Fields', readers: EVERYONE },
  { path: '/units', vi: 'Đơn vị hành chính', en: 'Administrative units', readers: EVERYONE },
  { path: '/reports', vi: 'Báo cáo', en: 'Reports' },
  { path: '/changes', vi: 'Nhật ký thay đổi', en: 'Change log', readers: ['office_leader', 'admin'] },
  { path: '/admin', vi: 'Quản trị', en: 'Administration', readers: ['admin'] },
];

/** The navigation as `role` sees it. */
export function sectionsFor(role: string): Section[] {
  return SECTIONS.filter((section) =>
    section.readers ? section.readers.includes(role) : role !== 'admin',
  );
}

/** The accounts the setup project creates, one per role, and their sign-in. */
export type Account = { role: string; username: string; password: string; roleVi: string };

export const ADMIN_PASSWORD = 'e2e quản trị mật khẩu';

export const ACCOUNTS: Record<string, Account> = {
  staff: { role: 'staff', username: 'cv.an', password: 'cv.an mật khẩu 2026', roleVi: 'Chuyên viên' },
  reception_staff: {
    role: 'reception_staff',
    username: 'tcd.binh',
    password: 'tcd.binh mật khẩu 2026',
    roleVi: 'Chuyên viên tiếp công dân',
  },
  office_leader: {
    role: 'office_leader',
    username: 'ld.chi',
    password: 'ld.chi mật khẩu 2026',
    roleVi: 'Lãnh đạo Văn phòng',
  },
  standing_committee: {
    role: 'standing_committee',
    username: 'tt.dung',
    password: 'tt.dung mật khẩu 2026',
    roleVi: 'Thường trực HĐND',
  },
  admin: { role: 'admin', username: 'admin', password: ADMIN_PASSWORD, roleVi: 'Quản trị' },
  viewer: { role: 'viewer', username: 'xem.giang', password: 'xem.giang mật khẩu 2026', roleVi: 'Người xem' },
};

/** Accounts that only one test uses (throttling and sign-out change them). */
export const SPARE_ACCOUNTS: Account[] = [
  { role: 'staff', username: 'thu.khoa', password: 'thu.khoa mật khẩu 2026', roleVi: 'Chuyên viên' },
  { role: 'staff', username: 'dx.hoa', password: 'dx.hoa mật khẩu 2026', roleVi: 'Chuyên viên' },
  { role: 'admin', username: 'qt.lan', password: 'qt.lan mật khẩu 2026', roleVi: 'Quản trị' },
];

/** Saved browser state (cookie and remembered identity) of a role. */
export function storageFor(role: string): string {
  return `${__dirname}/../../target/playwright/auth/${role}.json`;
}

/** Signs in through the login page, as a person does. */
export async function signIn(page: Page, account: Account, path = '/') {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Đăng nhập' })).toBeVisible();
  await page.getByLabel('Tên đăng nhập').fill(account.username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('group', { name: 'Người dùng đang đăng nhập' })).toBeVisible();
}

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    // A Content-Security-Policy violation fails the test like a console error.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
      });
    });
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // The browser logs every 4xx answer; from the API they are expected
      // answers (401 signed out, 422 invalid, 429 throttled) the app handles.
      const expectedApiAnswer =
        /^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text()) &&
        message.location().url.includes('/api/');
      if (!expectedApiAnswer) errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(String(error)));
    await use(errors);
    expect(errors, 'console errors on the page').toEqual([]);
  },
});

export { expect };

/** The app has mounted once its main navigation is on screen. */
export async function openApp(page: Page, path = '/') {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

export function mainNav(page: Page, language: 'vi' | 'en' = 'vi') {
  return page.getByRole('navigation', {
    name: language === 'vi' ? 'Điều hướng chính' : 'Main navigation',
  });
}

/** Saves a screenshot as a test artifact (under target/playwright/results). */
export async function snapshot(page: Page, name: string) {
  const file = test.info().outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await test.info().attach(name, { path: file, contentType: 'image/png' });
}

/** "Đã lưu …": what a record's page says after a save. */
export function savedNote(page: Page, language: 'vi' | 'en' = 'vi') {
  return page.getByRole('status').filter({ hasText: language === 'vi' ? /^Đã lưu/ : /was saved\.$/ });
}

/** "Sửa" on a record's page: its form, filled with the record as it is. */
export async function startEditing(page: Page) {
  await page.getByRole('button', { name: 'Sửa', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Lưu', exact: true })).toBeVisible();
}

/** "Lưu" in a record's form: the record's page again, saying it was saved. */
export async function saveRecord(page: Page) {
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(savedNote(page)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sửa', exact: true })).toBeVisible();
}

/** From a record's page to its kind's list, by the link above its title. */
export async function backToList(page: Page, list: string) {
  await page.getByRole('link', { name: /^Quay lại danh sách/ }).click();
  await expect(page).toHaveURL(new RegExp(`${list}$`));
}

/** A required field's accessible name: its label and "(bắt buộc)". */
export const required = (label: string, language: 'vi' | 'en' = 'vi') =>
  `${label} (${language === 'vi' ? 'bắt buộc' : 'required'})`;

/** Collects console errors and uncaught exceptions into `errors`, except
 * what the API is expected to answer (a 4xx) and, while offline or with the
 * server killed, its network failures. */
export function watchConsole(page: Page, errors: string[]) {
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const expected =
      message.location().url.includes('/api/') &&
      /^Failed to load resource: (net::ERR_|the server responded with a status of 4\d\d)/.test(message.text());
    if (!expected) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
}
