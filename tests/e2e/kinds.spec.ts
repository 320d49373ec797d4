// Every kind of council work through its generic pages, as the office uses
// them: a reception matter and the visits under it (links both ways, a bad
// field refused with its message, an edit, a second browser), the same
// offline, a form filled by keyboard alone, and axe on every list, record
// page and form. Each test has a server of its own: the shared one keeps the
// empty states the shell tests look at.
import AxeBuilder from '@axe-core/playwright';
import { Browser, BrowserContext, Page, test as base } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Account,
  ADMIN_PASSWORD,
  SECTIONS,
  backToList,
  expect,
  mainNav,
  required,
  saveRecord,
  savedNote,
  signIn,
  startEditing,
  watchConsole,
} from './fixtures';
import { OwnServer } from './own-server';

const BINH: Account = {
  role: 'reception_staff',
  username: 'binh',
  password: 'binh mật khẩu 2026',
  roleVi: 'Chuyên viên tiếp công dân',
};
const CHI: Account = { role: 'office_leader', username: 'chi', password: 'chi mật khẩu 2026', roleVi: 'Lãnh đạo Văn phòng' };
const DUNG: Account = {
  role: 'standing_committee',
  username: 'dung',
  password: 'dung mật khẩu 2026',
  roleVi: 'Thường trực HĐND',
};
const ADMIN: Account = { role: 'admin', username: 'admin', password: ADMIN_PASSWORD, roleVi: 'Quản trị' };

const test = base.extend<{ server: OwnServer }>({
  server: async ({}, use) => {
    const server = new OwnServer();
    await server.start();
    await server.addUser(BINH, 'Hoàng Thị Bình');
    await server.addUser(CHI, 'Lê Minh Chi');
    await server.addUser(DUNG, 'Phạm Văn Dũng');
    await use(server);
    await server.dispose();
  },
});

test.describe.configure({ timeout: 120_000 });

const REQUIRED = 'Không được để trống.';

async function open(browser: Browser, server: OwnServer, account: Account, errors: string[], where = '/') {
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  watchConsole(page, errors);
  await signIn(page, account, where);
  await expect(page.getByRole('status', { name: 'Đồng bộ' })).toBeVisible();
  return { context, page };
}

const syncState = (page: Page) => page.getByRole('status', { name: 'Đồng bộ' });

/** Saves a new record: its own page, saying so; then back to its list. */
async function saved(page: Page, list: string) {
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(savedNote(page)).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`${list}/[0-9a-f-]{36}$`));
  await backToList(page, list);
}

/** What the server holds, asked with the page's session. */
async function serverRecords(page: Page): Promise<any[]> {
  const reply = await page.request.post('/api/sync/pull', { data: { since: 0 } });
  expect(reply.status()).toBe(200);
  return (await reply.json()).records;
}

