// The Overview of the demo office's reference year: every number opens the
// list of the records behind it, for each role over what it may see, online
// and offline. The year's report: drafted offline, written, printed and
// downloaded, and seen by another browser after sync.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { Browser, Page } from '@playwright/test';
import { expect, mainNav, test as base, watchConsole } from './fixtures';
import { BINARY, OwnServer } from './own-server';

const DEMO_PASSWORD = 'hdnd-demo-2020';

const test = base.extend<{}, { demo: OwnServer }>({
  demo: [
    async ({}, use) => {
      const server = new OwnServer();
      server.demo();
      await server.start();
      await use(server);
      await server.dispose();
    },
    { scope: 'worker' },
  ],
});

test.describe.configure({ timeout: 120_000 });

async function signedIn(browser: Browser, server: OwnServer, username: string, errors: string[]) {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  watchConsole(page, errors);
  await page.goto('/');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tổng quan' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Đồng bộ' })).toContainText('Đã đồng bộ');
  return { context, page };
}

/** Chooses the year 2020 in the period picker, as a person does. */
async function year2020(page: Page) {
  await page.getByLabel('Năm', { exact: true }).selectOption('2020');
  await expect(page.getByRole('heading', { level: 2, name: 'Năm 2020', exact: true })).toBeVisible();
  await expect(page.getByText('Từ 01/01/2020 đến 31/12/2020')).toBeVisible();
}

const group = (page: Page, name: string) => page.getByRole('region', { name });

test("the year's numbers open the lists of the records behind them", async ({ browser, demo }) => {
  const errors: string[] = [];
  const { context, page } = await signedIn(browser, demo, 'lanhdao', errors);
  await year2020(page);

  const reception = group(page, 'Tiếp công dân, xử lý đơn thư');
  await expect(reception.getByRole('link', { name: 'Lượt tiếp công dân 113' })).toBeVisible();
  await expect(reception.getByRole('link', { name: 'Vụ việc tiếp công dân 25' })).toBeVisible();
  await expect(group(page, 'Kỳ họp và nghị quyết').getByRole('link', { name: 'Thường lệ 2' })).toBeVisible();
  await expect(group(page, 'Thường trực HĐND').getByRole('link', { name: 'Nội dung UBND tỉnh trình cho ý kiến 60' })).toBeVisible();
  await expect(group(page, 'Công tác đảng, thi đua khen thưởng').getByRole('link', { name: 'Đảng viên 35' })).toBeVisible();
  await expect(page.getByRole('link', { name: /^6\/6 chỉ tiêu đạt và vượt \(100%\)$/ })).toBeVisible();

  // A count: the visits of the year.
  await reception.getByRole('link', { name: 'Lượt tiếp công dân 113' }).click();
  await expect(page).toHaveURL(/\/visits\?figure=visits&year=2020&period=year$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Lượt tiếp công dân' })).toBeVisible();
  await expect(page.getByText('Lượt tiếp công dân — Năm 2020: 113 hồ sơ')).toBeVisible();
  await expect(page.getByText(/^Đang hiển thị 100 trên tổng số 113 /)).toBeVisible();

  // A part of a breakdown: the complaints among the year's matters.
  await page.goBack();
  await page
    .getByRole('region', { name: 'Tiếp công dân, xử lý đơn thư' })
    .getByRole('list', { name: 'Vụ việc theo loại' })
    .getByRole('link', { name: 'Khiếu nại 12' })
    .click();
  await expect(page).toHaveURL(/\/reception-matters\?figure=reception_matters_by_type:complaint&year=2020&period=year$/);
  await expect(page.getByText(/^Đang hiển thị 12 trên tổng số 12 /)).toBeVisible();
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(13);
  await expect(rows.nth(1)).toContainText('Khiếu nại');
  await expect(page.getByRole('table').getByText('Tố cáo', { exact: true })).toHaveCount(0);
  // "Xem tất cả" takes the narrowing off.
  await page.getByRole('link', { name: 'Xem tất cả' }).click();
  await expect(page).toHaveURL(/\/reception-matters$/);
  await expect(page.getByText(/^Đang hiển thị 25 trên tổng số 25 /)).toBeVisible();

  // A quarter, then a month from the table behind the chart.
  await page.goto('/?year=2020&period=year');
  await page.getByLabel('Kỳ báo cáo').selectOption({ label: 'Quý I' });
  await expect(page.getByRole('heading', { level: 2, name: 'Quý I năm 2020', exact: true })).toBeVisible();
  await expect(group(page, 'Tiếp công dân, xử lý đơn thư').getByRole('link', { name: 'Lượt tiếp công dân 41' })).toBeVisible();
  await page.getByText('Bảng số liệu theo tháng').click();
  await page.getByRole('link', { name: 'Tháng 1 — Lượt tiếp công dân: 16' }).click();
  await expect(page).toHaveURL(/\/visits\?figure=visits&year=2020&period=m01$/);
  await expect(page.getByText('Lượt tiếp công dân — Tháng 1 năm 2020: 16 hồ sơ')).toBeVisible();
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(17);

  // An address naming no figure says so and lists everything.
  await page.goto('/visits?figure=made_up&year=2020&period=year');
  await expect(page.getByText('Địa chỉ này nêu một số liệu không có; đang hiện mọi hồ sơ.')).toBeVisible();
  await expect(page.getByText(/^Đang hiển thị 100 trên tổng số 113 /)).toBeVisible();

  // In English, numbers as English writes them; and offline, from the replica.
  await page.goto('/?year=2020&period=year');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Year 2020', exact: true })).toBeVisible();
  await expect(group(page, 'Citizen reception and letters').getByRole('link', { name: 'Citizen visits 113' })).toBeVisible();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Năm 2020', exact: true })).toBeVisible();
  await group(page, 'Tiếp công dân, xử lý đơn thư').getByRole('link', { name: 'Công dân được tiếp 198' }).click();
  await expect(page.getByText('Công dân được tiếp — Năm 2020: 113 hồ sơ')).toBeVisible();
  await context.close();
  expect(errors).toEqual([]);
});

test('a viewer sees the figures of what the viewer may read, and no Party members', async ({ browser, demo }) => {
  const errors: string[] = [];
  const { context, page } = await signedIn(browser, demo, 'khach', errors);
  await year2020(page);
  await expect(group(page, 'Tiếp công dân, xử lý đơn thư').getByRole('link', { name: 'Lượt tiếp công dân 113' })).toBeVisible();
  const party = group(page, 'Công tác đảng, thi đua khen thưởng');
  await expect(party.getByRole('link', { name: 'Danh hiệu, khen thưởng 1' })).toBeVisible();
  await expect(party.getByRole('link', { name: /^Đảng viên/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /^Hoàn thành tốt nhiệm vụ/ })).toHaveCount(0);
  // Asked for by address, the Party's figure gives nothing away.
  await page.goto('/party-members?figure=party_members&year=2020&period=year');
  // (In the page's main part: the footer's build id may hold "35".)
  await expect(page.getByRole('main').getByText(/35/)).toHaveCount(0);
  await context.close();
  expect(errors).toEqual([]);
});

test("the year's Overview has no accessibility violations (axe), on a desktop and on a phone", async ({ browser, demo }) => {
  const errors: string[] = [];
  const { context, page } = await signedIn(browser, demo, 'lanhdao', errors);
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto('/?year=2020&period=year');
    await expect(page.getByRole('heading', { level: 2, name: 'Năm 2020', exact: true })).toBeVisible();
    await page.getByText('Bảng số liệu theo tháng').click();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((violation) => `${width} px: ${violation.id}: ${violation.help}`)).toEqual([]);
    // Nothing wider than the window.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  }
  await context.close();
  expect(errors).toEqual([]);
});

