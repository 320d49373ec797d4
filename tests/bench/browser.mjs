// The browser half of `cargo xtask bench`: hdnd and PouchDB side by side in
// the same headless Chromium, with the same council sessions.
//
// - first sync of N records into a fresh browser profile (hdnd: from the
//   sign-in click until the list shows all N and the bar says "synced";
//   PouchDB: `PouchDB.replicate` from express-pouchdb into a fresh profile);
// - opening offline with N and with M records until the list is there
//   (hdnd: reload with the network off until the list's caption counts all
//   records; PouchDB: reload, then `allDocs({include_docs: true})`);
// - 1,000 edits made offline, pushed when the network comes back (from going
//   online until the bar no longer counts waiting changes);
// - the list of N records: opening it, filtering by year, a search typed
//   without diacritics (and the first one, right after the list opened), one
//   with diacritics that every record matches, sorting by a column, showing
//   100 more (from the event until the next frame after the table changed,
//   timed in the page).
//
// - with M records, and with HUGE (the records added past M all of 2010),
//   offline: the Overview of this year and of 2010 until their figures
//   are shown, the same for Báo cáo, and the .docx made in the browser
//   (from the click until the download starts), with the time the figures
//   took in the page; a reload of the Overview of 2010; the search across
//   everything (the first query, which builds the word index, then typed
//   queries until their results show), beside a plain JavaScript scan of the
//   same records' folded texts in the same page.
//
// Usage (from tests/): node bench/browser.mjs HDND_BINARY OUT.json [N] [M] [ROUNDS] [HUGE]
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import httpAdapter from 'pouchdb-adapter-http';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const binary = path.resolve(process.argv[2] ?? '../target/release/hdnd');
const out = path.resolve(process.argv[3] ?? '../target/bench/browser.json');
const N = Number(process.argv[4] ?? 10_000);
const M = Number(process.argv[5] ?? 20_000);
const ROUNDS = Number(process.argv[6] ?? 3);
const HUGE = Number(process.argv[7] ?? 100_000);
const EDITS = 1_000;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const adminPassword = 'đo hiệu năng trình duyệt 2026';
const userPassword = 'chuyên viên đo 2026';
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'hdnd-bench-browser-'));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round = (ms) => Math.round(ms);
/** Rounds' phases ({name: ms}) → the median of each phase. */
const medianPhases = (rounds) =>
  Object.fromEntries(Object.keys(rounds[0]).map((key) => [key, median(rounds.map((phases) => phases[key]))]));

// ------------------------------------------------------------------ records

const agendaLines = [
  'Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, an ninh',
  'Tờ trình về dự toán thu ngân sách nhà nước trên địa bàn và chi ngân sách địa phương',
  'Báo cáo kết quả giám sát việc giải quyết ý kiến, kiến nghị của cử tri',
  'Nghị quyết về kế hoạch đầu tư công trung hạn giai đoạn 2021 - 2025',
  'Chất vấn và trả lời chất vấn tại kỳ họp',
  'Báo cáo công tác phòng, chống tham nhũng, lãng phí',
  'Quyết định chủ trương đầu tư các dự án nhóm B trên địa bàn tỉnh',
];

/** The same council sessions the server bench stores (about 1 KB each). */
function sessionFields(index, inYear) {
  const year = inYear ?? 2000 + (index % 26);
  const day = String(1 + (index % 28)).padStart(2, '0');
  return {
    term: 10 + (index % 9),
    number: 1 + (index % 40),
    session_type: ['regular', 'thematic', 'extraordinary'][index % 3],
    starts_on: `${year}-07-${day}`,
    ends_on: `${year}-07-${day}`,
    place: `Hội trường Trung tâm Hội nghị tỉnh, phòng ${index}`,
    agenda: agendaLines.map((line, at) => `${at + 1}. ${line} (${index})`).join('\n'),
  };
}

/** A UUIDv7 as the browser makes them. */
function uuid7() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i += 1) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// ------------------------------------------------------------------ hdnd