/** From any page, through the app's own links (works offline). */
async function createMatter(page: Page, subject: string) {
  await mainNav(page).getByRole('link', { name: 'Vụ việc tiếp công dân', exact: true }).click();
  await page.getByRole('link', { name: 'Thêm vụ việc' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vụ việc mới' })).toBeVisible();
  await page.getByLabel('Nội dung vụ việc').fill(subject);
  await page.getByLabel('Loại vụ việc').selectOption({ label: 'Tố cáo' });
  await page.getByLabel('Ngày tiếp nhận').fill('10/03/2020');
  await page.getByLabel('Họ tên công dân').fill('Nguyễn Văn A');
  await saved(page, '/reception-matters');
}

async function addVisitUnder(page: Page, subject: string, people: string) {
  await page.getByRole('row', { name: new RegExp(subject) }).getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  const visits = page.getByRole('region', { name: 'Các lượt tiếp về vụ việc này (0)' });
  await visits.getByRole('link', { name: 'Thêm lượt tiếp' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lượt tiếp mới' })).toBeVisible();
  // The form comes with the matter chosen, and the signed-in official as
  // the one who received.
  await expect(page.getByLabel('Vụ việc')).toHaveValue(/^[0-9a-f-]{36}$/);
  await expect(page.getByLabel('Người tiếp')).toHaveValue('Hoàng Thị Bình');
  await page.getByLabel('Ngày tiếp').fill('10/03/2020');
  await page.getByLabel('Người tiếp').fill('Hoàng Thị Bình');
  await page.getByLabel('Số người').fill(people);
  await saved(page, '/visits');
}

test('a visit is recorded under its matter, each links to the other, and a second browser sees it', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, BINH, errors, '/reception-matters');

  // Every bad field is named at once, beside its input, in Vietnamese.
  await page.getByRole('link', { name: 'Thêm vụ việc' }).click();
  await page.getByLabel('Ngày tiếp nhận').fill('31/02/2020');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByLabel('Nội dung vụ việc')).toHaveAccessibleDescription(REQUIRED);
  await expect(page.getByLabel('Ngày tiếp nhận')).toHaveAccessibleDescription(/Vui lòng nhập một ngày hợp lệ/);
  await expect(page.getByRole('alert')).toContainText('Chưa lưu: 2 lỗi');
  // Focus went to the first field to fix.
  await expect(page.getByLabel('Nội dung vụ việc')).toBeFocused();

  await createMatter(page, 'Tố cáo cán bộ địa chính xã');
  await addVisitUnder(page, 'Tố cáo cán bộ địa chính xã', '6');

  // Visit → its matter → its visits → the visit.
  await page.getByRole('row', { name: /Lượt tiếp ngày 10\/03\/2020/ }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lượt tiếp ngày 10/03/2020' })).toBeVisible();
  await page.getByRole('definition').getByRole('link', { name: 'Tố cáo cán bộ địa chính xã' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tố cáo cán bộ địa chính xã' })).toBeVisible();
  const visits = page.getByRole('region', { name: 'Các lượt tiếp về vụ việc này (1)' });
  await visits.getByRole('link', { name: 'Lượt tiếp ngày 10/03/2020' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lượt tiếp ngày 10/03/2020' })).toBeVisible();

  // An edit that breaks a rule between fields is refused with its message.
  await startEditing(page);
  await page.getByLabel('Đoàn đông người').check();
  await page.getByLabel('Số người').fill('3');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(page.getByLabel('Số người')).toHaveAccessibleDescription('Đoàn đông người từ 5 người trở lên.');
  await page.getByLabel('Số người').fill('7');
  await saveRecord(page);
  await expect(page.getByRole('definition').filter({ hasText: /^7$/ })).toBeVisible();
  await backToList(page, '/visits');
  await expect(page.getByRole('row', { name: /Lượt tiếp ngày 10\/03\/2020/ })).toContainText('7');
  await expect(syncState(page)).toHaveAttribute('data-pending', '0', { timeout: 15_000 });

  // The office leader, in another browser, sees the visit, the matter and
  // the citizen's name; the link works there too.
  const other = await open(browser, server, CHI, errors, '/visits');
  const row = other.page.getByRole('row', { name: /Lượt tiếp ngày 10\/03\/2020/ });
  await expect(row).toContainText('7');
  await expect(row).toContainText('Tố cáo cán bộ địa chính xã');
  await row.getByRole('link').first().click();
  await other.page.getByRole('definition').getByRole('link', { name: 'Tố cáo cán bộ địa chính xã' }).click();
  await expect(other.page.getByRole('definition').filter({ hasText: 'Nguyễn Văn A' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a matter and a visit under it, both created offline, reach the server linked', async ({ browser, server }) => {
  const errors: string[] = [];
  const { context, page } = await open(browser, server, BINH, errors, '/reception-matters');
  // As a returning user finds it: the app kept for offline use (the record
  // pages are a chunk loaded when first opened).
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await context.setOffline(true);
  await createMatter(page, 'Khiếu nại về bồi thường đất');
  await addVisitUnder(page, 'Khiếu nại về bồi thường đất', '2');
  await expect(syncState(page)).toHaveAttribute('data-pending', '2');
  await context.setOffline(false);
  await expect(syncState(page)).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  const records = await serverRecords(page);
  const matter = records.find((record) => record.kind === 'reception_matter');
  const visit = records.find((record) => record.kind === 'visit');
  expect(matter?.fields.subject).toBe('Khiếu nại về bồi thường đất');
  expect(visit?.fields.matter).toBe(matter.id);
  expect(visit?.fields.people).toBe(2);
  // A visit is found by what its row shows of its matter, with or without
  // diacritics; in English too.
  await mainNav(page).getByRole('link', { name: 'Lượt tiếp công dân', exact: true }).click();
  const search = page.getByRole('searchbox', { name: 'Tìm trong danh sách' });
  for (const words of ['boi thuong', 'khiếu nại', 'KHIEU NAI DAT']) {
    await search.fill(words);
    await expect(page.getByRole('rowheader')).toHaveText(['Lượt tiếp ngày 10/03/2020']);
  }
  await search.fill('to cao');
  await expect(page.getByRole('rowheader')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a form is filled and saved by keyboard alone', async ({ browser, server }) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, CHI, errors, '/conferences/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Hội nghị mới' })).toBeVisible();
  const name = page.getByLabel('Tên hội nghị');
  for (let presses = 0; presses < 80 && !(await name.evaluate((input) => input === document.activeElement)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(name).toBeFocused();
  await page.keyboard.type('Hội nghị Thường trực HĐND các tỉnh trung du và miền núi phía Bắc');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Loại hội nghị')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('8');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Vai trò')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('16/10/2020');
  await page.keyboard.press('Tab');
  await page.keyboard.type('17/10/2020');
  await page.keyboard.press('Enter');
  // Saved, it is shown as its page, focus on "Sửa".
  await expect(savedNote(page)).toBeVisible();
  await expect(page).toHaveURL(/\/conferences\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('definition').filter({ hasText: '16/10/2020' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'Đăng cai' })).toBeVisible();
  await backToList(page, '/conferences');
  const row = page.getByRole('row', { name: /Hội nghị Thường trực HĐND các tỉnh/ });
  await expect(row).toContainText('16/10/2020');
  expect(errors).toEqual([]);
});

test('the list is searched with or without diacritics, and words typed with them rank their records first', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, CHI, errors, '/documents');
  const documents: [string, string, string][] = [
    ['12/KH-HĐND', '2020-03-02', 'Kế hoạch tiếp công dân năm 2020'],
    ['40/TTr-UBND', '2020-05-11', 'Tờ trình về phòng, chống thiên tai'],
    ['55/BC-UBND', '2020-09-21', 'Báo cáo kết quả phong trào thi đua yêu nước'],
    ['70/TB-UBND', '2020-10-05', 'Thông báo lịch làm việc tháng 10'],
  ];
  const mutations = documents.map(([number, issuedOn, subject], index) => ({
    client_id: '01936a4e-8f7c-7d21-9c55-0000000000f1',
    seq: index + 1,
    kind: 'document',
    record_id: `01936a4e-8f7c-7d21-9c55-0000000010${index}0`,
    base_version: 0,
    at: Date.now(),
    op: 'put',
    changes: Object.entries({ number, doc_type: 'report', subject, issued_on: issuedOn, issuer: 'UBND tỉnh' }).map(
      ([field, value]) => ({ field, old: null, new: value }),
    ),
  }));
  const reply = await page.request.post('/api/sync/push', { data: { mutations } });
  expect(reply.status()).toBe(200);
  // Pushed from outside this page: a reload pulls them at once.
  await page.reload();
  const table = page.getByRole('table');
  await expect(table.getByRole('caption')).toHaveText('Đang hiển thị 4 trên tổng số 4 văn bản');
  const search = page.getByRole('searchbox', { name: 'Tìm trong danh sách' });
  const firstColumn = () => table.getByRole('rowheader');

  // Without diacritics, đ typed as d, any case.
  await search.fill('tiep cong dan');
  await expect(firstColumn()).toHaveText(['12/KH-HĐND']);
  await search.fill('hdnd');
  await expect(firstColumn()).toHaveText(['12/KH-HĐND']);
  await search.fill('THIÊN TAI');
  await expect(firstColumn()).toHaveText(['40/TTr-UBND']);
  // "phong" finds both, newest first (the list's order)…
  await search.fill('phong');
  await expect(firstColumn()).toHaveText(['55/BC-UBND', '40/TTr-UBND']);
  await expect(table.getByRole('caption')).toHaveText('Đang hiển thị 2 trên tổng số 2 văn bản');
  // …"phòng" lists the one that says "phòng" first.
  await search.fill('phòng');
  await expect(firstColumn()).toHaveText(['40/TTr-UBND', '55/BC-UBND']);
  // A word no record has: nothing, and clearing the search shows all again.
  await search.fill('ngân sách');
  await expect(table.getByRole('caption')).toHaveText('Không có văn bản nào khớp với bộ lọc và từ tìm');
  await search.fill('');
  await expect(firstColumn()).toHaveText(['70/TB-UBND', '55/BC-UBND', '40/TTr-UBND', '12/KH-HĐND']);
  expect(errors).toEqual([]);
});

test("a target's own widget says the result the figures give, and takes it on request", async ({ browser, server }) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, CHI, errors, '/targets/new');
  await page.getByLabel(required('Năm'), { exact: true }).fill('2020');
  await page.getByLabel(required('Chỉ tiêu'), { exact: true }).fill('Phiên họp thường lệ của Thường trực HĐND');
  await page.getByLabel(required('Kế hoạch'), { exact: true }).fill('10');
  await page.getByLabel(required('Cách tính kết quả'), { exact: true }).selectOption({ label: 'Nhập tay' });
  const result = page.getByLabel('Kết quả', { exact: true });
  await page.getByLabel('Thực hiện', { exact: true }).fill('12');
  await expect(page.getByText('Theo số liệu kế hoạch và thực hiện: Vượt')).toBeVisible();
  // A result that contradicts the figures is refused with its message…
  await result.selectOption({ label: 'Không đạt' });
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(result).toHaveAccessibleDescription('Kết quả không khớp với số kế hoạch và số thực hiện.');
  // …and the widget puts the right one.
  await page.getByRole('button', { name: 'Dùng kết quả này' }).click();
  await expect(result).toHaveValue('exceeded');
  await saved(page, '/targets');
  await expect(page.getByRole('row', { name: /Phiên họp thường lệ/ })).toContainText('Vượt');
  expect(errors).toEqual([]);
});

test('a target computed from records counts them, says which, and follows the records as they change', async ({ browser, server }) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, CHI, errors, '/targets/new');
  await page.getByLabel(required('Năm'), { exact: true }).fill('2021');
  await page.getByLabel(required('Chỉ tiêu'), { exact: true }).fill('Phiên họp thường lệ của Thường trực HĐND');
  await page.getByLabel(required('Kế hoạch'), { exact: true }).fill('10');
  await page.getByLabel(required('Cách tính kết quả'), { exact: true }).selectOption({ label: 'Tính từ hồ sơ' });
  // Computed: nothing to type for the actual; the measure is now required.
  await expect(page.getByRole('textbox', { name: 'Thực hiện', exact: true })).toHaveCount(0);
  const measure = page.getByLabel(required('Đếm theo'), { exact: true });
  await measure.selectOption({ label: 'Phiên họp thường lệ của Thường trực HĐND' });
  await expect(page.getByText('0 — tự đếm từ hồ sơ: Phiên họp thường lệ của Thường trực HĐND')).toBeVisible();
  await saved(page, '/targets');
  const row = page.getByRole('row', { name: /Phiên họp thường lệ của Thường trực HĐND \(2021\)/ });
  await expect(row.getByRole('cell', { name: '0', exact: true })).toHaveAttribute('data-label', 'Thực hiện');

  // Two regular meetings of 2021 and an extraordinary one are entered: the
  // target counts the two, at once, and its page lists them. The year is
  // over below the plan: not met.
  for (const [number, type, day] of [['51', 'Thường lệ', '14/01/2021'], ['52', 'Thường lệ', '20/02/2021'], ['53', 'Đột xuất', '02/03/2021']]) {
    await page.goto('/meetings/new');
    await page.getByLabel(required('Phiên họp thứ'), { exact: true }).fill(number);
    await page.getByLabel(required('Loại phiên họp'), { exact: true }).selectOption({ label: type });
    await page.getByLabel(required('Ngày họp'), { exact: true }).fill(day);
    await saved(page, '/meetings');
  }
  await mainNav(page).getByRole('link', { name: 'Chỉ tiêu', exact: true }).click();
  await expect(row.getByRole('cell', { name: '2', exact: true })).toHaveAttribute('data-label', 'Thực hiện');
  await expect(row.getByRole('cell', { name: 'Không đạt' })).toHaveAttribute('data-label', 'Kết quả');
  await row.getByRole('link').click();
  const counted = page.getByRole('region', { name: 'Thực hiện: đếm từ các hồ sơ sau (2)' });
  await expect(counted.getByRole('link')).toHaveText([/^Phiên họp thứ 51/, /^Phiên họp thứ 52/]);
  await counted.getByRole('link', { name: /^Phiên họp thứ 52/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Phiên họp thứ 52/ })).toBeVisible();
  // The server keeps the target without figures: they are counted.
  const target = (await serverRecords(page)).find((record) => record.kind === 'plan_target');
  expect(target.fields).toMatchObject({ source: 'computed', measure: 'regular_sc_meetings', year: 2021 });
  expect(target.fields.actual).toBeUndefined();
  expect(errors).toEqual([]);
});

test('numbers are read as each language writes them, never ×10, and one that reads two ways is asked about', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, CHI, errors, '/targets/new');
  const planned = page.getByLabel(required('Kế hoạch'), { exact: true });
  const actual = page.getByLabel('Thực hiện', { exact: true });
  async function target(text: string, plannedText: string, actualText: string) {
    await page.getByLabel(required('Năm'), { exact: true }).fill('2020');
    await page.getByLabel(required('Chỉ tiêu'), { exact: true }).fill(text);
    await page.getByLabel(required('Cách tính kết quả'), { exact: true }).selectOption({ label: 'Nhập tay' });
    await planned.fill(plannedText);
    await actual.fill(actualText);
  }
  // Vietnamese: "1.234,5" as written; "95.5" can only be a decimal point.
  await target('Tiếp công dân định kỳ', '1.234,5', '95.5');
  await saved(page, '/targets');
  const row = (name: RegExp) => page.getByRole('row', { name });
  const cell = (name: RegExp, text: string) => row(name).getByRole('cell', { name: text, exact: true });
  await expect(cell(/Tiếp công dân định kỳ/, '1.234,5')).toBeVisible();
  await expect(cell(/Tiếp công dân định kỳ/, '95,5')).toBeVisible();
  // "1,234": one point two three four, or thousands typed the English way?
  await page.getByRole('link', { name: 'Thêm chỉ tiêu' }).click();
  await target('Giám sát chuyên đề', '1,234', '1234.5');
  const question = page.getByText('“1,234” đọc được hai cách');
  await expect(question).toBeVisible();
  await expect(planned).toHaveAccessibleDescription(/“1,234” đọc được hai cách/);
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(planned).toHaveAccessibleDescription(/Số này đọc được hai cách; hãy chọn hoặc viết lại./);
  await expect(page).toHaveURL(/\/targets\/new$/);
  await page.getByRole('button', { name: 'Dùng 1.234' }).click();
  await expect(planned).toHaveValue('1.234');
  await expect(question).toBeHidden();
  await saved(page, '/targets');
  await expect(cell(/Giám sát chuyên đề/, '1.234')).toBeVisible();
  await expect(cell(/Giám sát chuyên đề/, '1.234,5')).toBeVisible();
  // Letters are not a number, said as a decimal field says it.
  await page.getByRole('link', { name: 'Thêm chỉ tiêu' }).click();
  await target('Hội nghị', 'mười', '');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(planned).toHaveAccessibleDescription('Vui lòng nhập một số, ví dụ 95,5 hoặc 1.234,5.');

  // English: "1,234.5" and "95.5"; "1.234" is the question there.
  await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
  await page.goto('/targets/new');
  const plannedEn = page.getByLabel(required('Planned', 'en'), { exact: true });
  await page.getByLabel(required('Year', 'en'), { exact: true }).fill('2021');
  await page.getByLabel(required('Target', 'en'), { exact: true }).fill('Thematic supervisions');
  await page.getByLabel(required('How the actual is obtained', 'en'), { exact: true }).selectOption({ label: 'Entered' });
  await plannedEn.fill('1,234.5');
  await page.getByLabel('Actual', { exact: true }).fill('1.234');
  await expect(page.getByText('“1.234” reads two ways')).toBeVisible();
  await page.getByRole('button', { name: 'Use 1,234' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(savedNote(page, 'en')).toBeVisible();
  await page.getByRole('link', { name: /^Back to/ }).click();
  await expect(page).toHaveURL(/\/targets$/);
  await expect(cell(/Thematic supervisions/, '1,234.5')).toBeVisible();
  await expect(cell(/Thematic supervisions/, '1,234')).toBeVisible();
  await expect(cell(/Tiếp công dân định kỳ/, '1,234.5')).toBeVisible();
  await expect(cell(/Tiếp công dân định kỳ/, '95.5')).toBeVisible();

  // What reached the server: the numbers meant, not the digits typed.
  await expect(page.getByRole('status', { name: 'Sync' })).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
  const targets = (await serverRecords(page)).filter((record) => record.kind === 'plan_target');
  const figures = Object.fromEntries(targets.map((record) => [record.fields.text, [record.fields.planned, record.fields.actual]]));
  expect(figures).toEqual({
    'Tiếp công dân định kỳ': [1234.5, 95.5],
    'Giám sát chuyên đề': [1234, 1234.5],
    'Thematic supervisions': [1234.5, 1234],
  });
  expect(errors).toEqual([]);
});

test('on a phone a list is a card per record, each value named, and a record opens from it', async ({ browser, server }) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, CHI, errors);
  const example = documentedExamples().get('council_session');
  const reply = await page.request.post('/api/sync/push', { data: { mutations: [{ ...example, client_id: example.client_id.replace(/.{4}$/, 'c003') }] } });
  expect((await reply.json()).results[0].result).toBe('applied');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/sessions');
  const row = page.getByRole('row', { name: /Kỳ họp thứ 11/ });
  await expect(row).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  // The filters fold behind one button, the search stays in view, and the
  // button says how many are chosen.
  const search = page.getByRole('searchbox', { name: 'Tìm trong danh sách' });
  const folded = page.getByRole('button', { name: 'Bộ lọc', exact: true });
  const yearFilter = page.getByLabel('Năm', { exact: true });
  await expect(search).toBeVisible();
  await expect(folded).toHaveAttribute('aria-expanded', 'false');
  await expect(yearFilter).toBeHidden();
  await folded.click();
  await expect(folded).toHaveAttribute('aria-expanded', 'true');
  await yearFilter.selectOption('2020');
  await expect(page.getByRole('button', { name: 'Bộ lọc (1 đang chọn)' })).toBeVisible();
  await expect(row).toBeVisible();
  await yearFilter.selectOption({ label: 'Tất cả' });
  await folded.click();
  await expect(yearFilter).toBeHidden();
  // The card is no wider than the screen and names what each value is.
  const card = (await row.boundingBox())!;
  expect(card.x + card.width).toBeLessThanOrEqual(390);
  const place = row.getByRole('cell', { name: 'Hội trường Trung tâm Hội nghị tỉnh' });
  await expect(place).toHaveAttribute('data-label', 'Địa điểm');
  await expect(place).toBeVisible();
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1, name: /Kỳ họp thứ 11/ })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.violations.map((violation) => `${violation.id} ${violation.nodes[0]?.target}`)).toEqual([]);
  await page.goto('/sessions');
  await expect(row).toBeVisible();
  const listAxe = await new AxeBuilder({ page }).include('main').analyze();
  expect(listAxe.violations.map((violation) => `${violation.id} ${violation.nodes[0]?.target}`)).toEqual([]);
  expect(errors).toEqual([]);
});