/** One part of an Office file (a zip), as text: Python's zipfile reads it. */
function officePart(file: string, part: string): string {
  return execFileSync('python3', [
    '-c',
    'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())',
    file,
    part,
  ]).toString();
}

/** Clicks a download button and returns the path of the file it gave. */
async function downloaded(page: Page, button: string): Promise<{ path: string; name: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: button }).click(),
  ]);
  const path = await download.path();
  if (!path) throw new Error(`no file from ${button}`);
  return { path, name: download.suggestedFilename() };
}

test("the year's report is drafted offline, written, downloaded, and seen in another browser after sync", async ({ browser, demo }) => {
  const errors: string[] = [];
  const { context, page } = await signedIn(browser, demo, 'lanhdao', errors);
  await mainNav(page).getByRole('link', { name: 'Báo cáo', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo' })).toBeVisible();
  await page.getByLabel('Năm', { exact: true }).selectOption('2020');
  await expect(page).toHaveURL(/\/reports\?year=2020&period=year$/);

  // Offline: drafted from the replica.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await context.setOffline(true);
  await page.reload();
  const paper = page.getByRole('article', { name: 'Bản báo cáo' });
  await expect(paper.getByText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBeVisible();
  await expect(paper.getByText('Độc lập - Tự do - Hạnh phúc')).toBeVisible();
  await expect(paper.getByText('Số:      /BC-VP')).toBeVisible();
  await expect(paper.getByRole('heading', { name: 'BÁO CÁO Kết quả công tác năm 2020, phương hướng, nhiệm vụ năm 2021' })).toBeVisible();
  await expect(paper).toContainText('tổ chức thành công 02 kỳ họp thường lệ');
  await expect(paper).toContainText('Tổ chức 10 phiên họp thường lệ');
  await expect(paper).toContainText('Tiếp 113 lượt công dân với 25 việc');
  // Some of the demo's records still wait for review: the page says how
  // many (not on the sheet), and each figure resting on them says it too.
  await expect(page.getByText(/^Số liệu của kỳ này dựa trên \d+ hồ sơ chưa được duyệt/)).toBeVisible();
  await expect(paper.getByRole('link', { name: '113 lượt công dân' })).toHaveAttribute('title', /^\d+ hồ sơ chưa được duyệt$/);
  await expect(paper.getByText('(Chưa soạn. Bấm “Soạn báo cáo” để viết phần này.)')).toHaveCount(3);
  // A figure of the draft opens its records.
  await paper.getByRole('link', { name: '113 lượt công dân' }).click();
  await expect(page).toHaveURL(/\/visits\?figure=visits&year=2020&period=year$/);
  await expect(page.getByText('Lượt tiếp công dân — Năm 2020: 113 hồ sơ')).toBeVisible();
  await page.goBack();

  // Part II, the number and the signer, written offline.
  await page.getByRole('button', { name: 'Soạn báo cáo' }).click();
  const form = page.getByRole('form', { name: 'Soạn số, người ký, nơi nhận và phần II–IV' });
  await form.getByLabel('Số', { exact: true }).fill('12/BC-VP');
  await form.getByLabel('Ngày ký').fill('05/01/2021');
  await form.getByLabel('Người ký', { exact: true }).fill('Nguyễn Văn An');
  await form.getByLabel('II. Đánh giá chung').fill('Năm 2020, Văn phòng hoàn thành tốt nhiệm vụ được giao.');
  // The sheet follows the form as it is typed.
  await expect(paper.getByText('Năm 2020, Văn phòng hoàn thành tốt nhiệm vụ được giao.')).toBeVisible();
  await form.getByRole('button', { name: 'Lưu báo cáo' }).click();
  await expect(page.getByRole('status').getByText('Đã lưu báo cáo trên máy này; người khác thấy sau khi đồng bộ.')).toBeVisible();
  await expect(form).toHaveCount(0);
  await expect(paper.getByText('Số: 12/BC-VP')).toBeVisible();
  await expect(paper.getByText(/ngày 05 tháng 01 năm 2021$/)).toBeVisible();
  await expect(paper.getByText('(Chưa soạn. Bấm “Soạn báo cáo” để viết phần này.)')).toHaveCount(2);

  // Word, Excel and the figures, made in the browser, offline.
  const docx = await downloaded(page, 'Tải về Word (.docx)');
  expect(docx.name).toBe('bao-cao-2020-year.docx');
  const words = officePart(docx.path, 'word/document.xml');
  for (const expected of [
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Số: 12/BC-VP',
    'ngày 05 tháng 01 năm 2021',
    'Tiếp 113 lượt công dân với 25 việc',
    'II. ĐÁNH GIÁ CHUNG',
    'Năm 2020, Văn phòng hoàn thành tốt nhiệm vụ được giao.',
    'Nguyễn Văn An',
  ]) {
    expect(words).toContain(expected);
  }
  const xlsx = await downloaded(page, 'Tải bảng số liệu Excel (.xlsx)');
  expect(xlsx.name).toBe('bao-cao-2020-year.xlsx');
  expect(officePart(xlsx.path, 'xl/sharedStrings.xml')).toContain('Lượt tiếp công dân');
  expect(officePart(xlsx.path, 'xl/worksheets/sheet1.xml')).toContain('<v>113</v>');
  const json = await downloaded(page, 'Tải số liệu (.json)');
  const inBrowser = JSON.parse(readFileSync(json.path, 'utf8'));
  // The command line gives the same figures over the server's database.
  const onServer = JSON.parse(
    execFileSync(BINARY, ['report', '--data-dir', demo.dataDir, '--year', '2020', '--format', 'json']).toString(),
  );
  expect(inBrowser).toEqual(onServer);

  // Back online, the edit is sent; another browser sees it.
  await context.setOffline(false);
  await expect(page.getByRole('status', { name: 'Đồng bộ' })).toContainText('Đã đồng bộ', { timeout: 30_000 });
  const other = await signedIn(browser, demo, 'chuyenvien', errors);
  await other.page.goto('/reports?year=2020&period=year');
  const seen = other.page.getByRole('article', { name: 'Bản báo cáo' });
  await expect(seen.getByText('Năm 2020, Văn phòng hoàn thành tốt nhiệm vụ được giao.')).toBeVisible();
  await expect(seen.getByText('Số: 12/BC-VP')).toBeVisible();
  // In English the page speaks English; the report stays as the office signs it.
  await other.page.getByRole('button', { name: 'English' }).click();
  await expect(other.page.getByRole('button', { name: 'Download as Word (.docx)' })).toBeVisible();
  const inEnglish = other.page.getByRole('article', { name: 'The report' });
  await expect(inEnglish.getByText('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBeVisible();
  await expect(inEnglish).toContainText('Tiếp 113 lượt công dân với 25 việc');
  await other.context.close();
  await context.close();
  expect(errors).toEqual([]);
});

test("the year's report has no accessibility violations (axe), on a desktop and on a phone", async ({ browser, demo }) => {
  const errors: string[] = [];
  const { context, page } = await signedIn(browser, demo, 'lanhdao', errors);
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto('/reports?year=2020&period=year');
    await expect(page.getByRole('article', { name: 'Bản báo cáo' })).toContainText('Tiếp 113 lượt công dân');
    await page.getByRole('button', { name: 'Soạn báo cáo' }).click();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((violation) => `${width} px: ${violation.id}: ${violation.help}`)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.getByRole('button', { name: 'Thôi' }).click();
  }
  await context.close();
  expect(errors).toEqual([]);
});