async function startHdnd() {
  const data = fs.mkdtempSync(path.join(scratch, 'hdnd-'));
  const server = spawn(binary, ['serve', '--addr', '127.0.0.1:0', '--data-dir', data], {
    env: { ...process.env, HDND_ADMIN_PASSWORD: adminPassword, RUST_LOG: 'warn,server=info', NO_COLOR: '1' },
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
  const call = async (cookie, endpoint, body) => {
    const response = await fetch(base + endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`${endpoint}: ${response.status} ${await response.text()}`);
    return { json: await response.json(), cookie: response.headers.get('set-cookie')?.split(';')[0] };
  };
  const { cookie: admin } = await call(null, '/api/auth/login', { username: 'admin', password: adminPassword });
  await call(admin, '/api/admin/users/create', {
    username: 'lan', display_name: 'Trần Thị Lan', role: 'staff', password: userPassword,
  });
  // The records are entered by data-entry accounts, a new one every 4,800
  // mutations: each account's write rate allows 5,000 at once
  // (server/src/rates.rs), and the bench enters up to 100,000.
  const seeders = [];
  const seeder = async () => {
    const current = seeders[seeders.length - 1];
    if (current && current.pushed + 200 <= 4_800) return current;
    const username = `nhaplieu${seeders.length + 1}`;
    await call(admin, '/api/admin/users/create', {
      username, display_name: `Nhập liệu ${seeders.length + 1}`, role: 'staff', password: userPassword,
    });
    const { cookie } = await call(null, '/api/auth/login', { username, password: userPassword });
    const fresh = { cookie, clientId: uuid7(), seq: 0, pushed: 0 };
    seeders.push(fresh);
    return fresh;
  };
  const records = [];
  /** Stores council sessions up to `total`, 200 per push (dated in `year` if given). */
  const seedTo = async (total, year) => {
    while (records.length < total) {
      const by = await seeder();
      const mutations = [];
      for (let index = records.length; index < Math.min(total, records.length + 200); index += 1) {
        const id = uuid7();
        mutations.push({
          client_id: by.clientId, seq: (by.seq += 1), kind: 'council_session', record_id: id,
          base_version: 0, at: Date.now(), op: 'put',
          changes: Object.entries(sessionFields(index, year)).map(([field, value]) => ({ field, old: null, new: value })),
        });
      }
      const { json } = await call(by.cookie, '/api/sync/push', { mutations });
      if (json.results?.length !== mutations.length || json.results.some((result) => result.result !== 'applied')) {
        throw new Error(`push answered ${json.results?.length} of ${mutations.length}: ${JSON.stringify(json).slice(0, 300)}`);
      }
      by.pushed += mutations.length;
      for (const mutation of mutations) records.push(mutation.record_id);
    }
  };
  const stop = () => {
    server.kill('SIGKILL');
    fs.rmSync(data, { recursive: true, force: true });
  };
  return { base, seedTo, records, stop, pid: server.pid };
}

async function launch(base) {
  const profile = fs.mkdtempSync(path.join(scratch, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: ['--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
    baseURL: base,
    viewport: { width: 1366, height: 768 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, close };
}

const syncStatus = (page) => page.getByRole('status', { name: 'Đồng bộ' });
/** The list's caption once it counts all `count` sessions ("… trên tổng số 2.000 kỳ họp"). */
const listed = (page, count) => page.getByText(`trên tổng số ${shownCount(count)} kỳ họp`);
/** A count as the app writes it in Vietnamese: "2.000". */
const shownCount = (count) => count.toLocaleString('vi-VN');

/** Signs in on a fresh profile; ms from the click until all `count` are listed and synced. */
async function hdndFirstSync(page, count) {
  await page.goto('/login');
  await page.getByLabel('Tên đăng nhập').fill('lan');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(userPassword);
  const clickedAt = await page.evaluate(() => performance.now());
  const started = Date.now();
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('group', { name: 'Người dùng đang đăng nhập' }).waitFor({ timeout: 120_000 });
  await page.getByRole('link', { name: 'Kỳ họp', exact: true }).first().click();
  await listed(page, count).waitFor({ timeout: 600_000 }).catch(async (error) => {
    await page.screenshot({ path: path.join(os.tmpdir(), 'hdnd-bench-first-sync.png') });
    throw error;
  });
  await syncStatus(page).filter({ hasText: 'Đã đồng bộ lúc' }).waitFor({ timeout: 600_000 });
  const elapsed = Date.now() - started;
  // Where the time went, from the app's marks (app/src/sync/replica.rs).
  const phases = await page.evaluate((clickedAt) => {
    const times = (name) => performance.getEntriesByName(name).map((entry) => entry.startTime);
    const opened = times('hdnd-replica-open')[0];
    const firstPull = times('hdnd-pull')[0];
    const written = times('hdnd-page-written');
    return {
      signing_in: opened - clickedAt,
      until_first_pull: firstPull - opened,
      pulling: written[written.length - 1] - firstPull,
      pages: written.length,
      until_seen: performance.now() - written[written.length - 1],
    };
  }, clickedAt);
  return { elapsed, phases };
}

/**
 * With HDND_BENCH_PROFILE=DIR, a CPU profile of the page (open DIR/NAME.cpuprofile
 * in Chromium's DevTools) and its self time by kind printed: WebAssembly,
 * JavaScript, garbage collection, the browser's own work ("(program)") and idle.
 */
async function startProfile(context, page) {
  const dir = process.env.HDND_BENCH_PROFILE;
  if (!dir) return null;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(name) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
      const self = {};
      const functions = {};
      for (let i = 0; i < profile.samples.length; i += 1) {
        const frame = byNode.get(profile.samples[i]).callFrame;
        const where = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}`;
        functions[where] = (functions[where] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
        const kind = frame.url.endsWith('.wasm') || frame.url.startsWith('wasm://') ? 'wasm'
          : ['(garbage collector)', '(program)', '(idle)', '(root)'].includes(frame.functionName) ? frame.functionName
            : 'javascript';
        self[kind] = (self[kind] ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000;
      }
      console.log(`  profile ${name}: ${Object.entries(self).map(([kind, ms]) => `${kind} ${round(ms)} ms`).join(', ')}`);
      const top = Object.entries(functions).sort((a, b) => b[1] - a[1]).slice(0, 12);
      console.log(`  most self time: ${top.map(([where, ms]) => `${where} ${round(ms)}`).join('; ')}`);
      await cdp.detach();
    },
  };
}

/** Reloads with the network off; ms from the reload until the list counts all `count`. */
async function hdndOpenOffline(context, page, count, rounds) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await context.setOffline(true);
  const times = [];
  const phases = [];
  for (let i = 0; i < rounds; i += 1) {
    const started = Date.now();
    await page.reload();
    await listed(page, count).waitFor({ timeout: 120_000 });
    times.push(Date.now() - started);
    phases.push(await page.evaluate(() => {
      // The app's own marks (app/src/sync/replica.rs), from the navigation.
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      return {
        app_started: at('hdnd-replica-open'),
        chunks_read: at('hdnd-replica-chunks-read') - at('hdnd-replica-open'),
        chunks_parsed: at('hdnd-replica-chunks-parsed') - at('hdnd-replica-chunks-read'),
        rest_of_load: at('hdnd-replica-loaded') - at('hdnd-replica-chunks-parsed'),
        list_built: at('hdnd-replica-shown') - at('hdnd-replica-loaded'),
        until_seen: performance.now() - at('hdnd-replica-shown'),
      };
    }));
  }
  await context.setOffline(false);
  return { times, phases };
}

/**
 * 1,000 edits made offline (written into the replica's outbox as the app
 * writes them: one mutation per edit of a session's place), then the
 * network comes back: ms until the bar no longer counts waiting changes.
 */
async function hdndOfflineEdits(context, page, records) {
  await context.setOffline(true);
  await page.reload();
  await listed(page, records.length).waitFor({ timeout: 120_000 });
  const edits = records.slice(0, EDITS).map((id, index) => ({
    id,
    old: sessionFields(index).place,
    new: `Phòng họp số ${index + 1}, Nhà Quốc hội tỉnh`,
  }));
  await page.evaluate(async (edits) => {
    const request = (r) => new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
    const db = await request(indexedDB.open('hdnd-replica-lan'));
    const tx = db.transaction(['meta', 'outbox'], 'readwrite', { durability: 'strict' });
    const metaStore = tx.objectStore('meta');
    const meta = JSON.parse(await request(metaStore.get('meta')));
    const outbox = tx.objectStore('outbox');
    for (const edit of edits) {
      const seq = meta.next_seq;
      meta.next_seq += 1;
      outbox.put(JSON.stringify({
        client_id: meta.client_id, seq, kind: 'council_session', record_id: edit.id,
        base_version: 1, at: Date.now(), op: 'put',
        changes: [{ field: 'place', old: edit.old, new: edit.new }],
      }), seq);
    }
    meta.generation += 1;
    metaStore.put(JSON.stringify(meta), 'meta');
    await new Promise((ok, no) => { tx.oncomplete = ok; tx.onerror = () => no(tx.error); });
    db.close();
  }, edits);
  await page.reload();
  await syncStatus(page).filter({ hasText: `${shownCount(edits.length)} thay đổi chờ gửi` }).waitFor({ timeout: 120_000 });
  const profiler = await startProfile(context, page);
  const started = Date.now();
  await context.setOffline(false);
  await syncStatus(page).filter({ hasNotText: 'chờ gửi' }).filter({ hasText: 'Đã đồng bộ lúc' }).waitFor({ timeout: 300_000 });
  const elapsed = Date.now() - started;
  await profiler?.stop('offline-edits');
  // Where the time went, from the app's marks (app/src/sync/replica.rs).
  const phases = await page.evaluate(() => {
    const times = (name) => performance.getEntriesByName(name).map((entry) => entry.startTime);
    // Each start to the first end after it and before the next start (a
    // push sent while offline has no answer).
    const between = (from, to) => {
      const starts = times(from);
      const ends = times(to);
      return starts.reduce((sum, start, index) => {
        const next = starts[index + 1] ?? Infinity;
        const end = ends.find((at) => at >= start && at < next);
        return end === undefined ? sum : sum + (end - start);
      }, 0);
    };
    return {
      pushes_answered: times('hdnd-push-answered').length,
      waiting_for_server: between('hdnd-push', 'hdnd-push-answered'),
      writing_answers: between('hdnd-push-answered', 'hdnd-push-written'),
      pulling_back: between('hdnd-pull', 'hdnd-pull-written'),
    };
  });
  return { elapsed, phases };
}

// ------------------------------------------------------------------ PouchDB

PouchDB.plugin(memoryAdapter).plugin(httpAdapter).plugin(mapreduce).plugin(replication);
const MemoryPouch = PouchDB.defaults({ adapter: 'memory' });

/**
 * The sessions list with every record: ms from each action until the frame
 * after the table changed, timed in the page (medians of `rounds`).
 */
async function listTimes(page, count, rounds) {
  const samples = { open: [], filter_year: [], search: [], search_marks: [], sort: [], show_more: [] };
  for (let round = 0; round < rounds; round += 1) {
    await page.getByRole('link', { name: 'Tổng quan', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
    const opened = page.evaluate(
      (count) =>
        new Promise((resolve) => {
          const started = performance.now();
          const check = () => {
            const caption = document.querySelector('caption');
            // hdnd's "… trên tổng số 2.000 kỳ họp", the floor's "…/2000 kỳ họp".
            const all = [`/${count} `, `tổng số ${count.toLocaleString('vi-VN')} `];
            if (caption && all.some((text) => caption.textContent.includes(text))) {
              requestAnimationFrame(() => resolve(performance.now() - started));
            } else requestAnimationFrame(check);
          };
          document.querySelector('a[href="/sessions"]').click();
          check();
        }),
      count,
    );
    samples.open.push(await opened);
    // Each change: dispatch it, then wait for the caption or first row to change.
    const timed = (action) =>
      page.evaluate((action) => {
        const caption = () => document.querySelector('caption')?.textContent ?? '';
        const firstRow = () => document.querySelector('tbody tr')?.textContent ?? '';
        const rows = () => document.querySelectorAll('tbody tr').length;
        const before = [caption(), firstRow(), rows()];
        const started = performance.now();
        if (action.select) {
          const select = document.getElementById(action.select);
          select.value = action.value;
          select.dispatchEvent(new Event('change', { bubbles: true }));
        } else if (action.type !== undefined) {
          const input = document.getElementById('filter-text');
          input.value = action.type;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        } else if (action.sort) {
          document.querySelectorAll('thead th button.sort')[action.sort].click();
        } else if (action.more) {
          [...document.querySelectorAll('button')].find((b) => b.textContent.includes('Hiện thêm')).click();
        }
        return new Promise((resolve) => {
          const check = () => {
            const now = [caption(), firstRow(), rows()];
            if (now.some((value, index) => value !== before[index])) {
              requestAnimationFrame(() => resolve(performance.now() - started));
            } else requestAnimationFrame(check);
          };
          check();
        });
      }, action);
    samples.filter_year.push(await timed({ select: 'filter-year', value: '2010' }));
    await timed({ select: 'filter-year', value: '' });
    samples.search.push(await timed({ type: 'phong 12' }));
    await timed({ type: '' });
    // With diacritics, matching every record: each is also looked at as
    // typed, to rank exact matches first.
    await timed({ type: 'phòng 12' });
    samples.search_marks.push(await timed({ type: 'phòng' }));
    // Every record matched, as they do unfiltered: nothing to wait for.
    await page.getByRole('searchbox', { name: 'Tìm trong danh sách' }).fill('');
    samples.sort.push(await timed({ sort: 4 }));
    samples.show_more.push(await timed({ more: true }));
  }
  // The first search came right after the list first opened, perhaps
  // before its search texts were made in the background.
  const first = { search_first: samples.search[0] };
  return { ...Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, median(values)])), ...first };
}

/**
 * The floor for the list: the same sessions, list and actions as plain
 * JavaScript in a page of the same browser — no framework, no replica, no
 * signals; rows as DOM nodes, the filtered order kept for "show more", sort
 * keys folded once per row, search texts made after opening in slices as
 * hdnd does — styled by hdnd's stylesheet in hdnd's page structure (top bar,
 * navigation, the same table classes and state badge), so both pay the same
 * style and layout work. `listTimes` times it exactly as it times hdnd.
 */
function plainListPage(count, css) {
  const script = `
const agendaLines = ${JSON.stringify(agendaLines)};
${sessionFields.toString()}
const TYPES = { regular: 'Thường lệ', thematic: 'Chuyên đề', extraordinary: 'Bất thường' };
const fold = (text) => text.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
const date = (iso) => iso.slice(8, 10) + '/' + iso.slice(5, 7) + '/' + iso.slice(0, 4);
const records = Array.from({ length: ${count} }, (_, index) => ({ id: 'r' + index, ...sessionFields(index) }));
const texts = new Map();
const searchText = (record) => {
  let text = texts.get(record.id);
  if (text === undefined) {
    text = fold([record.place, record.agenda, TYPES[record.session_type]].join(' '));
    texts.set(record.id, text);
  }
  return text;
};
let rows = [], year = '', query = '', sortColumn = null, shown = 100;
const main = document.querySelector('main');
/** An element with properties (dataset merged) and children. */
const el = (tag, { dataset, ...properties } = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), properties);
  Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
};
function overview() {
  main.replaceChildren(el('h1', { textContent: 'Tổng quan' }));
}
function open() {
  rows = records.map((record) => ({
    record,
    title: 'Kỳ họp thứ ' + record.number + ', khóa ' + record.term,
    cells: [String(record.term), TYPES[record.session_type], date(record.starts_on), date(record.ends_on), record.place],
    year: record.starts_on.slice(0, 4),
    keys: [],
  }));
  rows.sort((a, b) => (b.record.starts_on < a.record.starts_on ? -1 : b.record.starts_on > a.record.starts_on ? 1 : b.record.term - a.record.term || b.record.number - a.record.number));
  year = ''; query = ''; sortColumn = null; shown = 100;
  const select = el('select', { id: 'filter-year' });
  for (const value of ['', ...new Set(rows.map((row) => row.year))]) select.add(new Option(value || 'Tất cả', value));
  select.addEventListener('change', () => { year = select.value; shown = 100; render(); });
  const input = el('input', { type: 'search', id: 'filter-text' });
  input.addEventListener('input', () => { query = input.value; shown = 100; render(); });
  const sortable = ['Khóa', 'Loại kỳ họp', 'Ngày khai mạc', 'Ngày bế mạc', 'Địa điểm'].map((name, column) => {
    const button = el('button', { type: 'button', className: 'sort', textContent: name });
    button.addEventListener('click', () => { sortColumn = column; shown = 100; render(); });
    return el('th', { scope: 'col' }, button);
  });
  const more = el('button', { type: 'button', className: 'secondary', textContent: 'Hiện thêm 100' });
  more.addEventListener('click', () => { shown += 100; draw(); });
  main.replaceChildren(
    el('h1', { textContent: 'Kỳ họp' }),
    el('div', { className: 'filters' },
      el('div', { className: 'field' }, el('label', { htmlFor: 'filter-year', textContent: 'Năm' }), select),
      el('div', { className: 'field search' }, el('label', { htmlFor: 'filter-text', textContent: 'Tìm trong danh sách' }), input)),
    el('div', { className: 'table-scroll' },
      el('table', { className: 'data-table' },
        el('caption'),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', textContent: 'Kỳ họp' }), ...sortable, el('th', { scope: 'col', textContent: 'Trạng thái' }))),
        el('tbody'))),
    more,
  );
  render();
  // As hdnd does: the search texts are made after the list shows.
  let next = 0;
  const warm = () => {
    for (const end = Math.min(next + 800, records.length); next < end; next += 1) searchText(records[next]);
    if (next < records.length) setTimeout(warm);
  };
  setTimeout(warm);
}
let matching = [];
function render() {
  matching = year ? rows.filter((row) => row.year === year) : rows;
  const words = fold(query).split(/\\s+/).filter(Boolean);
  if (words.length) {
    matching = matching.filter((row) => { const text = searchText(row.record); return words.every((word) => text.includes(word)); });
    const typed = query.trim().split(/\\s+/);
    if (words.some((word, at) => word !== typed[at])) {
      const exact = (row) => typed.every((word) => row.record.place.includes(word) || row.record.agenda.includes(word));
      matching = [...matching.filter(exact), ...matching.filter((row) => !exact(row))];
    }
  }
  if (sortColumn !== null) {
    // Each row's sort keys are folded once and kept.
    const key = (row) => (row.keys[sortColumn] ??= fold(row.cells[sortColumn]));
    matching = [...matching].sort((a, b) => { const x = key(a), y = key(b); return x < y ? -1 : x > y ? 1 : 0; });
  }
  draw();
}
function draw() {
  const table = main.querySelector('table');
  table.caption.textContent = matching.length ? 'Hiển thị ' + Math.min(shown, matching.length) + '/' + matching.length + ' kỳ họp' : 'Không có kỳ họp nào khớp';
  const body = el('tbody', {}, ...matching.slice(0, shown).map((row) => el('tr', {},
    el('th', { scope: 'row' }, el('a', { href: '#' + row.record.id, textContent: row.title })),
    ...row.cells.map((cell) => el('td', { textContent: cell })),
    el('td', {}, el('span', { className: 'badge', dataset: { state: 'synced' }, textContent: 'Đã đồng bộ' })),
  )));
  table.tBodies[0].replaceWith(body);
}
document.addEventListener('click', (event) => {
  const link = event.target.closest('nav a');
  if (!link) return;
  event.preventDefault();
  if (link.getAttribute('href') === '/sessions') open(); else overview();
});
overview();
`;
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Floor</title><style>${css}</style></head><body>
<div class="app"><header class="topbar"><span class="brand">Sổ công tác HĐND</span></header>
<aside class="sidebar"><nav><a href="/">Tổng quan</a> <a href="/sessions">Kỳ họp</a></nav></aside><main id="main"></main></div>
<script>${script}</script></body></html>`;
}

async function startPouch() {
  const bundle = await esbuild.build({
    entryPoints: [path.join(here, 'node_modules', 'pouchdb-browser', 'lib', 'index.es.js')],
    bundle: true, format: 'iife', globalName: 'PouchDBModule', minify: true, write: false,
  });
  const script = bundle.outputFiles[0].text;
  const app = express();
  app.get('/', (_, response) => response.type('html').send('<!doctype html><meta charset="utf-8"><title>PouchDB</title><script src="/pouchdb.js"></script><p>PouchDB</p>'));
  app.get('/pouchdb.js', (_, response) => response.type('js').send(script));
  app.use('/db', expressPouchDB(MemoryPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true }));
  const listener = await new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
  const base = `http://127.0.0.1:${listener.address().port}`;
  const db = new MemoryPouch('sessions');
  let stored = 0;
  const seedTo = async (total) => {
    while (stored < total) {
      const docs = [];
      for (let index = stored; index < Math.min(total, stored + 1000); index += 1) {
        docs.push({ _id: uuid7(), kind: 'council_session', ...sessionFields(index) });
      }
      await db.bulkDocs(docs);
      stored += docs.length;
    }
  };
  return { base, seedTo, stop: () => listener.close() };
}

async function pouchFirstSync(page, count) {
  await page.goto('/');
  return page.evaluate(async ({ count }) => {
    const PouchDB = PouchDBModule.default;
    const local = new PouchDB('sessions');
    const started = performance.now();
    await PouchDB.replicate(`${location.origin}/db/sessions`, local, { batch_size: 1000, batches_limit: 5 });
    const elapsed = performance.now() - started;
    const info = await local.info();
    if (info.doc_count !== count) throw new Error(`PouchDB holds ${info.doc_count} of ${count}`);
    return elapsed;
  }, { count });
}

async function pouchOpenOffline(context, page, count, rounds) {
  await context.setOffline(true);
  const times = [];
  for (let i = 0; i < rounds; i += 1) {
    // The page is served by the bench, not cached: reload it online, then
    // time what the offline open costs: opening the local database and
    // reading every document.
    await context.setOffline(false);
    await page.reload();
    await context.setOffline(true);
    times.push(await page.evaluate(async ({ count }) => {
      const started = performance.now();
      const local = new PouchDBModule.default('sessions');
      const all = await local.allDocs({ include_docs: true });
      if (all.rows.length !== count) throw new Error(`read ${all.rows.length} of ${count}`);
      return performance.now() - started + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd;
    }, { count }));
  }
  await context.setOffline(false);
  return times;
}

/** The last `hdnd-figures-start` → `hdnd-figures-done` in the page, in ms (app/src/reports). */
const figuresMs = (page) => page.evaluate(() => {
  const last = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
  return last('hdnd-figures-done') - last('hdnd-figures-start');
});

/**
 * In the page: clicks `step.click` (a selector) or sets the select
 * `step.select` to `step.value`, then resolves with the ms until the frame
 * after the element `step.until` shows a text containing `step.text`.
 */
const timedStep = (page, step) => page.evaluate((step) => new Promise((resolve, reject) => {
  const started = performance.now();
  const shown = () => document.querySelector(step.until)?.textContent.includes(step.text);
  const check = () => {
    if (shown()) requestAnimationFrame(() => resolve(performance.now() - started));
    else if (performance.now() - started > 120_000) reject(new Error(`${step.until} never showed ${step.text}`));
    else requestAnimationFrame(check);
  };
  if (step.click) document.querySelector(step.click).click();
  else {
    const select = document.getElementById(step.select);
    select.value = step.value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }
  check();
}), step);

/**
 * Offline with the replica open on the sessions' list, in the app (no
 * reload): ms from the click on "Tổng quan" until this year's Overview
 * shows, from choosing `year` until its figures show, the same for Báo cáo
 * (its first opening loads the report's chunk), and from the .docx button
 * until the download starts; with each the time the figures took in the
 * page (`figures_*`). Then ms from a reload of the Overview of `year`
 * until its figures show (the replica opened first).
 */
async function hdndReportTimes(context, page, rounds, year, count) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await context.setOffline(true);
  const thisYear = String(new Date().getFullYear());
  const samples = {
    overview_open: [], figures_overview_open: [], overview_year: [], figures_overview_year: [],
    report_open: [], figures_report_open: [], report_year: [], figures_report_year: [],
    docx: [], reload_overview: [],
  };
  const heading = '#overview-period-heading';
  const sheet = 'article[aria-label="Bản báo cáo"]';
  for (let i = 0; i < rounds; i += 1) {
    await page.getByRole('link', { name: 'Kỳ họp', exact: true }).first().click();
    await listed(page, count).waitFor({ timeout: 120_000 });
    samples.overview_open.push(await timedStep(page, { click: 'a[href="/"]', until: heading, text: `Năm ${thisYear}` }));
    samples.figures_overview_open.push(await figuresMs(page));
    samples.overview_year.push(await timedStep(page, { select: 'overview-year', value: String(year), until: heading, text: `Năm ${year}` }));
    samples.figures_overview_year.push(await figuresMs(page));
    samples.report_open.push(await timedStep(page, { click: 'a[href="/reports"]', until: sheet, text: `năm ${thisYear}` }));
    samples.figures_report_open.push(await figuresMs(page));
    samples.report_year.push(await timedStep(page, { select: 'report-year', value: String(year), until: sheet, text: `năm ${year}` }));
    samples.figures_report_year.push(await figuresMs(page));
    const started = Date.now();
    await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải về Word (.docx)' }).click(),
    ]);
    samples.docx.push(Date.now() - started);
  }
  for (let i = 0; i < Math.min(rounds, 3); i += 1) {
    const started = Date.now();
    await page.goto(`/?year=${year}&period=year`);
    await page.getByRole('region', { name: 'Kỳ họp và nghị quyết' }).getByRole('link').first().waitFor({ timeout: 120_000 });
    samples.reload_overview.push(Date.now() - started);
  }
  await context.setOffline(false);
  return {
    ...Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, median(values)])),
    all: samples,
  };
}