test('from the top of a list the keyboard reaches the first record in a few presses, past the navigation', async ({ browser, server }) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, CHI, errors);
  const example = documentedExamples().get('council_session');
  const reply = await page.request.post('/api/sync/push', { data: { mutations: [{ ...example, client_id: example.client_id.replace(/.{4}$/, 'c004') }] } });
  expect((await reply.json()).results[0].result).toBe('applied');
  await page.goto('/sessions');
  const first = page.getByRole('row', { name: /Kỳ họp thứ 11/ }).getByRole('link');
  await expect(first).toBeVisible();
  // The first Tab is the skip link; Enter takes focus past the top bar and
  // the navigation's sections to the page's content.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Chuyển đến nội dung chính' })).toBeFocused();
  await page.keyboard.press('Enter');
  let presses = 2;
  for (; presses < 40; presses++) {
    if (await first.evaluate((link) => link === document.activeElement)) break;
    await page.keyboard.press('Tab');
  }
  await expect(first).toBeFocused();
  // Then: "Thêm kỳ họp", "Đã xóa (0)", the year, type and review-state
  // filters, the search, the five columns' sort buttons — 12 Tabs, where 41
  // went through the navigation.
  test.info().annotations.push({ type: 'key presses to the first record', description: String(presses) });
  expect(presses).toBeLessThanOrEqual(14);
  expect(errors).toEqual([]);
});

test('a long picker is filtered by typing, with or without diacritics, and keeps what is chosen', async ({ browser, server }) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, CHI, errors);
  const example = documentedExamples().get('document');
  // Nine submissions: one about compensation, eight about budgets.
  const mutations = Array.from({ length: 9 }, (_, index) => ({
    ...example,
    client_id: example.client_id.replace(/.{4}$/, 'c005'),
    seq: index + 1,
    record_id: example.record_id.replace(/.{4}$/, `d10${index}`),
    changes: example.changes.map((change: any) =>
      change.field === 'number'
        ? { ...change, new: `${300 + index}/TTr-UBND` }
        : change.field === 'subject'
          ? { ...change, new: index === 4 ? 'Bồi thường giải phóng mặt bằng Quốc lộ 2' : `Phân bổ ngân sách đợt ${index + 1}` }
          : change,
    ),
  }));
  const reply = await page.request.post('/api/sync/push', { data: { mutations } });
  expect((await reply.json()).results.map((result: any) => result.result)).toEqual(Array(9).fill('applied'));
  await page.goto('/matters/new');
  const picker = page.getByLabel(required('Văn bản UBND trình'), { exact: true });
  await expect(picker.getByRole('option')).toHaveCount(10);
  // Each long picker has its own filter (a matter has two: the submission
  // and the reply), described by the picker's label.
  const filters = page.getByRole('searchbox', { name: 'Lọc danh sách chọn' });
  await expect(filters).toHaveCount(2);
  const filter = filters.first();
  await expect(filter).toHaveAccessibleDescription(/Văn bản UBND trình/);
  await expect(filters.nth(1)).not.toHaveAccessibleDescription(/Văn bản UBND trình/);
  await filter.fill('boi thuong');
  await expect(picker.getByRole('option')).toHaveText(['— Chưa chọn —', /^304\/TTr-UBND .*Bồi thường giải phóng mặt bằng/]);
  await picker.selectOption({ index: 1 });
  // Another filter keeps the chosen one, and clearing it shows them all.
  // (Every word is looked for in the whole option, its date included: "9"
  // is only in "đợt 9".)
  await filter.fill('ngân sách đợt 9');
  await expect(picker.getByRole('option')).toHaveText(['— Chưa chọn —', /^304\/TTr-UBND/, /^308\/TTr-UBND/]);
  await expect(picker).toHaveValue(mutations[4].record_id);
  await filter.fill('');
  await expect(picker.getByRole('option')).toHaveCount(10);
  expect(errors).toEqual([]);
});

/** The create under each "### Kind `…`" heading of docs/API.md. */
function documentedExamples(): Map<string, any> {
  const text = fs.readFileSync(path.join(__dirname, '../../docs/API.md'), 'utf8');
  const examples = new Map<string, any>();
  for (const section of text.split('\n### Kind `').slice(1)) {
    const kind = section.slice(0, section.indexOf('`'));
    const json = section.split('```json\n')[1].split('\n```')[0];
    examples.set(kind, JSON.parse(json).mutations[0]);
  }
  return examples;
}

/**
 * The examples in an order the server takes them: each after the examples
 * its links name (a link to a record the server does not hold is refused).
 */
