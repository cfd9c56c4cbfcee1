// monitor.mjs: monitoring's warnings in headless Chromium: the county reviewer sees the open
// warnings counted by township and level (ECharts), sends two warnings of a township to it from
// the warning's page and finds them on the overdue list (due ten working days after a day long
// past); the township caseworker, on a 375x667 phone screen, sees only the township's warnings,
// opens one, records a field check (one visitor only is refused on the staff field; money in
// yuan goes to the API as integer fen) and closes it with "no need"; the household's page shows
// its warnings over time; another township's caseworker is refused the warning and its page says
// so. Run by tests/cli/browser_monitor.sh with BASE, W1, W2, HOUSEHOLD, TOWN, LIVE, MINE, SHOTS.
import { chromium } from 'playwright-core';

const { BASE, W1, W2, HOUSEHOLD, TOWN, LIVE, MINE, SHOTS, CHROMIUM = '/usr/bin/chromium' } = process.env;
const fail = (msg) => { console.error('FAIL: ' + msg); process.exit(1); };

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  const errors = [];
  async function session(user, viewport) {
    const ctx = await browser.newContext({ viewport });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(BASE + '/');
    await page.waitForSelector('#login-form');
    await page.fill('#username', user);
    await page.fill('#password', 'password-123');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#stats .stat');
    return page;
  }
  const text = (page, sel) => page.textContent(sel);
  // waits until fn is true in the page (the page's CSP forbids waitForFunction's eval)
  async function until(page, fn, what) {
    for (let i = 0; i < 300; i++) {
      if (await page.evaluate(fn)) return;
      await page.waitForTimeout(100);
    }
    fail('timed out waiting for ' + what);
  }

  // ---- the county reviewer: counts, send, overdue ----
  let page = await session('rev', { width: 1366, height: 768 });
  await page.click('#nav-warnings');
  await page.waitForSelector('#w-list table.warnings, #w-list .empty');
  await page.click('a[href="#/warnings?view=summary"]');
  await page.waitForSelector('#w-totals');
  const totals = await page.$$eval('#w-totals b', (bs) => bs.reduce((n, b) => n + Number(b.textContent), 0));
  if (totals !== Number(LIVE)) fail(`the counts by level add to ${totals}, not the ${LIVE} open warnings`);
  if (!(await page.$('#w-chart canvas'))) fail('no chart of the counts by township');
  await page.click('#w-list details summary');
  const town = await page.$eval(`tr[data-township="${TOWN}"] td:last-child`, (td) => Number(td.textContent));
  if (town !== Number(MINE)) fail(`the township's row says ${town}, not ${MINE}`);

  for (const w of [W1, W2]) {
    await page.goto(`${BASE}/#/warning/${w}`);
    await page.waitForSelector('#send-form');
    if (await page.$('#check-form')) fail('the county is offered the field check');
    // the decision and its key figures first, the evidence folded
    if (!(await page.$('#w-head .level'))) fail('no level shown first');
    if (await page.isVisible('#w-evidence table')) fail('the evidence is not folded');
    await page.fill('#send-form [name="day"]', '2025-06-16');
    await page.click('#send-form button[type=submit]');
    await page.waitForSelector('#w-head[data-status="sent"]');
  }
  if ((await text(page, '#w-due')) !== '2025-06-30') fail('due day is not ten working days after sending: ' + (await text(page, '#w-due')));
  await page.goto(`${BASE}/#/warnings?view=overdue`);
  await page.waitForSelector(`#w-list tr[data-warning="${W1}"]`);
  if (!(await page.$(`#w-list tr[data-warning="${W2}"] .badge`))) fail('the overdue marker is missing');
  await page.context().close();

  // ---- the township caseworker on a phone ----
  page = await session('cw', { width: 375, height: 667 });
  await page.click('#nav-warnings');
  await page.waitForSelector('#w-list table.warnings');
  const households = await page.$$eval('#w-list tr[data-warning] td:nth-child(3)', (tds) => tds.map((td) => td.textContent.trim()));
  if (!households.length || households.some((h) => !h.startsWith(TOWN))) fail('the queue holds another township: ' + households.slice(0, 5));
  if (households.length !== Number(MINE)) fail(`the queue holds ${households.length}, not the township's ${MINE}`);
  await page.selectOption('#w-level', 'red');
  await until(page, () => document.querySelector('#w-level')?.value === 'red' && !document.querySelector('#w-list .loading'), 'the red filter');
  const levels = await page.$$eval('#w-list [data-level]', (xs) => [...new Set(xs.map((x) => x.dataset.level))]);
  if (levels.some((l) => l !== 'red')) fail('the red filter lists ' + levels);

  await page.goto(`${BASE}/#/warning/${W1}`);
  await page.waitForSelector('#check-form');
  await page.fill('#check-form [name="visit_day"]', '2025-06-17');
  await page.fill('#check-form [name="day"]', '2025-06-18');
  await page.fill('#check-form [name="staff"]', '张三');
  await page.fill('#check-form [name="findings"]', '老人卧床，儿子外出务工');
  await page.fill('#check-form [name="income_fen"]', '800.5');
  await page.fill('#check-form [name="spending_fen"]', '1200');
  await page.click('#check-form button[type=submit]');
  await until(page, () => document.querySelector('#check-form [name="staff"] + .field-error')?.textContent, "the staff field's error");
  const staffError = await text(page, '#check-form [name="staff"] + .field-error');
  if (!/人员|staff/.test(staffError)) fail('one visitor only is not refused on the staff field: ' + staffError);
  await page.fill('#check-form [name="income_fen"]', '80.123');
  await page.fill('#check-form [name="staff2"]', '李四');
  await page.click('#check-form button[type=submit]');
  if (!(await text(page, '#check-form [name="income_fen"] + .field-error')).includes('元')) fail('three decimals of yuan are not refused on the field');
  await page.fill('#check-form [name="income_fen"]', '800.5');
  await page.click('#check-form button[type=submit]');
  await page.waitForSelector('#w-head[data-status="checking"]');
  if ((await text(page, '#w-checks .income')) !== '800.50') fail('the stated income is not shown back');
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wide > 375) fail(`the warning's page is ${wide} px wide on a 375 px phone`);
  await page.screenshot({ path: `${SHOTS}/warning-phone.png`, fullPage: true });

  await page.selectOption('#outcome-form [name="outcome"]', 'no_need');
  await page.click('#outcome-form button[type=submit]');
  await until(page, () => document.querySelector('#outcome-form [name="reason"] + .field-error')?.textContent, "the reason field's error");
  await page.fill('#outcome-form [name="reason"]', '儿子已返乡就业，收入稳定');
  await page.fill('#outcome-form [name="day"]', '2025-06-20');
  await page.click('#outcome-form button[type=submit]');
  await page.waitForSelector('#w-head[data-status="closed"]');
  if (!(await text(page, '#w-outcome')).includes('无需救助')) fail('the outcome is not shown');
  if (await page.$('#w-steps form')) fail('a closed warning still offers a step');

  // the household's page: its warnings over time
  await page.click(`#main h2 a[href="#/household/${HOUSEHOLD}"]`);
  await page.waitForSelector('#hh-warnings #hh-w-chart canvas');
  if (!(await page.$(`#hh-warnings tr[data-warning="${W1}"]`))) fail("the household's page does not list its warning");
  const wideHh = await page.evaluate(() => document.documentElement.scrollWidth);
  if (wideHh > 375) fail(`the household's page is ${wideHh} px wide on a 375 px phone`);
  await page.screenshot({ path: `${SHOTS}/household-phone.png`, fullPage: true });
  await page.context().close();

  // ---- another township's caseworker ----
  page = await session('far', { width: 375, height: 667 });
  await page.click('#nav-warnings');
  await page.waitForSelector('#w-list table.warnings, #w-list .empty');
  if (await page.$(`#w-list tr[data-warning="${W2}"]`)) fail("another township's queue holds the warning");
  await page.goto(`${BASE}/#/warning/${W2}`);
  await page.waitForSelector('#refused');
  if (!(await text(page, '#refused')).length) fail('the refusal says nothing');
  if (await page.$('#check-form')) fail("another township's caseworker is offered the field check");
  await page.context().close();

  if (errors.length) fail('page errors: ' + errors.join('; '));
  console.log('ok');
} finally {
  await browser.close();
}