/**
 * Offline with `count` records, the search across everything: from a
 * query typed into /search until the frame after its results show (the
 * first query opens the page and builds the word index; the others use
 * it), with the time the search took in the page (`hdnd-search-start` →
 * `-done`); beside it, in the same page, the floor: the same records'
 * texts folded once by plain JavaScript and each query answered by
 * scanning them all (`includes` per record).
 */
async function hdndSearchTimes(context, page, rounds, count) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await context.setOffline(true);
  const queries = ['hoi truong', 'phong 1234', 'Chất vấn', 'ngan sach dia phuong', 'du an nhom b'];
  const samples = { first: [], query: [], search_in_page: [], floor: [] };
  for (let round = 0; round < rounds; round += 1) {
    await page.getByRole('link', { name: 'Kỳ họp', exact: true }).first().click();
    await listed(page, count).waitFor({ timeout: 120_000 });
    // The first query: the page opens from the top bar, the index is built.
    const box = page.getByRole('searchbox', { name: 'Tìm trong sổ' }).first();
    await box.fill('truong');
    const started = Date.now();
    await box.press('Enter');
    await page.locator('.search-summary').filter({ hasText: 'Tìm thấy' }).waitFor({ timeout: 120_000 });
    samples.first.push(Date.now() - started);
    for (const query of queries) {
      // Until the page has searched again (its mark; the summary may read
      // the same for two queries) and the next frame is drawn.
      samples.query.push(await page.evaluate((query) => new Promise((resolve, reject) => {
        const input = document.getElementById('search-all');
        const searched = () => performance.getEntriesByName('hdnd-search-done').at(-1)?.startTime ?? 0;
        const started = performance.now();
        input.value = query;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const check = () => {
          if (searched() > started) requestAnimationFrame(() => resolve(performance.now() - started));
          else if (performance.now() - started > 60_000) reject(new Error(`no results for ${query}`));
          else requestAnimationFrame(check);
        };
        check();
      }), query));
      samples.search_in_page.push(await page.evaluate(() => {
        const last = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
        return last('hdnd-search-done') - last('hdnd-search-start');
      }));
    }
  }
  // The floor: every record's text folded once, each query a scan.
  const fields = Array.from({ length: count }, (_, index) => sessionFields(index));
  samples.floor = await page.evaluate(({ fields, queries, rounds }) => {
    const fold = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'd').toLowerCase();
    const texts = fields.map((record) => fold(Object.values(record).join(' ')));
    const times = [];
    for (let round = 0; round < rounds; round += 1) {
      for (const query of queries) {
        const words = fold(query).split(/\s+/);
        const started = performance.now();
        const found = texts.filter((text) => words.every((word) => text.includes(word)));
        times.push(performance.now() - started + found.length * 0);
      }
    }
    return times;
  }, { fields, queries, rounds });
  await context.setOffline(false);
  return {
    ...Object.fromEntries(Object.entries(samples).map(([key, values]) => [key, median(values)])),
    query_worst: Math.max(...samples.query),
    all: samples,
  };
}