function linkedFirst(examples: Map<string, any>): [string, any][] {
  const byId = new Map([...examples].map(([kind, example]) => [example.record_id, kind]));
  const order: [string, any][] = [];
  const placed = new Set<string>();
  const place = (kind: string, path: string[]) => {
    if (placed.has(kind)) return;
    if (path.includes(kind)) throw new Error(`the examples link in a circle: ${[...path, kind].join(' → ')}`);
    const example = examples.get(kind);
    for (const change of example.changes) {
      for (const value of [change.new].flat()) {
        const target = byId.get(value);
        if (target && target !== kind) place(target, [...path, kind]);
      }
    }
    placed.add(kind);
    order.push([kind, example]);
  };
  for (const kind of examples.keys()) place(kind, []);
  return order;
}

const WRITER: Record<string, 'admin' | 'reception' | 'leader'> = {
  term: 'admin',
  committee: 'admin',
  delegate_group: 'admin',
  deputy: 'admin',
  field: 'admin',
  admin_unit: 'admin',
  reception_matter: 'reception',
  visit: 'reception',
  letter: 'reception',
};

// A third of the kinds per test: the three run side by side.
const KIND_SECTIONS = SECTIONS.filter((section) => !['/', '/my-work', '/follow-up', '/reports', '/changes', '/admin'].includes(section.path));
for (const part of [0, 1, 2]) {
  test(`axe finds nothing to fix on the lists, record pages and forms (part ${part + 1} of 3)`, async ({
    browser,
    server,
  }) => {
    // Eight checks of axe for each of eight or nine kinds: 2–4 min alone,
    // twice that beside the other tests on a busy machine.
    test.setTimeout(720_000);
    const errors: string[] = [];
    const pages: Record<string, { context: BrowserContext; page: Page; client: string; seq: number }> = {};
    for (const [who, account, client] of [
      ['admin', ADMIN, 'a001'],
      ['reception', BINH, 'a002'],
      ['leader', CHI, 'a003'],
      ['reader', DUNG, 'a004'],
    ] as const) {
      const { context, page } = await open(browser, server, account, errors);
      pages[who] = { context, page, client, seq: 1 };
    }
    const examples = documentedExamples();
    const kindPaths = KIND_SECTIONS;
    expect(examples.size).toBe(kindPaths.length);
    // One record of every kind, pushed as docs/API.md shows, by a role that
    // writes it, each writer with a client id of its own (the documented one
    // with other last digits) and its own sequence.
    // The documented ids are kept: the examples link to one another.
    const ids = new Map<string, string>();
    for (const [kind, example] of linkedFirst(examples)) {
      const writer = pages[WRITER[kind] ?? 'leader'];
      const mutation = { ...example };
      mutation.client_id = example.client_id.replace(/.{4}$/, writer.client);
      mutation.seq = writer.seq++;
      const reply = await writer.page.request.post('/api/sync/push', { data: { mutations: [mutation] } });
      expect(reply.status(), kind).toBe(200);
      const result = (await reply.json()).results[0];
      expect(result.result, `${kind}: ${JSON.stringify(result)}`).toBe('applied');
      ids.set(kind, mutation.record_id);
    }
    const kinds = [...examples.keys()];
    // The Standing Committee member reads every kind and writes none: the
    // record page is the details. Writers get the same page with "Sửa",
    // which opens the form, and deleting at its foot, which asks. The list
    // and the form again at phone width.
    const check = async (page: Page, where: string) => {
      // The page's own content; the shell around it is checked by the shell tests.
      const axe = await new AxeBuilder({ page }).include('main').analyze();
      expect(axe.violations.map((violation) => `${where}: ${violation.id} ${violation.nodes[0]?.target}`)).toEqual([]);
    };
    for (const [index, section] of kindPaths.entries()) {
      if (index % 3 !== part) continue;
      const kind = kinds[index];
      const record = `${section.path}/${ids.get(kind)}`;
      const reader = pages.reader.page;
      await reader.setViewportSize({ width: 1366, height: 768 });
      await reader.goto(section.path);
      await expect(reader.getByRole('table')).toBeVisible();
      await check(reader, `${section.path} (reader)`);
      await reader.setViewportSize({ width: 390, height: 844 });
      await check(reader, `${section.path} (reader, 390 px)`);
      await reader.goto(record);
      await expect(reader.getByRole('term').first()).toBeVisible();
      await check(reader, `${record} (reader, 390 px)`);
      await reader.setViewportSize({ width: 1366, height: 768 });
      await check(reader, `${record} (reader)`);

      const { page } = pages[WRITER[kind] ?? 'leader'];
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.goto(record);
      await expect(page.getByRole('term').first()).toBeVisible();
      // The question before deleting looks the same for every kind: once a part.
      if (index < 3) {
        await page.getByRole('button', { name: /^Xóa .*…$/ }).click();
        await expect(page.getByRole('alertdialog')).toBeVisible();
        await check(page, `${record} (writer, asked to delete)`);
        await page.keyboard.press('Escape');
      }
      await startEditing(page);
      await check(page, `${record} (writer, form)`);
      await page.setViewportSize({ width: 390, height: 844 });
      await check(page, `${record} (writer, form, 390 px)`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.setViewportSize({ width: 1366, height: 768 });
    }
    expect(errors).toEqual([]);
  });
}

/** A field as docs/API.md's table of its kind lists it. */
type DocField = { name: string; label: string; value: string; required: boolean };

/** Every kind's fields, from the tables under "### Kind `…`". */
function documentedFields(): Map<string, DocField[]> {
  const text = fs.readFileSync(path.join(__dirname, '../../docs/API.md'), 'utf8');
  const kinds = new Map<string, DocField[]>();
  for (const section of text.split('\n### Kind `').slice(1)) {
    const kind = section.slice(0, section.indexOf('`'));
    const fields: DocField[] = [];
    for (const line of section.split('\n')) {
      const cells = line.split(' | ');
      if (!line.startsWith('| `') || cells.length < 5) continue;
      fields.push({
        name: cells[0].replace('| `', '').replace('`', ''),
        label: cells[1],
        value: cells[2],
        required: cells[3] === 'yes',
      });
    }
    kinds.set(kind, fields);
  }
  return kinds;
}

/**
 * A field's accessible name in a form: its label, and "(bắt buộc)" when
 * required — always, or because a rule asks for it with the values filled
 * so far (which the form marks as it goes).
 */
const formLabel = (field: DocField): string | RegExp =>
  field.required
    ? required(field.label)
    : new RegExp(`^${field.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\(bắt buộc\\))?$`);

/** Fills one input the way a person types the value. */
async function fill(page: Page, field: DocField, value: any) {
  // A field the example leaves out (an admin unit's parent) stays as it is.
  if (value === undefined) return;
  const input = page.getByLabel(formLabel(field), { exact: true });
  if (field.value.startsWith('`true`')) {
    if (value) await input.check();
    else await input.uncheck();
  } else if (field.value.startsWith('one of') || field.value.startsWith('the `id`')) {
    await input.selectOption(String(value));
  } else if (field.value.startsWith('a list of')) {
    // Lists of links are checkboxes; the flows leave them as they are.
  } else if (field.value.startsWith('date')) {
    const [year, month, day] = String(value).split('-');
    await input.fill(`${day}/${month}/${year}`);
  } else if (field.value.startsWith('number')) {
    await input.fill(String(value).replace('.', ','));
  } else {
    await input.fill(String(value));
  }
}

for (const part of [0, 1, 2]) {
  test(`every kind: created, refused with its message, edited, seen in a second browser, links followed both ways (part ${part + 1} of 3)`, async ({
    browser,
    server,
  }) => {
    test.setTimeout(300_000);
    const errors: string[] = [];
    const pages: Record<string, { page: Page; client: string; seq: number }> = {};
    for (const [who, account, client] of [
      ['admin', ADMIN, 'b001'],
      ['reception', BINH, 'b002'],
      ['leader', CHI, 'b003'],
      ['reader', DUNG, 'b004'],
    ] as const) {
      const { page } = await open(browser, server, account, errors);
      pages[who] = { page, client, seq: 1 };
    }
    // Every kind's documented example first: the records links point to.
    const examples = documentedExamples();
    for (const [kind, example] of linkedFirst(examples)) {
      const writer = pages[WRITER[kind] ?? 'leader'];
      const mutation = { ...example, client_id: example.client_id.replace(/.{4}$/, writer.client), seq: writer.seq++ };
      const reply = await writer.page.request.post('/api/sync/push', { data: { mutations: [mutation] } });
      const result = (await reply.json()).results[0];
      expect(result.result, `${kind}: ${JSON.stringify(result)}`).toBe('applied');
    }
    const fields = documentedFields();
    const kinds = [...examples.keys()];
    for (const [index, section] of KIND_SECTIONS.entries()) {
      if (index % 3 !== part) continue;
      const kind = kinds[index];
      const example = examples.get(kind);
      const values = Object.fromEntries(example.changes.map((change: any) => [change.field, change.new]));
      const specFields = fields.get(kind)!;
      const { page } = pages[WRITER[kind] ?? 'leader'];
      await page.goto(section.path);
      await expect(page.getByRole('heading', { level: 1, name: section.vi })).toBeVisible();
      await expect(page.getByRole('table')).toBeVisible();

      // A save with nothing filled names the missing fields beside them.
      await page.goto(`${section.path}/new`);
      await page.getByRole('button', { name: 'Lưu', exact: true }).click();
      const missing = specFields.find((field) => field.required && !field.value.startsWith('one of'));
      if (missing) {
        await expect(page.getByLabel(formLabel(missing), { exact: true }), `${kind}.${missing.name}`).toHaveAccessibleDescription(
          new RegExp(REQUIRED),
        );
      }
      // Filled as the example says, it is saved and listed.
      for (const field of specFields) await fill(page, field, values[field.name]);
      await page.getByRole('button', { name: 'Lưu', exact: true }).click();
      await expect(page, kind).toHaveURL(new RegExp(`${section.path}/[0-9a-f-]{36}$`));
      await expect(savedNote(page)).toBeVisible();
      await backToList(page, section.path);
      await expect(page.getByRole('table').locator('caption')).toContainText('trên tổng số 2 ');
      await expect(page.getByRole('status', { name: 'Đồng bộ' })).toHaveAttribute('data-pending', '0', { timeout: 20_000 });
      const pulled = await (await page.request.post('/api/sync/pull', { data: { since: 0 } })).json();
      const created = pulled.records.find((record: any) => record.kind === kind && record.id !== example.record_id);
      expect(created, kind).toBeTruthy();

      // Edited: the first text field gets another value (a term, which has
      // none, another last year).
      const textField = specFields.find((field) => field.value.startsWith('text'));
      const edited = textField ?? specFields.filter((field) => field.value.startsWith('whole number')).at(-1)!;
      const newValue = textField ? `Đã sửa ${kind}` : String(Number(values[edited.name]) + 1);
      await page.goto(`${section.path}/${created.id}`);
      await startEditing(page);
      await page.getByLabel(formLabel(edited), { exact: true }).fill(newValue);
      await saveRecord(page);
      await expect(page.getByRole('definition').filter({ hasText: newValue }).first()).toBeVisible();
      await expect(page.getByRole('status', { name: 'Đồng bộ' })).toHaveAttribute('data-pending', '0', { timeout: 20_000 });

      // The Standing Committee member, in another browser, reads the edit.
      const reader = pages.reader.page;
      await reader.goto(`${section.path}/${created.id}`);
      await expect(reader.getByRole('definition').filter({ hasText: newValue }).first()).toBeVisible({ timeout: 20_000 });

      // A link to another record, followed there and back.
      // (one the example fills: an admin unit's parent is left out)
      const linkField = specFields.find((field) => field.value.startsWith('the `id`') && values[field.name] !== undefined);
      if (linkField) {
        await page.goto(`${section.path}/${created.id}`);
        // The heading is the kind's name until the record is read, then its title.
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(section.vi);
        const title = (await page.getByRole('heading', { level: 1 }).textContent())!;
        await page.getByRole('definition').getByRole('link').first().click();
        await expect(page).not.toHaveURL(new RegExp(`${created.id}$`));
        // The record and the example may share a title: the one that is ours.
        const back = page.getByRole('region', { name: 'Hồ sơ liên quan' }).getByRole('link', { name: title, exact: true });
        await expect(back.first()).toBeVisible();
        for (const link of await back.all()) {
          if ((await link.getAttribute('href'))?.endsWith(created.id)) {
            await link.click();
            break;
          }
        }
        await expect(page, `${kind}: back`).toHaveURL(new RegExp(`${section.path}/${created.id}$`));
      }
    }
    expect(errors).toEqual([]);
  });
}

/** Pushes records as another client would (one mutation per record). */
async function pushRecords(page: Page, client: string, records: [string, string, Record<string, unknown>][]) {
  const mutations = records.map(([kind, id, fields], index) => ({
    client_id: `01936a4e-8f7c-7d21-9c55-0000${client}`,
    seq: index + 1,
    kind,
    record_id: id,
    base_version: 0,
    at: Date.now(),
    op: 'put',
    changes: Object.entries(fields).map(([field, value]) => ({ field, old: null, new: value })),
  }));
  const reply = await page.request.post('/api/sync/push', { data: { mutations } });
  expect(reply.status(), await reply.text()).toBe(200);
  for (const result of (await reply.json()).results) expect(result.result, JSON.stringify(result)).toBe('applied');
}

const recordId = (n: number) => `01936a4e-8f7c-7d21-9c55-${String(n).padStart(12, '0')}`;

test('a field a rule makes required is marked so as soon as it does, in both languages and on a phone', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, CHI, errors);
  await pushRecords(page, '0000e001', [
    ['supervision', recordId(501), { topic: 'Giám sát việc sửa chữa tỉnh lộ 176', body: 'standing_committee', form: 'thematic', starts_on: '2020-05-04', ends_on: '2020-05-08' }],
  ]);
  for (const [language, width] of [['vi', 1366], ['en', 390], ['vi', 390], ['en', 1366]] as const) {
    await page.setViewportSize({ width, height: width > 1000 ? 768 : 844 });
    await page.goto('/recommendations/new');
    const vi = language === 'vi';
    if (!vi) await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
    const response = vi ? 'Kết quả trả lời, thực hiện' : 'Response';
    const doneOn = vi ? 'Ngày hoàn thành' : 'Done on';
    // Optional while the recommendation is not done: no mark, not required.
    await expect(page.getByLabel(response, { exact: true })).not.toHaveAttribute('aria-required', 'true');
    await expect(page.getByLabel(required(vi ? 'Nội dung kiến nghị' : 'Recommendation', language), { exact: true })).toHaveAttribute(
      'aria-required',
      'true',
    );
    await expect(page.getByText(vi ? 'Các trường có dấu * là bắt buộc.' : 'Fields marked * are required.')).toBeVisible();
    // Done: both are marked at once, before any save.
    await page.getByLabel(required(vi ? 'Tình trạng' : 'Status', language), { exact: true }).selectOption({ label: vi ? 'Đã thực hiện' : 'Done' });
    const responseNow = page.getByLabel(required(response, language), { exact: true });
    await expect(responseNow).toHaveAttribute('aria-required', 'true');
    await expect(page.getByLabel(required(doneOn, language), { exact: true })).toHaveAttribute('aria-required', 'true');
    await page.getByRole('button', { name: vi ? 'Lưu' : 'Save', exact: true }).click();
    await expect(responseNow).toHaveAccessibleDescription(vi ? 'Không được để trống.' : 'This cannot be left empty.');
    // Back to "in progress": optional again.
    await page.getByLabel(required(vi ? 'Tình trạng' : 'Status', language), { exact: true }).selectOption({ label: vi ? 'Đang thực hiện' : 'In progress' });
    await expect(page.getByLabel(response, { exact: true })).not.toHaveAttribute('aria-required', 'true');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const axe = await new AxeBuilder({ page }).include('main').analyze();
    expect(axe.violations.map((violation) => `${language}: ${violation.id} ${violation.nodes[0]?.target}`)).toEqual([]);
    if (!vi) await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Tiếng Việt' }).click();
  }
  expect(errors).toEqual([]);
});

