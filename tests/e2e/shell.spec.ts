// The app shell as an office worker meets it: Vietnamese by default, every
// section reachable from the navigation and by deep link, English on demand
// and remembered, an in-app page for unknown addresses, and a layout that
// works on an office screen and on a tablet.
import AxeBuilder from '@axe-core/playwright';
import { expect, mainNav, openApp, sectionsFor, snapshot, storageFor, test } from './fixtures';

// An office leader sees every section of the records (not administration).
test.use({ storageState: storageFor('office_leader') });
const SECTIONS = sectionsFor('office_leader');
// Most of these open every section, some twice: 15–45 s alone, two or
// three times that beside the other tests on a loaded CI machine.
test.describe.configure({ timeout: 240_000 });

test('opens in Vietnamese with the full navigation', async ({ page, consoleErrors }) => {
  await openApp(page);
  await expect(page).toHaveTitle('Tổng quan · Sổ công tác HĐND');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan' })).toBeVisible();

  const nav = mainNav(page);
  for (const section of SECTIONS) {
    await expect(nav.getByRole('link', { name: section.vi, exact: true })).toBeVisible();
  }
  await expect(nav.getByRole('link')).toHaveCount(SECTIONS.length);
  await expect(nav.getByRole('link', { name: 'Tổng quan', exact: true })).toHaveAttribute(
    'aria-current',
    'page',
  );
  await expect(page.getByRole('status', { name: 'Kết nối máy chủ' })).toHaveText('Đã kết nối máy chủ');
  await snapshot(page, 'overview-vi');
});

test('every section opens from the navigation with its empty state or its report', async ({
  page,
  consoleErrors,
}) => {
  await openApp(page);
  for (const section of SECTIONS.slice(1)) {
    await mainNav(page).getByRole('link', { name: section.vi, exact: true }).click();
    await expect(page).toHaveURL(section.path);
    await expect(page.getByRole('heading', { level: 1, name: section.vi })).toBeVisible();
    await expect(page).toHaveTitle(`${section.vi} · Sổ công tác HĐND`);
    await expect(
      mainNav(page).getByRole('link', { name: section.vi, exact: true }),
    ).toHaveAttribute('aria-current', 'page');
    if (section.path === '/my-work') {
      // A leader's work: nothing waits on an empty register, and it says so;
      // the count beside the link says the same.
      await expect(page.getByRole('region', { name: 'Chờ tôi duyệt' })).toContainText(
        'Không có bản ghi nào chờ bạn duyệt.',
      );
      await expect(page.getByRole('region', { name: 'Trả lại cho tôi' })).toContainText(
        'Không có bản ghi nào của bạn bị trả lại.',
      );
      await expect(mainNav(page).getByText('Chờ tôi duyệt: 0')).toBeAttached();
    } else if (section.path === '/follow-up') {
      // What is overdue and what falls due, and the settlement rates.
      await expect(page.getByRole('region', { name: /^Quá hạn/ })).toBeVisible();
      await expect(page.getByRole('region', { name: /^Đến hạn trong 7 ngày/ })).toBeVisible();
    } else if (section.path === '/changes') {
      // The log of every record change, with its filters.
      await expect(page.getByRole('table', { name: 'Các thay đổi, mới nhất trước' })).toBeVisible();
      await expect(page.getByLabel('Người thực hiện (tên đăng nhập)')).toBeVisible();
    } else if (section.path === '/reports') {
      // This year's report, drafted from whatever the records hold.
      await expect(page.getByRole('article', { name: 'Bản báo cáo' })).toContainText('BÁO CÁO');
    } else {
      // The empty state says what will be listed here, never "coming soon".
      const empty = page.getByRole('region', { name: /^Chưa có/ });
      await expect(empty).toBeVisible();
      await expect(empty).toContainText('tại đây');
    }
    await expect(page.getByText(/sắp ra mắt|coming soon/i)).toHaveCount(0);
  }
  await snapshot(page, 'reports-vi');
});

test('deep links and refresh work on every route', async ({ page, consoleErrors }) => {
  // As a returning user finds it: the app's files kept by the service
  // worker. On a first visit the worker fetches every chunk while the test
  // reloads and navigates; a navigation then aborts a chunk's fetch in the
  // page it leaves, which logs a console error there, and on a busy machine
  // the queued fetches outlast the wait for the heading.
  await openApp(page, '/');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  for (const section of SECTIONS) {
    await openApp(page, section.path);
    await expect(page.getByRole('heading', { level: 1, name: section.vi })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: section.vi })).toBeVisible();
    await expect(page).toHaveURL(section.path);
  }
});

