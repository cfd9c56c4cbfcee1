// cases.mjs: case handling in headless Chromium: a township caseworker takes a dibao application
// on the household page and carries it through verification, home visit, public notice and the
// township review; the county approver finds it in the work queue and approves it with the amount
// from verification; a second application is refused with written reasons; a caseworker is not
// offered the county's step; the approver tops up the reserve fund and the caseworker pays an
// emergency from it on one screen; the refused application, of a staff relative, stays in the
// register of staff relatives (近亲属备案). Run by tests/cli/browser.sh with BASE, HOUSEHOLD, BENEFIT,
// REFUSED (a household the verification finds ineligible) and the users.
import { chromium } from 'playwright-core';

const { BASE, HOUSEHOLD, BENEFIT, REFUSED, CHROMIUM = '/usr/bin/chromium' } = process.env;
const fail = (msg) => { console.error('FAIL: ' + msg); process.exit(1); };
const yuan = (fen) => (Number(fen) / 100).toFixed(2);

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  async function login(user, password) {
    await page.goto(BASE + '/');
    await page.waitForSelector('#login-form');
    await page.fill('#username', user);
    await page.fill('#password', password);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#stats .stat');
  }
  async function logout() {
    await page.click('#logout');
    await page.waitForSelector('#login-form');
  }
  // takes the step chosen, with the fields given, and waits for its line in the history
  async function step(action, fields, state) {
    const before = await page.locator('#history tbody tr').count();
    await page.selectOption('#action', action);
    for (const [id, value] of Object.entries(fields)) {
      if (id === 'documents') for (const v of value) await page.check(`#documents input[value="${v}"]`);
      else await page.fill('#' + id, value);
    }
    await page.click('#step-form button[type=submit]');
    await page.locator('#history tbody tr').nth(before).waitFor();
    await page.waitForSelector(`#case-state[data-state="${state}"]`);
  }
  async function apply(household, documents, relative = '') {
    await page.goto(`${BASE}/#/household/${household}`);
    await page.waitForSelector('#apply-box');
    await page.click('#apply-box summary');
    await page.click('#apply-form button[type=submit]');
    if (!(await page.textContent('#reason + .field-error')).includes('请填写申请理由')) fail('an empty reason is not named');
    await page.fill('#apply-form #day', '2025-11-20');
    await page.fill('#apply-form #reason', '家庭收入低，申请低保');
    if (relative) await page.fill('#apply-form #relative', relative);
    for (const d of documents) await page.check(`#apply-form #documents input[value="${d}"]`);
    await page.click('#apply-form button[type=submit]');
    await page.waitForSelector('#case-state[data-state="accepted"]');
    return page.url().split('#/case/')[1];
  }

  // the caseworker takes the application, and the steps of the township
  await login('cw', 'caseworker-pass');
  const id = await apply(HOUSEHOLD, ['application']);
  if (!(await page.textContent('ul.docs')).includes('家庭经济状况核对授权书 · 缺')) fail('the missing authorisation is not listed');
  if (await page.$('#action option[value="approve"]')) fail('a caseworker is offered the approval');
  await step('documents', { day: '2025-11-20', documents: ['authorisation'] }, 'accepted');
  await step('verify', { day: '2025-11-21' }, 'verified');
  await page.selectOption('#action', 'visit');
  await page.fill('#day', '2025-11-24');
  await page.fill('#staff1', '张三');
  await page.click('#step-form button[type=submit]');
  await page.waitForSelector('#staff + .field-error:not(:empty)');
  if (!(await page.textContent('#staff + .field-error')).includes('两名工作人员')) fail('the second visitor is not asked for beside the field');
  await step('visit', { day: '2025-11-24', staff1: '张三', staff: '李四' }, 'visited');
  await step('notice', { day: '2025-11-25' }, 'notice');
  await step('township-review', { day: '2025-12-02', note: '同意上报' }, 'reviewed');
  const refusedId = await apply(REFUSED, ['application', 'authorisation'], '经办人之兄');
  await step('verify', { day: '2025-11-21' }, 'verified');
  await logout();

  // the county approver: the work queue holds both, the first is approved, the second refused
  await login('appr', 'approver-pass');
  await page.click('#nav-inbox');
  await page.waitForSelector(`a[href="#/case/${id}"]`);
  await page.click(`a[href="#/case/${id}"]`);
  await page.waitForSelector('#step-form');
  if ((await page.inputValue('#amount')) !== yuan(BENEFIT)) fail(`the amount offered is not the verification's ${yuan(BENEFIT)}`);
  await step('approve', { day: '2025-12-03' }, 'active');
  if ((await page.textContent('#case-amount')).trim() !== yuan(BENEFIT)) fail('the approved amount is not shown');
  await page.goto(`${BASE}/#/case/${refusedId}`);
  await page.waitForSelector('#step-form');
  await page.selectOption('#action', 'refuse');
  await page.fill('#day', '2025-12-03');
  await page.click('#step-form button[type=submit]');
  await page.waitForSelector('#reasons + .field-error:not(:empty)');
  await step('refuse', { day: '2025-12-03', reasons: '家庭人均收入高于当地低保标准' }, 'refused');
  if (!(await page.textContent('#case-reasons')).includes('高于当地低保标准')) fail('the written reasons are not shown');

  // the reserve fund: topped up by the county
  await page.click('#nav-fund');
  await page.fill('#township', HOUSEHOLD.slice(0, 9));
  await page.click('#fund-pick button[type=submit]');
  await page.waitForSelector('#topup-form');
  await page.fill('#topup-form #amount', '20000.01');
  await page.click('#topup-form button[type=submit]');
  await page.waitForSelector('#topup-form #amount + .field-error:not(:empty)');
  await page.fill('#topup-form #amount', '3000');
  await page.fill('#topup-form #day', '2025-06-01');
  await page.click('#topup-form button[type=submit]');
  await page.waitForSelector('#fund-balance:text("3000.00")');
  await logout();

  // an emergency paid on one screen by the caseworker
  await login('cw', 'caseworker-pass');
  await page.click('#nav-emergency');
  await page.fill('#place', HOUSEHOLD.slice(0, 12));
  await page.fill('#day', '2025-06-10');
  await page.fill('#applicant', '110101199003071233');
  await page.fill('#name', '王五');
  await page.fill('#requested', '1500');
  await page.fill('#reason', '房屋失火');
  await page.click('#emergency-form button[type=submit]');
  await page.waitForSelector('#paid-result');
  if ((await page.textContent('#fund-balance')).trim() !== '1500.00') fail('the fund does not show what is left');
  await page.fill('#requested', '1800');
  await page.selectOption('#cause', 'accident');
  await page.click('#emergency-form button[type=submit]');
  await page.waitForSelector('.form-error:not(:empty), #requested + .field-error:not(:empty)');

  // the household page lists its cases; no text runs out of its box
  await page.goto(`${BASE}/#/household/${HOUSEHOLD}`);
  await page.waitForSelector(`#cases a[href="#/case/${id}"]`);
  await page.click('#nav-inbox');
  await page.waitForSelector('.tabs');
  // the register of staff relatives keeps the refused (closed) application of one
  await page.click('.tabs a[href="#/inbox?view=relatives"]');
  await page.waitForSelector('#queue table, #queue .error, #queue .empty');
  if (await page.$('#queue .error')) fail('the staff relatives tab shows: ' + (await page.textContent('#queue .error')));
  if (!(await page.$(`#queue a[href="#/case/${refusedId}"]`))) fail('the register of staff relatives lacks the refused case');
  if (await page.$(`#queue a[href="#/case/${id}"]`)) fail('the register of staff relatives lists a case of no relative');
  const overflow = await page.$$eval('td, th, button, .stat, .tabs a', (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length);
  if (overflow) fail(`${overflow} elements overflow`);
  if (errors.length) fail('page errors: ' + errors.join('; '));
  console.log('cases in the browser: all steps passed');
} finally {
  await browser.close();
}