test('records read apart: titles and pickers say what tells them apart, in Vietnamese order, and lists find them by their links', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const { page } = await open(browser, server, CHI, errors);
  await pushRecords(page, '0000e002', [
    ['party_member', recordId(601), { full_name: 'Zô Thị An', active: true }],
    ['party_member', recordId(602), { full_name: 'Đỗ Văn Hùng', active: true }],
    ['party_member', recordId(603), { full_name: 'Dương Văn Bình', active: true }],
    ['party_member', recordId(604), { full_name: 'Bùi Thị Lan', active: true }],
    ['party_rating', recordId(611), { year: 2020, rated: 'member', member: recordId(602), rating: 'httnv' }],
    ['party_rating', recordId(612), { year: 2020, rated: 'member', member: recordId(603), rating: 'httnv' }],
    ['document', recordId(621), { number: '324/TTr-UBND', doc_type: 'submission', subject: 'Tờ trình về giá đất năm 2021', issued_on: '2020-11-05', issuer: 'UBND tỉnh' }],
  ]);
  await page.reload();
  // Two ratings of the same year and grade: each titled by its member.
  await page.goto('/party-ratings');
  await expect(page.getByRole('rowheader')).toHaveText([
    'Xếp loại năm 2020 — Dương Văn Bình: Hoàn thành tốt nhiệm vụ',
    'Xếp loại năm 2020 — Đỗ Văn Hùng: Hoàn thành tốt nhiệm vụ',
  ]);
  // Found by the member's name, without diacritics.
  await page.getByRole('searchbox', { name: 'Tìm trong danh sách' }).fill('do van hung');
  await expect(page.getByRole('rowheader')).toHaveText(['Xếp loại năm 2020 — Đỗ Văn Hùng: Hoàn thành tốt nhiệm vụ']);
  // The member picker in Vietnamese order: Đ after D, before Z.
  await page.goto('/party-ratings/new');
  const members = page.getByLabel(required('Đảng viên'), { exact: true }).locator('option');
  await expect(members).toHaveText(['— Chưa chọn —', 'Bùi Thị Lan', 'Dương Văn Bình', 'Đỗ Văn Hùng', 'Zô Thị An']);
  // A document is offered with its date and subject.
  await page.goto('/matters/new');
  await expect(page.getByLabel(required('Văn bản UBND trình'), { exact: true }).locator('option').nth(1)).toHaveText(
    '324/TTr-UBND ngày 05/11/2020: Tờ trình về giá đất năm 2021',
  );
  // On a phone, in English, the same.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByLabel(required('Submitting document', 'en'), { exact: true }).locator('option').nth(1)).toHaveText(
    '324/TTr-UBND of 05/11/2020: Tờ trình về giá đất năm 2021',
  );
  await page.goto('/party-ratings');
  await expect(page.getByRole('rowheader').first()).toHaveText('Rating 2020 — Dương Văn Bình: Good');
  expect(errors).toEqual([]);
});

