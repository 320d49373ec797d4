// Shared test fixtures: every page fails its test on a console error or an
// uncaught exception, and the app's sections are listed once, as a user sees
// them in both languages.
import { test as base, expect, Page } from '@playwright/test';

export type Section = { path: string; vi: string; en: string };

export const SECTIONS: Section[] = [
  { path: '/', vi: 'Tổng quan', en: 'Overview' },
  { path: '/sessions', vi: 'Kỳ họp', en: 'Council sessions' },
  { path: '/meetings', vi: 'Phiên họp Thường trực', en: 'Standing Committee meetings' },
  { path: '/matters', vi: 'Nội dung xin ý kiến', en: 'Matters for opinion' },
  { path: '/supervision', vi: 'Giám sát', en: 'Supervision' },
  { path: '/petitions', vi: 'Ý kiến kiến nghị cử tri', en: "Voters' petitions" },
  { path: '/reception', vi: 'Tiếp công dân', en: 'Citizen reception' },
  { path: '/conferences', vi: 'Hội nghị', en: 'Conferences' },
  { path: '/targets', vi: 'Chỉ tiêu', en: 'Plan targets' },
  { path: '/tasks', vi: 'Nhiệm vụ', en: 'Tasks' },
  { path: '/party', vi: 'Đảng bộ', en: 'Party committee' },
  { path: '/reports', vi: 'Báo cáo', en: 'Reports' },
  { path: '/admin', vi: 'Quản trị', en: 'Administration' },
];

export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
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
