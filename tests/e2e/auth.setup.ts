// Runs before the browser tests: the administrator (created at first start
// from HDND_ADMIN_PASSWORD) adds one account per role through the API, then
// each account signs in through the login page and its browser state is
// saved for the tests that work as that role.
import { test as setup, expect } from '@playwright/test';
import { ACCOUNTS, ADMIN_PASSWORD, SPARE_ACCOUNTS, signIn, storageFor } from './fixtures';

setup('accounts for every role', async ({ request, browser }) => {
  const login = await request.post('/api/auth/login', {
    data: { username: 'admin', password: ADMIN_PASSWORD },
  });
  expect(login.status()).toBe(200);
  for (const account of [...Object.values(ACCOUNTS), ...SPARE_ACCOUNTS]) {
    if (account.username === 'admin') continue;
    const created = await request.post('/api/admin/users/create', {
      data: {
        username: account.username,
        display_name: `Người dùng ${account.username}`,
        role: account.role,
        password: account.password,
      },
    });
    expect(created.status(), await created.text()).toBe(200);
  }
  for (const account of Object.values(ACCOUNTS)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, account);
    await context.storageState({ path: storageFor(account.role) });
    await context.close();
  }
});