test('the office name the server is given is in the top bar, also offline', async ({ browser }) => {
  const server = new OwnServer();
  server.env = { HDND_OFFICE_NAME: 'Văn phòng Đoàn ĐBQH và HĐND tỉnh Phú Thọ' };
  await server.start();
  const errors: string[] = [];
  const { context, page } = await open(browser, server, ADMIN, errors);
  const brand = page.getByRole('banner').getByRole('link', { name: /^Sổ công tác HĐND/ });
  await expect(brand).toHaveAccessibleName('Sổ công tác HĐND Văn phòng Đoàn ĐBQH và HĐND tỉnh Phú Thọ');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await context.setOffline(true);
  await page.reload();
  await expect(brand).toHaveAccessibleName('Sổ công tác HĐND Văn phòng Đoàn ĐBQH và HĐND tỉnh Phú Thọ');
  await context.close();
  await server.dispose();
  expect(errors).toEqual([]);
});

test('a matter for opinion creates its document in place, offline, and keeps what was typed', async ({ browser, server }) => {
  const errors: string[] = [];
  const { context, page } = await open(browser, server, CHI, errors, '/matters/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Nội dung xin ý kiến mới' })).toBeVisible();
  await context.setOffline(true);
  await page.getByLabel(required('Nội dung'), { exact: true }).fill('Quy định giá đất năm 2021');
  await page.getByLabel(required('Ngày nhận'), { exact: true }).fill('06/11/2020');
  // The document it comes with does not exist yet: made here, in a dialog.
  const add = page.getByRole('button', { name: 'Thêm văn bản mới…' }).first();
  await expect(add).toHaveAccessibleDescription(/Văn bản UBND trình/);
  await add.click();
  const dialog = page.getByRole('dialog', { name: 'Văn bản mới' });
  await expect(dialog.getByLabel(required('Số, ký hiệu'), { exact: true })).toBeFocused();
  // Escape gives up and gives focus back to the button; nothing typed is lost.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(add).toBeFocused();
  await expect(page.getByLabel(required('Nội dung'), { exact: true })).toHaveValue('Quy định giá đất năm 2021');
  await add.click();
  // Refused like any form, beside its fields, in the dialog.
  await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(dialog.getByLabel(required('Trích yếu'), { exact: true })).toHaveAccessibleDescription(REQUIRED);
  await dialog.getByLabel(required('Số, ký hiệu'), { exact: true }).fill('324/TTr-UBND');
  await dialog.getByLabel(required('Loại văn bản'), { exact: true }).selectOption({ label: 'Tờ trình' });
  await dialog.getByLabel(required('Trích yếu'), { exact: true }).fill('Tờ trình về giá đất năm 2021');
  await dialog.getByLabel(required('Ngày ban hành'), { exact: true }).fill('05.11.2020');
  await dialog.getByLabel(required('Cơ quan ban hành'), { exact: true }).fill('UBND tỉnh');
  await dialog.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(dialog).toBeHidden();
  // The new document is chosen; the matter is saved with it.
  const picker = page.getByLabel(required("Văn bản UBND trình"), { exact: true });
  await expect(picker.locator("option:checked")).toHaveText('324/TTr-UBND ngày 05/11/2020: Tờ trình về giá đất năm 2021');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(savedNote(page)).toBeVisible();
  await expect(page.getByRole('definition').getByRole('link', { name: '324/TTr-UBND' })).toBeVisible();
  await expect(syncState(page)).toHaveAttribute('data-pending', '2');
  await context.setOffline(false);
  await expect(syncState(page)).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
  const records = await serverRecords(page);
  const created = records.find((record) => record.kind === 'document');
  expect(created?.fields.issued_on).toBe('2020-11-05');
  expect(records.find((record) => record.kind === 'opinion_matter')?.fields.document).toBe(created.id);

  // In English, on a phone: the same dialog, clean for axe.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
  await page.goto('/matters/new');
  await page.getByRole('button', { name: 'Add a new document…' }).first().click();
  const english = page.getByRole('dialog', { name: 'New document' });
  await expect(english.getByLabel(required('Number and symbol', 'en'), { exact: true })).toBeFocused();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
  expect(axe.violations.map((violation) => `${violation.id} ${violation.nodes[0]?.target}`)).toEqual([]);
  await english.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(english).toBeHidden();
  expect(errors).toEqual([]);
});

// Items 1, 3, 5, 6, 7, 8 and 11 of a clerk's day in the other language and
// on a phone: a matter for opinion whose reply date is refused in the
// kind's own words, its document made in place and chosen from a filtered
// picker, the record page read, kept from deletion by Escape, the matter
// found by its document's number, and a target that counts it, its plan
// typed the way the language writes numbers.
const CLERK = {
  vi: {
    matterNew: 'Nội dung xin ý kiến mới', content: 'Nội dung', received: 'Ngày nhận', replied: 'Ngày trả lời',
    ruleMessage: 'Ngày trả lời không được trước ngày nhận.', addDocument: 'Thêm văn bản mới…', documentDialog: 'Văn bản mới',
    number: 'Số, ký hiệu', type: 'Loại văn bản', submission: 'Tờ trình', subject: 'Trích yếu', issued: 'Ngày ban hành',
    issuer: 'Cơ quan ban hành', picker: 'Văn bản UBND trình', filter: 'Lọc danh sách chọn',
    option: '324/TTr-UBND ngày 05/11/2020: Tờ trình về giá đất năm 2021', save: 'Lưu', edit: 'Sửa', saved: /^Đã lưu/,
    createdBy: /^Tạo bởi Lê Minh Chi lúc \d\d\/\d\d\/\d{4} \d\d:\d\d/, deleteButton: 'Xóa nội dung xin ý kiến…',
    deleteQuestion: 'Xóa nội dung xin ý kiến này?', keep: 'Không xóa', search: 'Tìm trong danh sách', back: /^Quay lại danh sách/,
    targetNew: '/targets/new', year: 'Năm', target: 'Chỉ tiêu', planned: 'Kế hoạch', source: 'Cách tính kết quả',
    computed: 'Tính từ hồ sơ', measure: 'Đếm theo', measureLabel: 'Nội dung UBND tỉnh trình xin ý kiến',
    plannedTyped: '1.234,5', plannedShown: '1.234,5', counted: 'Thực hiện: đếm từ các hồ sơ sau (1)',
  },
  en: {
    matterNew: 'New matter', content: 'Matter', received: 'Received on', replied: 'Replied on',
    ruleMessage: 'The reply date cannot be before the date received.', addDocument: 'Add a new document…', documentDialog: 'New document',
    number: 'Number and symbol', type: 'Type', submission: 'Submission', subject: 'Subject line', issued: 'Issued on',
    issuer: 'Issuer', picker: 'Submitting document', filter: 'Filter the choices',
    option: '324/TTr-UBND of 05/11/2020: Tờ trình về giá đất năm 2021', save: 'Save', edit: 'Edit', saved: /was saved\.$/,
    createdBy: /^Created by Lê Minh Chi at \d\d\/\d\d\/\d{4} \d\d:\d\d/, deleteButton: 'Delete matter…',
    deleteQuestion: 'Delete this matter?', keep: 'Keep it', search: 'Search the list', back: /^Back to the list/,
    targetNew: '/targets/new', year: 'Year', target: 'Target', planned: 'Planned', source: 'How the actual is obtained',
    computed: 'Computed from records', measure: 'Counted by', measureLabel: "Matters the People's Committee submitted for opinion",
    plannedTyped: '1,234.5', plannedShown: '1,234.5', counted: 'Actual: counted from these records (1)',
  },
};

