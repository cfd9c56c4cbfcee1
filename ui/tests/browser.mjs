// browser.mjs: the web UI in headless Chromium (Debian's, driven by playwright-core): a township
// caseworker logs in, sees the dashboard, finds a household of their township, opens it, runs a
// verification and sees the decision and its reasons; a caseworker of another township is refused
// that household; a data officer sees the hub, subscribes a consumer, approves a field and takes a
// file in; an administrator the staff accounts. Run by
// tests/cli/browser.sh with BASE, HOUSEHOLD, DECISION and the users.
import { chromium } from 'playwright-core';

const { BASE, HOUSEHOLD, DECISION, UPLOAD, CHROMIUM = '/usr/bin/chromium' } = process.env;
const fail = (msg) => { console.error('FAIL: ' + msg); process.exit(1); };

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE + '/');

  // an empty form names the field; a wrong password is said beside the form
  await page.click('#login-form button[type=submit]');
  if (!(await page.textContent('#username + .field-error')).includes('请输入用户名')) fail('empty user name not named');
  await page.fill('#username', 'cw');
  await page.fill('#password', 'wrong-password');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-error:not(:empty)');
  if (!(await page.textContent('#login-error')).includes('用户名或密码不正确')) fail('a wrong password is not said');

  await page.fill('#password', 'caseworker-pass');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#stats .stat');
  if (!(await page.textContent('#who')).includes('乡镇经办人')) fail('the user is not shown');

  // find the household by its number and open it
  await page.click('a[href="#/search"]');
  await page.fill('#q', HOUSEHOLD);
  await page.click('#search-form button[type=submit]');
  await page.waitForSelector(`a[href="#/household/${HOUSEHOLD}"]`);
  await page.click(`a[href="#/household/${HOUSEHOLD}"]`);
  await page.waitForSelector('#verify-form');

  // a bad date is named beside the field; then a verification with its decision and reasons
  await page.fill('#date', '2025-12');
  await page.click('#verify-form button[type=submit]');
  if (!(await page.textContent('#date + .field-error')).includes('YYYY-MM-DD')) fail('a bad date is not named');
  await page.fill('#date', '2025-12-10');
  await page.click('#verify-form button[type=submit]');
  await page.waitForSelector('#decision');
  const decision = await page.getAttribute('#decision', 'data-decision');
  if (decision !== DECISION) fail(`decision ${decision}, the truth says ${DECISION}`);
  const reasons = await page.$$eval('#reasons tbody tr', (rows) => rows.length);
  if (reasons < 5) fail(`only ${reasons} reasons shown`);

  // English on the switch
  await page.click('#lang');
  await page.waitForSelector('text=Run a verification');
  await page.click('#lang');

  // no text runs out of its box on a 1366x768 screen
  const overflow = await page.$$eval('td, th, button, .stat', (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length);
  if (overflow) fail(`${overflow} elements overflow`);

  await page.click('#logout');
  await page.waitForSelector('#login-form');

  // another township's caseworker is refused the household, by its address
  await page.fill('#username', 'other');
  await page.fill('#password', 'caseworker-pass');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#stats .stat');
  await page.goto(`${BASE}/#/household/${HOUSEHOLD}`);
  await page.waitForSelector('#refused');
  if (!(await page.textContent('#refused')).includes('不在您的管辖区域')) fail('the refusal does not say why');
  if (!(await page.isHidden('#nav-hub'))) fail('a caseworker is offered the data hub');
  await page.click('#logout');
  await page.waitForSelector('#login-form');

  // a data officer sees the hub: the catalogue, the batches, the sharing tasks
  await page.fill('#username', 'data');
  await page.fill('#password', 'data-officer-pass');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav-hub:not([hidden])');
  await page.click('#nav-hub');
  await page.waitForSelector('text=数据资源目录');
  await page.locator('#main table').first().locator('tbody tr').nth(47).waitFor(); // the page's CSP forbids waitForFunction
  const resources = await page.$$eval('table', (ts) => ts[0].querySelectorAll('tbody tr').length);
  if (resources !== 48) fail(`the catalogue shows ${resources} resources, not 48`);
  if (!(await page.isHidden('#nav-users'))) fail('a data officer is offered the user accounts');
  // subscribes a consumer to a resource whose fields are all conditional: nothing flows until
  // one is approved; an approval without its document is refused beside the field
  await page.fill('#consumer', '人社厅');
  await page.selectOption('#resource', '43SW001');
  await page.fill('#fields', '收入额,所属期');
  await page.fill('#since', '2025-13-01');
  await page.click('#task-form button[type=submit]');
  await page.waitForSelector('#since + .field-error:not(:empty)');
  await page.fill('#since', '');
  await page.click('#task-form button[type=submit]');
  await page.waitForSelector('button[data-field="所属期"]');
  await page.click('button[data-field="收入额"]');
  await page.click('#approve-form button[type=submit]');
  await page.waitForSelector('#reference + .field-error:not(:empty)');
  await page.fill('#reference', '湘民函〔2025〕9号');
  await page.click('#approve-form button[type=submit]');
  await page.waitForSelector('#tasks td:text("收入额")');
  if (await page.isVisible('button[data-field="收入额"]')) fail('the approved field still waits for approval');
  if (!(await page.isVisible('button[data-field="所属期"]'))) fail('the other field no longer waits for approval');
  // takes a department's file in: no file chosen is said beside the field; then the report
  await page.click('#upload-form button[type=submit]');
  await page.waitForSelector('#upload-file + .field-error:not(:empty)');
  await page.selectOption('#upload-resource', '43CL001');
  await page.setInputFiles('#upload-file', UPLOAD);
  await page.click('#upload-form button[type=submit]');
  await page.waitForSelector('#upload-report td');
  const report = await page.$$eval('#upload-report td', (tds) => tds.map((td) => td.textContent));
  if (report[1] !== '4' || report[2] !== '3' || report[3] !== '1') fail(`the upload's report reads ${report.join(' ')}, not read 4, accepted 3, rejected 1`);
  await page.click('#logout');
  await page.waitForSelector('#login-form');

  // an administrator sees the staff accounts and adds one, a bad name named beside the field
  await page.fill('#username', 'admin');
  await page.fill('#password', 'admin-pass-1');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#nav-users:not([hidden])');
  await page.click('#nav-users');
  await page.waitForSelector('#users td:text("cw")');
  await page.fill('#user-form #username', 'Bad Name');
  await page.fill('#user-form #password', 'long-enough');
  await page.click('#user-form button[type=submit]');
  await page.waitForSelector('#user-form #username + .field-error:not(:empty)');
  await page.fill('#user-form #username', 'newcw');
  await page.click('#user-form button[type=submit]');
  await page.waitForSelector('#users td:text("newcw")');
  if (errors.length) fail('page errors: ' + errors.join('; '));
  console.log('browser: all steps passed');
} finally {
  await browser.close();
}