test('switches to English and back, and remembers the choice', async ({
  page,
  consoleErrors,
}) => {
  await openApp(page, '/reception-matters');
  const languages = page.getByRole('group', { name: 'Ngôn ngữ' });
  await expect(languages.getByRole('button', { name: 'Tiếng Việt' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await languages.getByRole('button', { name: 'English' }).click();

  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Reception matters' })).toBeVisible();
  await expect(page).toHaveTitle('Reception matters · Council Workbook');
  for (const section of SECTIONS) {
    await expect(
      mainNav(page, 'en').getByRole('link', { name: section.en, exact: true }),
    ).toBeVisible();
  }
  await snapshot(page, 'reception-matters-en');

  // Remembered across a reload and a deep link.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Reception matters' })).toBeVisible();
  await openApp(page, '/targets');
  await expect(page.getByRole('heading', { level: 1, name: 'Plan targets' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page
    .getByRole('group', { name: 'Language' })
    .getByRole('button', { name: 'Tiếng Việt' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Chỉ tiêu' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Chỉ tiêu' })).toBeVisible();
});

test('an unknown address shows the in-app not-found page', async ({ page, consoleErrors }) => {
  await openApp(page, '/khong-co-trang-nay');
  await expect(page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' })).toBeVisible();
  await expect(page.getByText('/khong-co-trang-nay')).toBeVisible();
  // The navigation is still there, so the user is never stranded.
  await expect(mainNav(page).getByRole('link', { name: 'Kỳ họp', exact: true })).toBeVisible();
  await snapshot(page, 'not-found-vi');
  await page.getByRole('link', { name: 'Về trang Tổng quan' }).click();
  await expect(page).toHaveURL('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan' })).toBeVisible();
});

test('a missing asset is a 404, not the app shell', async ({ request }) => {
  const response = await request.get('/assets/hdnd-missing.js');
  expect(response.status()).toBe(404);
  const shell = await request.get('/any/app/route');
  expect(shell.status()).toBe(200);
  expect(shell.headers()['content-type']).toContain('text/html');
  expect(shell.headers()['cache-control']).toBe('no-cache');
});

test('on a tablet the navigation folds behind the menu button', async ({
  page,
  consoleErrors,
}) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await openApp(page);
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(mainNav(page)).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await snapshot(page, 'tablet-menu-open');
  await mainNav(page).getByRole('link', { name: 'Giám sát', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Giám sát' })).toBeVisible();
  // Choosing a section closes the menu again.
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(mainNav(page)).toBeHidden();
  await snapshot(page, 'tablet-supervision');

  // Escape closes the drawer and puts the focus back on its button.
  await menu.click();
  await expect(mainNav(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(mainNav(page)).toBeHidden();
  await expect(menu).toBeFocused();
});

test('on a phone the bar fits the screen and the drawer reaches every section', async ({ page, consoleErrors }) => {
  test.setTimeout(180_000);
  for (const width of [390, 360]) {
    await page.setViewportSize({ width, height: 844 });
    await openApp(page);
    // Nothing wider than the screen; what the bar holds is on it and readable.
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    expect(await pageWidth()).toBeLessThanOrEqual(width);
    const bar = (await page.getByRole('banner').boundingBox())!;
    for (const control of [
      page.getByRole('button', { name: 'Menu' }),
      page.getByRole('button', { name: 'Đăng xuất' }),
      page.getByRole('button', { name: 'English' }),
      page.getByRole('search', { name: 'Tìm kiếm trong sổ' }).getByRole('button', { name: 'Tìm' }),
      page.getByRole('status', { name: 'Đồng bộ' }),
    ]) {
      const box = (await control.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(box.y + box.height).toBeLessThanOrEqual(bar.y + bar.height);
    }
    // Every entry of the drawer, the last ones too, opens its page.
    for (const section of SECTIONS) {
      await page.getByRole('button', { name: 'Menu' }).click();
      const link = mainNav(page).getByRole('link', { name: section.vi, exact: true });
      await link.scrollIntoViewIfNeeded();
      await link.click();
      await expect(page.getByRole('heading', { level: 1, name: section.vi })).toBeVisible();
      await expect(mainNav(page)).toBeHidden();
      expect(await pageWidth(), section.path).toBeLessThanOrEqual(width);
    }
  }
  await snapshot(page, 'phone-last-section');
  // In English the bar still fits and the drawer reaches every section.
  await page.setViewportSize({ width: 390, height: 844 });
  await openApp(page);
  await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
  const english = page.getByRole('navigation', { name: 'Main navigation' });
  for (const control of [
    page.getByRole('button', { name: 'Menu' }),
    page.getByRole('button', { name: 'Sign out' }),
    page.getByRole('button', { name: 'Tiếng Việt' }),
    page.getByRole('status', { name: 'Sync' }),
  ]) {
    const box = (await control.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(390);
  }
  for (const section of SECTIONS) {
    await page.getByRole('button', { name: 'Menu' }).click();
    const link = english.getByRole('link', { name: section.en, exact: true });
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await expect(page.getByRole('heading', { level: 1, name: section.en })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), section.path).toBeLessThanOrEqual(390);
  }
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Tiếng Việt' }).click();
});

test('has no accessibility violations (axe), on a desktop and on a phone with the menu open', async ({ page, consoleErrors }) => {
  for (const path of ['/', '/sessions', '/khong-co']) {
    await openApp(page, path);
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.map((violation) => `${violation.id}: ${violation.help}`),
    ).toEqual([]);
  }
  // The whole page at 390 px — top bar, drawer and all — in both languages.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const language of ['vi', 'en'] as const) {
    await openApp(page, '/sessions');
    if (language === 'en') await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.map((violation) => `${language} 390 px: ${violation.id}: ${violation.help}`),
    ).toEqual([]);
    if (language === 'en') await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Tiếng Việt' }).click();
  }
});

test('keyboard users can skip to the content', async ({ page, consoleErrors }) => {
  await openApp(page, '/sessions');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Chuyển đến nội dung chính' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});