for (const [language, width] of [['en', 1366], ['vi', 390], ['en', 390]] as const) {
  test(`a clerk's matter, its document made in place and a target counting it, in ${language === 'vi' ? 'Vietnamese' : 'English'} at ${width} px`, async ({
    browser,
    server,
  }) => {
    const t = CLERK[language];
    const label = (text: string) => (language === 'vi' ? required(text) : required(text, 'en'));
    const errors: string[] = [];
    const { page } = await open(browser, server, CHI, errors);
    // Eight other documents make the picker long enough to be filtered.
    await pushRecords(
      page,
      `0000e1${language === 'vi' ? '0' : '1'}${width > 1000 ? '0' : '1'}`,
      Array.from({ length: 8 }, (_, index) => [
        'document',
        recordId(700 + index),
        { number: `${500 + index}/TTr-UBND`, doc_type: 'submission', subject: `Phân bổ ngân sách đợt ${index + 1}`, issued_on: '2020-10-01', issuer: 'UBND tỉnh' },
      ]),
    );
    await page.setViewportSize({ width, height: width > 1000 ? 768 : 844 });
    await page.goto('/matters/new');
    if (language === 'en') await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: t.matterNew })).toBeVisible();
    const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await fits();

    // Item 3: a rule between two dates speaks of this kind's own fields.
    await page.getByLabel(label(t.content), { exact: true }).fill('Quy định giá đất năm 2021');
    await page.getByLabel(label(t.received), { exact: true }).fill('06/11/2020');
    const replied = page.getByLabel(t.replied, { exact: true });
    await replied.fill('01/11/2020');
    await page.getByRole('button', { name: t.save, exact: true }).click();
    // (After the field's hint: "Ngày/tháng/năm, ví dụ 09/12/2020.")
    await expect(replied).toHaveAccessibleDescription(new RegExp(`\\. ${t.ruleMessage.replace(/\./g, '\\.')}$`));
    await replied.fill('');

    // Item 11: the document is made here, in a dialog.
    await page.getByRole('button', { name: t.addDocument }).first().click();
    const dialog = page.getByRole('dialog', { name: t.documentDialog });
    await dialog.getByLabel(label(t.number), { exact: true }).fill('324/TTr-UBND');
    await dialog.getByLabel(label(t.type), { exact: true }).selectOption({ label: t.submission });
    await dialog.getByLabel(label(t.subject), { exact: true }).fill('Tờ trình về giá đất năm 2021');
    await dialog.getByLabel(label(t.issued), { exact: true }).fill('5-11-2020');
    await dialog.getByLabel(label(t.issuer), { exact: true }).fill('UBND tỉnh');
    await dialog.getByRole('button', { name: t.save, exact: true }).click();
    await expect(dialog).toBeHidden();
    // Item 5: chosen, told apart by its date and subject, and found again
    // in the long picker by typing without diacritics.
    const picker = page.getByLabel(label(t.picker), { exact: true });
    await expect(picker.getByRole('option', { name: t.option })).toBeAttached();
    const filter = page.getByRole('searchbox', { name: t.filter }).first();
    await filter.fill('gia dat');
    await expect(picker.getByRole('option')).toHaveCount(2);
    await expect(picker.getByRole('option').nth(1)).toHaveText(t.option);
    await expect(picker).not.toHaveValue('');
    // On a phone the closed select shows only the start of it: the chosen
    // title is written out under it; a desktop shows it whole in the select.
    const written = page.getByText(t.option, { exact: true }).and(page.locator('p'));
    if (width < 600) await expect(written).toBeVisible();
    else await expect(written).toBeHidden();
    await fits();

    // Item 7: saved, the record read as a page, with who made it.
    await page.getByRole('button', { name: t.save, exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: t.saved })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1, name: 'Quy định giá đất năm 2021' })).toBeVisible();
    await expect(page.getByRole('button', { name: t.edit, exact: true })).toBeVisible();
    await expect(page.getByText(t.createdBy)).toBeVisible();
    await expect(page.getByRole('definition').getByRole('link', { name: '324/TTr-UBND' })).toBeVisible();
    const deleteButton = page.getByRole('button', { name: t.deleteButton });
    await deleteButton.click();
    const confirm = page.getByRole('alertdialog', { name: t.deleteQuestion });
    await expect(confirm.getByRole('button', { name: t.keep })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(deleteButton).toBeFocused();
    await fits();

    // Item 6: the list finds the matter by its document's number.
    await page.getByRole('link', { name: t.back }).click();
    await expect(page).toHaveURL(/\/matters$/);
    await page.getByRole('searchbox', { name: t.search }).fill('324/ttr');
    await expect(page.getByRole('rowheader')).toHaveText(['Quy định giá đất năm 2021']);

    // Items 1 and 8: a target whose plan is typed as the language writes
    // it and whose actual counts the matter just entered.
    await page.goto(t.targetNew);
    await page.getByLabel(label(t.year), { exact: true }).fill('2020');
    await page.getByLabel(label(t.target), { exact: true }).fill('Nội dung xin ý kiến');
    await page.getByLabel(label(t.planned), { exact: true }).fill(t.plannedTyped);
    await page.getByLabel(label(t.source), { exact: true }).selectOption({ label: t.computed });
    await page.getByLabel(label(t.measure), { exact: true }).selectOption({ label: t.measureLabel });
    await page.getByRole('button', { name: t.save, exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: t.saved })).toBeVisible();
    await expect(page.getByRole('definition').filter({ hasText: t.plannedShown })).toBeVisible();
    const counted = page.getByRole('region', { name: t.counted });
    await expect(counted.getByRole('link')).toHaveText(['Quy định giá đất năm 2021']);
    await fits();
    const axe = await new AxeBuilder({ page }).include('main').analyze();
    expect(axe.violations.map((violation) => `${violation.id} ${violation.nodes[0]?.target}`)).toEqual([]);
    const target = (await serverRecords(page)).find((record) => record.kind === 'plan_target');
    expect(target?.fields.planned).toBe(1234.5);
    expect(errors).toEqual([]);
  });
}

/** The review state the server holds for the record with `subject`. */
async function reviewOnServer(page: Page, subject: string): Promise<string | undefined> {
  const record = (await serverRecords(page)).find((one) => one.fields?.subject === subject);
  return record?.fields?.review;
}

test('a record is submitted, returned with a comment, seen in Việc của tôi, resubmitted and approved, then no longer editable', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const subject = 'Đơn đề nghị xem xét cấp giấy chứng nhận quyền sử dụng đất';
  const staff = await open(browser, server, BINH, errors);
  await createMatter(staff.page, subject);
  const row = staff.page.getByRole('row', { name: new RegExp(subject) });
  await expect(row).toContainText('Nháp');
  await row.getByRole('link').click();
  const panel = staff.page.getByRole('region', { name: 'Duyệt' });
  await expect(panel).toContainText('Nháp');
  await panel.getByRole('button', { name: 'Gửi duyệt' }).click();
  await expect(panel).toContainText('Chờ duyệt');
  await expect.poll(() => reviewOnServer(staff.page, subject)).toBe('submitted');

  // The leader finds it waiting, counted in the navigation, and returns it.
  const leader = await open(browser, server, CHI, errors, '/my-work');
  await expect(mainNav(leader.page)).toContainText('Chờ tôi duyệt: 1');
  const waiting = leader.page.getByRole('region', { name: 'Chờ tôi duyệt' });
  await waiting.getByRole('link', { name: subject }).click();
  const leaderPanel = leader.page.getByRole('region', { name: 'Duyệt' });
  await leaderPanel.getByRole('button', { name: 'Trả lại' }).click();
  const dialog = leader.page.getByRole('dialog', { name: 'Trả lại để sửa?' });
  // A return without a comment is refused, with its message.
  await dialog.getByRole('button', { name: 'Trả lại' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Hãy ghi ý kiến (lý do) trước khi tiếp tục.');
  await dialog.getByLabel('Ý kiến gửi người soạn').fill('Bổ sung địa chỉ thửa đất');
  await dialog.getByRole('button', { name: 'Trả lại' }).click();
  await expect(dialog).toBeHidden();
  await expect(leaderPanel).toContainText('Bổ sung địa chỉ thửa đất');
  await expect.poll(() => reviewOnServer(leader.page, subject)).toBe('returned');

  // The author sees it returned, with the comment, and sends it again.
  await staff.page.goto('/my-work');
  const returned = staff.page.getByRole('region', { name: 'Trả lại cho tôi' });
  await expect(returned).toContainText('Bổ sung địa chỉ thửa đất');
  await returned.getByRole('link', { name: subject }).click();
  await expect(panel).toContainText('Trả lại');
  await panel.getByRole('button', { name: 'Gửi duyệt' }).click();
  await expect(panel).toContainText('Chờ duyệt');
  await expect.poll(() => reviewOnServer(staff.page, subject)).toBe('submitted');

  // The leader approves it; neither of them can edit it any more.
  await leader.page.goto('/my-work');
  await leader.page.getByRole('region', { name: 'Chờ tôi duyệt' }).getByRole('link', { name: subject }).click();
  await leaderPanel.getByRole('button', { name: 'Duyệt', exact: true }).click();
  await expect(leaderPanel).toContainText('Đã duyệt');
  await expect.poll(() => reviewOnServer(leader.page, subject)).toBe('approved');
  await staff.page.reload();
  await expect(panel).toContainText('Đã duyệt');
  await expect(staff.page.getByRole('button', { name: 'Sửa', exact: true })).toHaveCount(0);
  await expect(staff.page.getByRole('button', { name: /^Xóa/ })).toHaveCount(0);

  // The history: every step, who took it, newest first, values as read.
  const history = staff.page.getByRole('region', { name: 'Lịch sử thay đổi' });
  await history.getByRole('button', { name: 'Xem lịch sử thay đổi' }).click();
  const entries = history.getByRole('listitem');
  await expect(entries).toHaveCount(5);
  await expect(entries.nth(0)).toContainText(/^Duyệt · Lê Minh Chi · \d\d\/\d\d\/\d{4} \d\d:\d\d/);
  await expect(entries.nth(1)).toContainText('Gửi duyệt · Hoàng Thị Bình');
  await expect(entries.nth(2)).toContainText('Trả lại · Lê Minh Chi');
  await expect(entries.nth(2).getByRole('row', { name: /Ý kiến khi duyệt/ })).toContainText('Bổ sung địa chỉ thửa đất');
  await expect(entries.nth(2).getByRole('row', { name: /Trạng thái duyệt/ })).toContainText('Chờ duyệtTrả lại');
  await expect(entries.nth(4)).toContainText('Tạo bản ghi · Hoàng Thị Bình');
  await expect(entries.nth(4).getByRole('row', { name: /Ngày tiếp nhận/ })).toContainText('10/03/2020');
  await expect(entries.nth(4).getByRole('row', { name: /Loại vụ việc/ })).toContainText('Tố cáo');
  await expect(entries.nth(4).getByRole('row', { name: /Họ tên công dân/ })).toContainText('Nguyễn Văn A');
  // In English too.
  await staff.page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
  const englishHistory = staff.page.getByRole('region', { name: 'History of changes' });
  await expect(englishHistory.getByRole('listitem').nth(0)).toContainText('Approved · Lê Minh Chi');
  await expect(englishHistory.getByRole('listitem').nth(2)).toContainText('Returned · Lê Minh Chi');
  await expect(englishHistory.getByRole('listitem').nth(4)).toContainText('Created · Hoàng Thị Bình');
  await expect(englishHistory.getByRole('listitem').nth(4).getByRole('row', { name: /Type/ })).toContainText('Denunciation');
  await staff.page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(history).toBeVisible();

  // Offline, the history last read is still there, and says when it was read.
  await staff.context.setOffline(true);
  await staff.page.reload();
  await history.getByRole('button', { name: 'Xem lịch sử thay đổi' }).click();
  await expect(history).toContainText(/Đang ngoại tuyến: lịch sử lưu trên máy này lúc \d\d\/\d\d\/\d{4}/);
  await expect(history.getByRole('listitem')).toHaveCount(5);
  await staff.context.setOffline(false);

  // The Standing Committee reads the same history without the citizen's data.
  const committee = await open(browser, server, DUNG, errors, '/reception-matters');
  await committee.page.getByRole('row', { name: new RegExp(subject) }).getByRole('link').click();
  const theirs = committee.page.getByRole('region', { name: 'Lịch sử thay đổi' });
  await theirs.getByRole('button', { name: 'Xem lịch sử thay đổi' }).click();
  await expect(theirs.getByRole('listitem')).toHaveCount(5);
  await expect(theirs.getByRole('listitem').nth(4).getByRole('row', { name: /Họ tên công dân/ })).toContainText(
    '(ẩn: thông tin cá nhân)',
  );
  await expect(theirs).not.toContainText('Nguyễn Văn A');
  expect(errors).toEqual([]);
});

test('a task past its deadline is flagged: in Việc của tôi, counted in the navigation, on Theo dõi with its owner', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const leader = await open(browser, server, CHI, errors, '/tasks/new');
  await expect(leader.page.getByRole('heading', { level: 1, name: 'Nhiệm vụ mới' })).toBeVisible();
  await leader.page.getByRole('textbox', { name: /^Nhiệm vụ/ }).fill('Hiệp thương giới thiệu người ứng cử');
  await leader.page.getByLabel('Người, đơn vị thực hiện').fill('Ban Tổ chức');
  await leader.page.getByLabel('Thời hạn').fill('20/03/2021');
  await leader.page.getByLabel('Tình trạng').selectOption({ label: 'Chưa thực hiện' });
  await saved(leader.page, '/tasks');
  await expect(syncState(leader.page)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });

  // Its author sees it under Việc của tôi, with how long it is overdue.
  await leader.page.goto('/my-work');
  const mine = leader.page.getByRole('region', { name: /^Việc tôi tạo đến hạn hoặc quá hạn/ });
  const row = mine.getByRole('row', { name: /Hiệp thương giới thiệu người ứng cử/ });
  await expect(row).toContainText(/quá \d{1,3}(\.\d{3})* ngày/);
  await expect(row).toContainText('20/03/2021');
  await expect(row).toContainText('Ban Tổ chức');
  await expect(mainNav(leader.page).getByText('Quá hạn: 1')).toBeAttached();

  // Theo dõi, đôn đốc lists it, and counts it under its owner; offline too.
  await leader.context.setOffline(true);
  await mainNav(leader.page).getByRole('link', { name: 'Theo dõi, đôn đốc', exact: true }).click();
  const overdue = leader.page.getByRole('region', { name: 'Quá hạn (1)' });
  await expect(overdue.getByRole('row', { name: /Hiệp thương giới thiệu người ứng cử/ })).toContainText('Thời hạn ghi trong hồ sơ');
  await expect(
    leader.page.getByRole('region', { name: 'Việc quá hạn theo nơi đang giữ' }).getByRole('row', { name: /Ban Tổ chức/ }),
  ).toContainText('1');
  await leader.context.setOffline(false);

  // Done, it is no longer followed up.
  await overdue.getByRole('link', { name: 'Hiệp thương giới thiệu người ứng cử' }).click();
  await startEditing(leader.page);
  await leader.page.getByLabel('Tình trạng').selectOption({ label: 'Hoàn thành' });
  await leader.page.getByLabel('Ngày hoàn thành').fill('19/03/2021');
  await saveRecord(leader.page);
  await leader.page.goto('/follow-up');
  await expect(leader.page.getByRole('region', { name: 'Quá hạn (0)' })).toContainText('Không có việc nào quá hạn.');
  await expect(mainNav(leader.page).getByText('Quá hạn: 0')).toBeAttached();
  expect(errors).toEqual([]);
});