/** Prints a phase's medians. */
const printTimes = (what, times) =>
  console.log(`${what} (medians, ms): ${Object.entries(times).filter(([key]) => key !== 'all').map(([key, ms]) => `${key} ${round(ms)}`).join(', ')}`);

// ------------------------------------------------------------------ run

const results = { records: N, more_records: M, rounds: ROUNDS, edits: EDITS };
const hdnd = await startHdnd();
const pouch = await startPouch();
try {
  await hdnd.seedTo(N);
  await pouch.seedTo(N);
  const hdndSync = [];
  const syncPhases = [];
  const pouchSync = [];
  let kept = null;
  for (let i = 0; i < ROUNDS; i += 1) {
    // Alternated, each into a fresh profile.
    const browser = await launch(hdnd.base);
    const profiler = i === ROUNDS - 1 ? await startProfile(browser.context, browser.page) : null;
    const { elapsed, phases } = await hdndFirstSync(browser.page, N);
    await profiler?.stop('first-sync');
    hdndSync.push(elapsed);
    syncPhases.push(phases);
    if (i === ROUNDS - 1) kept = browser; else await browser.close();
    const other = await launch(pouch.base);
    pouchSync.push(await pouchFirstSync(other.page, N));
    await other.close();
    console.log(`first sync of ${N}: hdnd ${round(hdndSync[i])} ms, PouchDB ${round(pouchSync[i])} ms`);
  }
  const firstSyncPhases = medianPhases(syncPhases);
  console.log(`  phases (medians, ms): ${Object.entries(firstSyncPhases).map(([key, ms]) => `${key} ${round(ms)}`).join(', ')}`);
  results.first_sync_ms = { hdnd: median(hdndSync), pouchdb: median(pouchSync), hdnd_all: hdndSync, pouchdb_all: pouchSync, hdnd_phases: firstSyncPhases };
  results.first_sync_ms.pouchdb_over_hdnd = results.first_sync_ms.pouchdb / results.first_sync_ms.hdnd;

  const list = await listTimes(kept.page, N, 5);
  console.log(`list of ${N} (medians, ms): ${Object.entries(list).map(([key, ms]) => `${key} ${round(ms)}`).join(', ')}`);
  const shell = await (await fetch(`${hdnd.base}/`)).text();
  const stylesheet = shell.match(/href="(\/assets\/style-[0-9a-f]+\.css)"/)?.[1];
  if (!stylesheet) throw new Error('no stylesheet in the shell');
  const css = await (await fetch(hdnd.base + stylesheet)).text();
  const floorPage = await kept.context.newPage();
  await floorPage.setContent(plainListPage(N, css));
  const floor = await listTimes(floorPage, N, 5);
  await floorPage.close();
  console.log(`the same list in plain JavaScript (medians, ms): ${Object.entries(floor).map(([key, ms]) => `${key} ${round(ms)}`).join(', ')}`);
  results.list_ms = list;
  results.list_floor_ms = floor;
  const { times: openN } = await hdndOpenOffline(kept.context, kept.page, N, 5);
  console.log(`hdnd open offline with ${N}: ${openN.map(round).join(', ')} ms`);
  const { elapsed: editsMs, phases: editPhases } = await hdndOfflineEdits(kept.context, kept.page, hdnd.records);
  console.log(`${EDITS} offline edits pushed on reconnect: ${round(editsMs)} ms`);
  console.log(`  phases (ms): ${Object.entries(editPhases).map(([key, ms]) => `${key} ${round(ms)}`).join(', ')}`);
  await kept.close();

  const pouchBrowser = await launch(pouch.base);
  await pouchFirstSync(pouchBrowser.page, N);
  const pouchOpenN = await pouchOpenOffline(pouchBrowser.context, pouchBrowser.page, N, 5);
  console.log(`PouchDB open offline with ${N}: ${pouchOpenN.map(round).join(', ')} ms`);
  await pouchBrowser.close();

  await hdnd.seedTo(M);
  await pouch.seedTo(M);
  const big = await launch(hdnd.base);
  const { elapsed: bigSync } = await hdndFirstSync(big.page, M);
  const { times: openM, phases } = await hdndOpenOffline(big.context, big.page, M, 5);
  console.log(`hdnd first sync of ${M}: ${round(bigSync)} ms; open offline: ${openM.map(round).join(', ')} ms`);
  const openPhases = medianPhases(phases);
  console.log(`  phases (medians, ms): ${Object.entries(openPhases).map(([key, ms]) => `${key} ${round(ms)}`).join(', ')}`);
  results.report_more_ms = await hdndReportTimes(big.context, big.page, 5, 2010, M);
  printTimes(`the Overview and Báo cáo of 2010 with ${M} offline`, results.report_more_ms);
  results.search_more_ms = await hdndSearchTimes(big.context, big.page, 3, M);
  printTimes(`the search across everything with ${M} offline`, results.search_more_ms);
  await big.close();
  const pouchBig = await launch(pouch.base);
  const pouchBigSync = await pouchFirstSync(pouchBig.page, M);
  const pouchOpenM = await pouchOpenOffline(pouchBig.context, pouchBig.page, M, 5);
  console.log(`PouchDB first sync of ${M}: ${round(pouchBigSync)} ms; open offline: ${pouchOpenM.map(round).join(', ')} ms`);
  await pouchBig.close();

  // 100,000 records, the added ones all of 2010: a year's figures over
  // 100,000 records, most of them in the year.
  await hdnd.seedTo(HUGE, 2010);
  const huge = await launch(hdnd.base);
  const { elapsed: hugeSync } = await hdndFirstSync(huge.page, HUGE);
  console.log(`hdnd first sync of ${HUGE}: ${round(hugeSync)} ms`);
  results.report_huge_ms = await hdndReportTimes(huge.context, huge.page, 3, 2010, HUGE);
  results.report_huge_ms.first_sync = hugeSync;
  printTimes(`the Overview and Báo cáo of 2010 with ${HUGE} offline (${HUGE - M + Math.round(M / 26)} in 2010)`, results.report_huge_ms);
  await huge.close();

  results.first_sync_more_ms = { hdnd: bigSync, pouchdb: pouchBigSync };
  results.open_offline_ms = {
    hdnd: median(openN), pouchdb: median(pouchOpenN), hdnd_all: openN, pouchdb_all: pouchOpenN,
    hdnd_more: median(openM), pouchdb_more: median(pouchOpenM), hdnd_more_all: openM, pouchdb_more_all: pouchOpenM,
    hdnd_more_phases: openPhases,
  };
  results.offline_edits_pushed_ms = editsMs;
  results.offline_edits_phases_ms = editPhases;
  results.chromium = (await chromium.launch({ executablePath: chromiumPath }).then(async (browser) => {
    const version = browser.version();
    await browser.close();
    return version;
  }));
} finally {
  hdnd.stop();
  pouch.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`written ${out}`);
process.exit(0);