test('the top bar searches every kind offline, without diacritics, marks the words, and never finds what the role may not see', async ({
  browser,
  server,
}) => {
  const errors: string[] = [];
  const staff = await open(browser, server, BINH, errors);
  await createMatter(staff.page, 'Khiếu nại về việc thu hồi đất của HĐND xã Nậm Cang');
  await createMatter(staff.page, 'Phản ánh về phong trào văn nghệ ở bản Lao Chải');
  await expect(syncState(staff.page)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });

  await staff.context.setOffline(true);
  const box = staff.page.getByRole('search', { name: 'Tìm kiếm trong sổ' }).getByRole('searchbox', { name: 'Tìm trong sổ' });
  await box.fill('hdnd nam cang');
  await box.press('Enter');
  await expect(staff.page).toHaveURL(/\/search\?q=hdnd\+nam\+cang$/);
  await expect(staff.page.getByRole('status').filter({ hasText: /^Tìm thấy/ })).toHaveText('Tìm thấy 1 bản ghi thuộc 1 loại.');
  const group = staff.page.getByRole('region', { name: 'Vụ việc tiếp công dân (1)' });
  const result = group.getByRole('link', { name: /thu hồi đất của HĐND xã Nậm Cang/ });
  await expect(result.locator('mark')).toHaveText(['HĐND', 'Nậm', 'Cang']);

  // As typed on the page, results follow; with diacritics the spelling typed comes first.
  const words = staff.page.getByLabel('Từ cần tìm');
  await words.fill('phòng trào');
  await expect(staff.page.getByRole('region', { name: 'Vụ việc tiếp công dân (1)' }).getByRole('link')).toHaveText(
    'Phản ánh về phong trào văn nghệ ở bản Lao Chải',
  );
  await words.fill('khong co trong so');
  await expect(staff.page.getByRole('status').filter({ hasText: /^(Tìm thấy|Không tìm thấy)/ })).toHaveText('Không tìm thấy bản ghi nào.');
  await words.fill('THU HOI DAT');
  await staff.page.getByRole('region', { name: 'Vụ việc tiếp công dân (1)' }).getByRole('link').click();
  await expect(staff.page.getByRole('heading', { level: 1, name: 'Khiếu nại về việc thu hồi đất của HĐND xã Nậm Cang' })).toBeVisible();
  await staff.context.setOffline(false);

  // The Standing Committee does not see citizens' names: searching one finds nothing.
  const committee = await open(browser, server, DUNG, errors, '/search?q=nguyen+van+a');
  await expect(committee.page.getByRole('status').filter({ hasText: /^(Tìm thấy|Không tìm thấy)/ })).toHaveText(
    'Không tìm thấy bản ghi nào.',
  );
  await committee.page.getByLabel('Từ cần tìm').fill('thu hoi dat');
  await expect(committee.page.getByRole('region', { name: 'Vụ việc tiếp công dân (1)' })).toBeVisible();
  // Reception staff see citizens' names, and find them.
  await staff.page.goto('/search?q=nguyen+van+a');
  await expect(staff.page.getByRole('region', { name: 'Vụ việc tiếp công dân (2)' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('a deleted record is listed under Đã xóa with who deleted it, looked at, and restored', async ({ browser, server }) => {
  const errors: string[] = [];
  const subject = 'Kiến nghị về việc cấp nước sinh hoạt ở bản Nậm Cang';
  const staff = await open(browser, server, BINH, errors);
  await createMatter(staff.page, subject);
  await staff.page.getByRole('row', { name: new RegExp(subject) }).getByRole('link').click();
  await staff.page.getByRole('button', { name: 'Xóa vụ việc…' }).click();
  await staff.page.getByRole('alertdialog').getByRole('button', { name: 'Xác nhận xóa' }).click();
  await expect(staff.page).toHaveURL(/\/reception-matters$/);
  await expect(staff.page.getByRole('row', { name: new RegExp(subject) })).toHaveCount(0);
  await expect(syncState(staff.page)).toContainText('Đã đồng bộ lúc', { timeout: 20_000 });

  // The leader, another writer of the kind, finds it under Đã xóa.
  const leader = await open(browser, server, CHI, errors, '/reception-matters');
  await leader.page.getByRole('link', { name: 'Đã xóa (1)' }).click();
  await expect(leader.page.getByRole('heading', { level: 1, name: 'Vụ việc tiếp công dân đã xóa' })).toBeVisible();
  const item = leader.page.getByRole('listitem').filter({ hasText: subject });
  await expect(item).toContainText(/Xóa bởi Hoàng Thị Bình lúc \d\d\/\d\d\/\d{4} \d\d:\d\d/);
  await item.getByText('Xem nội dung').click();
  await expect(item.getByText('Nguyễn Văn A')).toBeVisible();
  await item.getByRole('button', { name: `Khôi phục “${subject}”` }).click();
  await expect(leader.page.getByRole('status').filter({ hasText: `Đã khôi phục “${subject}”.` })).toBeVisible();
  await expect(leader.page.getByText('Không có bản ghi nào đã xóa.')).toBeVisible();
  await expect
    .poll(async () => (await serverRecords(leader.page)).find((one) => one.fields?.subject === subject)?.deleted)
    .toBe(false);
  await leader.page.getByRole('link', { name: 'Mở bản ghi' }).click();
  await expect(leader.page.getByRole('heading', { level: 1, name: subject })).toBeVisible();
  // The history tells the deletion and the restore, by whom.
  const history = leader.page.getByRole('region', { name: 'Lịch sử thay đổi' });
  await history.getByRole('button', { name: 'Xem lịch sử thay đổi' }).click();
  await expect(history.getByRole('listitem').nth(0)).toContainText('Khôi phục bản ghi · Lê Minh Chi');
  await expect(history.getByRole('listitem').nth(1)).toContainText('Xóa bản ghi · Hoàng Thị Bình');
  expect(errors).toEqual([]);
});
