// app.js: safetynet's web UI: login, a dashboard of households by decision and township,
// household search, a household's members, facts with their sources and verification history,
// and running a verification with its decision, reasons and a printable report; cases.js adds
// case handling, monitor.js monitoring's warnings, users.js staff accounts, share.js sharing tasks, upload.js files taken in. Simplified
// Chinese first, English on the switch. It speaks only to the JSON API (docs/API.md).
'use strict';

const T = {
  zh: {
    brand: '社会救助信息系统', nav_dashboard: '首页', nav_search: '家庭查询', logout: '退出',
    login_title: '登录', username: '用户名', password: '密码', login: '登录', need_username: '请输入用户名',
    need_password: '请输入密码', dashboard: '按认定结论统计（各户最近一次核对）', by_region: '按乡镇',
    none: '不符合', dibao: '低保', tekun: '特困', marginal: '低保边缘', rigid: '刚性支出困难',
    no_data: '暂无核对记录', loading: '加载中…', search_title: '查找家庭', query: '身份证号、户号（至少 6 位）或姓名',
    search: '查找', need_query: '请输入查询内容', no_results: '没有找到符合条件的家庭', household: '户号',
    person: '身份证号', open: '查看', members: '家庭成员', name: '姓名', id: '身份证号', relation: '与户主关系',
    status: '人员状态', facts: '部门数据', kind: '项目', period: '所属期', amount: '金额（元）', value: '取值',
    source: '来源（资源/批次/行）', history: '核对记录', date: '核对日', decision: '结论', benefit: '月救助金（元）',
    per_capita: '月人均收入（元）', no_history: '尚无核对记录', run_verify: '发起核对', verify: '核对',
    authorised: '已登记核对授权书', not_authorised: '没有核对授权书：须先登记授权书才能核对',
    result: '核对结论', reasons: '认定依据', rule: '规则', outcome: '结果', message: '说明', holds: '成立',
    fails: '不成立', print: '打印报告', back: '返回查询', bad_date: '请输入 YYYY-MM-DD 格式的日期',
    region: '区划', households: '户数', facts_n: '条', nav_hub: '数据共享', catalog: '数据资源目录', code: '代码',
    provider: '提供部门', version: '版本', records: '记录数', last_batch: '最近批次', batches: '批次',
    mode: '方式', read: '读取', accepted: '接收', rejected: '拒收', rejects: '拒收明细', line: '行号', field: '字段',
    reason: '原因', tasks: '共享任务', consumer: '订阅方', fields: '字段', deliveries: '交付次数', delivered: '已交付记录',
    no_tasks: '暂无共享任务', no_rejects: '该批次没有拒收行', show: '查看',
  },
  en: {
    brand: 'Social assistance', nav_dashboard: 'Dashboard', nav_search: 'Find a household', logout: 'Log out',
    login_title: 'Log in', username: 'User name', password: 'Password', login: 'Log in',
    need_username: 'Enter your user name', need_password: 'Enter your password',
    dashboard: 'Households by decision (latest verification)', by_region: 'By township', none: 'None',
    dibao: 'Dibao', tekun: 'Destitute', marginal: 'Marginal', rigid: 'Rigid expenditure',
    no_data: 'No verifications yet', loading: 'Loading…', search_title: 'Find a household',
    query: 'ID number, household number (6+ digits) or name', search: 'Search', need_query: 'Enter what to look for',
    no_results: 'No household matches', household: 'Household', person: 'ID number', open: 'Open',
    members: 'Members', name: 'Name', id: 'ID number', relation: 'Relation', status: 'Status',
    facts: 'Department data', kind: 'Item', period: 'Period', amount: 'Amount (yuan)', value: 'Value',
    source: 'Source (resource/batch/line)', history: 'Verifications', date: 'Date', decision: 'Decision',
    benefit: 'Monthly benefit (yuan)', per_capita: 'Monthly income per person (yuan)',
    no_history: 'Not verified yet', run_verify: 'Run a verification', verify: 'Verify',
    authorised: 'Authorisation on record', not_authorised: 'No authorisation: record the signed authorisation first',
    result: 'Decision', reasons: 'Reasons', rule: 'Rule', outcome: 'Outcome', message: 'Message', holds: 'holds',
    fails: 'does not hold', print: 'Print the report', back: 'Back to search',
    bad_date: 'Enter a date as YYYY-MM-DD', region: 'Region', households: 'Households', facts_n: 'items',
    nav_hub: 'Data hub', catalog: 'Catalogue of resources', code: 'Code', provider: 'Provider', version: 'Version',
    records: 'Records', last_batch: 'Last batch', batches: 'Batches', mode: 'Mode', read: 'Read',
    accepted: 'Accepted', rejected: 'Rejected', rejects: 'Rejected rows', line: 'Line', field: 'Field',
    reason: 'Reason', tasks: 'Sharing tasks', consumer: 'Consumer', fields: 'Fields', deliveries: 'Deliveries',
    delivered: 'Records delivered', no_tasks: 'No sharing tasks', no_rejects: 'No rejected rows in this batch',
    show: 'Show',
  },
};
const CLASSES = ['dibao', 'tekun', 'marginal', 'rigid', 'none'];
let lang = localStorage.getItem('lang') === 'en' ? 'en' : 'zh';
let me = null; // {user, csrf}

const t = (k) => T[lang][k] || k;
const $ = (s) => document.querySelector(s);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
const yuan = (fen) => (fen == null ? '' : (fen / 100).toFixed(2));

async function api(method, path, body) {
  const headers = { 'Content-Type': 'application/json', 'Accept-Language': lang === 'zh' ? 'zh-CN' : 'en' };
  if (me && method !== 'GET') headers['X-CSRF-Token'] = me.csrf;
  const r = await fetch('/api/v1/' + path, { method, headers, body: body ? JSON.stringify(body) : undefined, credentials: 'same-origin' });
  const data = r.status === 204 ? {} : await r.json().catch(() => ({ message: r.statusText }));
  if (r.status === 401 && me && path !== 'login' && path !== 'me') { me = false; route(); } // the session ended
  if (!r.ok) throw Object.assign(new Error(data.message || r.statusText), { status: r.status, field: data.field });
  return data;
}

function translateStatic() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-t]').forEach((el) => { el.textContent = t(el.dataset.t); });
  $('#lang').textContent = lang === 'zh' ? 'English' : '中文';
  $('#nav').hidden = !me;
  $('#nav-hub').hidden = !me || !['data-officer', 'auditor', 'admin'].includes(me.user.role);
  const role = me ? me.user.role : '';
  $('#nav-inbox').hidden = !['caseworker', 'township-head', 'reviewer', 'approver', 'supervisor', 'auditor'].includes(role);
  $('#nav-warnings').hidden = !['caseworker', 'township-head', 'reviewer', 'approver', 'supervisor', 'auditor'].includes(role);
  $('#nav-emergency').hidden = !['caseworker', 'township-head'].includes(role);
  $('#nav-fund').hidden = !['caseworker', 'township-head', 'reviewer', 'approver'].includes(role);
  $('#nav-users').hidden = !['admin', 'auditor'].includes(role);
  $('#logout').hidden = !me;
  $('#who').textContent = me ? `${me.user.display} · ${me.user.role_label} · ${me.user.region}` : '';
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', location.hash.startsWith(a.getAttribute('href'))));
}

function fieldError(input, msg) {
  input.classList.toggle('bad', !!msg);
  input.nextElementSibling.textContent = msg || '';
}

function showLogin() {
  $('#main').innerHTML = `<form class="card login" id="login-form" novalidate>
    <h2>${t('login_title')}</h2>
    <label for="username">${t('username')}</label><input id="username" autocomplete="username"><div class="field-error"></div>
    <label for="password">${t('password')}</label><input id="password" type="password" autocomplete="current-password"><div class="field-error"></div>
    <div class="field-error" id="login-error" role="alert"></div>
    <button class="primary" type="submit">${t('login')}</button></form>`;
  $('#login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const u = $('#username'), p = $('#password');
    fieldError(u, u.value ? '' : t('need_username'));
    fieldError(p, p.value ? '' : t('need_password'));
    if (!u.value || !p.value) return;
    ev.submitter.disabled = true;
    try {
      me = await api('POST', 'login', { username: u.value, password: p.value });
      location.hash = '#/dashboard';
      route();
    } catch (e) {
      $('#login-error').textContent = e.message;
      ev.submitter.disabled = false;
    }
  });
}

async function showDashboard() {
  $('#main').innerHTML = `<div class="card"><h2>${t('dashboard')}</h2><div class="stats" id="stats"><div class="loading">${t('loading')}</div></div></div>
    <div class="card"><h2>${t('by_region')}</h2><div id="chart"></div></div>`;
  // this page's own elements: a second drawing (login, then its hash change) replaces them
  const stats = $('#stats'), box = $('#chart');
  try {
    const d = await api('GET', 'dashboard');
    stats.innerHTML = CLASSES.map((c) => `<div class="stat">${t(c)}<b data-class="${c}">${d.by_class[c] || 0}</b></div>`).join('');
    if (!d.by_region.length) {
      box.outerHTML = `<div class="empty">${t('no_data')}</div>`;
      return;
    }
    if (!window.echarts) return;
    const chart = echarts.init(box);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      legend: { data: CLASSES.slice(0, 4).map(t) },
      grid: { left: 48, right: 16, bottom: 90 },
      xAxis: { type: 'category', data: d.by_region.map((r) => r.name || r.region), axisLabel: { rotate: 40, interval: 0 } },
      yAxis: { type: 'value', name: t('households') },
      series: CLASSES.slice(0, 4).map((c) => ({ name: t(c), type: 'bar', stack: 'all', data: d.by_region.map((r) => r.counts[c] || 0) })),
    });
    window.addEventListener('resize', () => chart.resize(), { once: true });
  } catch (e) {
    stats.innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
}

function showSearch(q) {
  $('#main').innerHTML = `<form class="card" id="search-form" novalidate><h2>${t('search_title')}</h2>
    <div class="row"><div><label for="q">${t('query')}</label><input id="q" maxlength="64" value="${esc(q)}"><div class="field-error"></div></div>
    <button class="primary" type="submit">${t('search')}</button></div></form><div class="card" id="results" hidden></div>`;
  $('#search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const v = $('#q').value.trim();
    fieldError($('#q'), v ? '' : t('need_query'));
    if (v) location.hash = '#/search?q=' + encodeURIComponent(v);
  });
  if (q) runSearch(q);
}

async function runSearch(q) {
  const box = $('#results');
  box.hidden = false;
  box.innerHTML = `<div class="loading">${t('loading')}</div>`;
  try {
    const d = await api('GET', 'households?q=' + encodeURIComponent(q));
    if (!d.results.length) {
      box.innerHTML = `<div class="empty">${t('no_results')}</div>`;
      return;
    }
    box.innerHTML = `<table><thead><tr><th>${t('household')}</th><th>${t('person')}</th><th></th></tr></thead><tbody>${d.results
      .map((r) => `<tr><td>${esc(r.household)}</td><td>${esc(r.person || '')}</td><td><a href="#/household/${esc(r.household)}">${t('open')}</a></td></tr>`)
      .join('')}</tbody></table>`;
  } catch (e) {
    if (e.field === 'q') fieldError($('#q'), e.message);
    box.innerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
  }
}

async function showHousehold(hh) {
  $('#main').innerHTML = `<div class="loading">${t('loading')}</div>`;
  let d;
  try {
    d = await api('GET', 'households/' + encodeURIComponent(hh));
  } catch (e) {
    $('#main').innerHTML = `<div class="card"><div class="error" role="alert" id="refused">${esc(e.message)}</div><p><a href="#/search">${t('back')}</a></p></div>`;
    return;
  }
  const members = d.members.map((m) => `<tr><td>${esc(m.name)}</td><td>${esc(m.id)}</td><td>${esc(m.relation)}</td><td>${esc(m.status)}</td></tr>`).join('');
  const facts = d.members.map((m) => `<details><summary>${esc(m.name)} · ${m.facts.length} ${t('facts_n')}</summary>
      <table><thead><tr><th>${t('kind')}</th><th>${t('period')}</th><th>${t('amount')}</th><th>${t('value')}</th><th>${t('source')}</th></tr></thead><tbody>${m.facts
        .map((f) => `<tr><td>${esc(f.kind)}</td><td>${esc(f.period)}</td><td class="n">${yuan(f.amount_fen)}</td><td>${esc(f.value)}</td><td>${esc(f.resource)} / ${f.batch} / ${f.line}</td></tr>`)
        .join('')}</tbody></table></details>`).join('');
  const history = d.verifications.length
    ? `<table><thead><tr><th>${t('date')}</th><th>${t('decision')}</th><th>${t('benefit')}</th><th>${t('per_capita')}</th></tr></thead><tbody>${d.verifications
        .map((v) => `<tr><td>${esc(v.date)}</td><td>${t(v.decision)}</td><td class="n">${yuan(v.monthly_benefit_fen)}</td><td class="n">${yuan(v.per_capita_income_fen)}</td></tr>`)
        .join('')}</tbody></table>`
    : `<div class="empty">${t('no_history')}</div>`;
  const today = new Date().toISOString().slice(0, 10);
  $('#main').innerHTML = `<div class="card no-print"><h2>${t('household')} ${esc(d.household)}</h2>
      <p class="${d.authorised ? 'muted' : 'error'}">${d.authorised ? t('authorised') : t('not_authorised')}</p>
      <form class="row" id="verify-form" novalidate><div><label for="date">${t('date')}</label><input id="date" value="${today}"><div class="field-error"></div></div>
      <button class="primary" type="submit">${t('run_verify')}</button></form></div>
    <div class="card" id="report" hidden></div>
    <div class="card no-print"><h2>${t('members')}</h2><table><thead><tr><th>${t('name')}</th><th>${t('id')}</th><th>${t('relation')}</th><th>${t('status')}</th></tr></thead><tbody>${members}</tbody></table></div>
    <div class="card no-print"><h2>${t('facts')}</h2>${facts}</div>
    <div class="card no-print"><h2>${t('history')}</h2>${history}</div>`;
  $('#verify-form').addEventListener('submit', (ev) => { ev.preventDefault(); runVerify(hh); });
  householdCases(hh, d); // cases.js
  householdWarnings(hh); // monitor.js
}

async function runVerify(hh) {
  const date = $('#date'), box = $('#report');
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(date.value);
  fieldError(date, ok ? '' : t('bad_date'));
  if (!ok) return;
  box.hidden = false;
  box.innerHTML = `<div class="loading">${t('loading')}</div>`;
  try {
    const r = await api('POST', `households/${encodeURIComponent(hh)}/verifications`, { date: date.value });
    box.innerHTML = `<h2>${t('result')} · ${esc(r.household)} · ${esc(r.month)}</h2>
      <p class="decision" id="decision" data-decision="${esc(r.decision)}">${t(r.decision)} · ${t('benefit')} ${yuan(r.monthly_benefit_fen)} · ${t('per_capita')} ${yuan(r.per_capita_income_fen)}</p>
      <h2>${t('reasons')}</h2><table id="reasons"><thead><tr><th>${t('rule')}</th><th>${t('decision')}</th><th>${t('outcome')}</th><th>${t('message')}</th></tr></thead><tbody>${r.reasons
        .map((x) => `<tr class="${x.outcome ? 'holds' : ''}"><td>${esc(x.rule)}</td><td>${esc(x.program)}</td><td>${x.outcome ? t('holds') : t('fails')}</td><td>${esc(x.message)}</td></tr>`)
        .join('')}</tbody></table>
      <p class="no-print"><button class="primary" type="button" id="print">${t('print')}</button></p>`;
    $('#print').addEventListener('click', () => window.print());
  } catch (e) {
    if (e.field === 'date') fieldError(date, e.message);
    box.innerHTML = `<div class="error" role="alert" id="verify-error">${esc(e.message)}</div>`;
  }
}

const table = (heads, rows) => `<table><thead><tr>${heads.map((h) => `<th>${t(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;

async function showHub() {
  $('#main').innerHTML = `<div class="card"><h2>${t('catalog')}</h2><div id="catalog" class="loading">${t('loading')}</div></div>
    <div class="card"><h2>${t('batches')}</h2><div id="batches" class="loading">${t('loading')}</div><div id="rejects"></div></div>
    <div class="card"><h2>${t('tasks')}</h2><div id="tasks" class="loading">${t('loading')}</div></div>
    ${me.user.role === 'data-officer' ? `<div class="card"><h2>${t('upload_title')}</h2><div id="upload"></div></div>` : ''}`;
  try {
    const [c, b, s] = await Promise.all([api('GET', 'catalog'), api('GET', 'batches'), api('GET', 'share/tasks')]);
    $('#catalog').outerHTML = table(['code', 'name', 'provider', 'version', 'records', 'last_batch'], c.resources.map((r) =>
      `<tr><td>${esc(r.code)}</td><td>${esc(r.name)}</td><td>${esc(r.provider)}</td><td class="n">${r.version}</td><td class="n">${r.records}</td><td>${esc(r.last_batch_at)}</td></tr>`));
    $('#batches').outerHTML = table(['batches', 'code', 'mode', 'read', 'accepted', 'rejected', 'rejects'], b.batches.map((x) =>
      `<tr><td>${x.id}</td><td>${esc(x.resource)}</td><td>${esc(x.mode)}</td><td class="n">${x.read}</td><td class="n">${x.accepted}</td><td class="n">${x.rejected}</td><td>${x.rejected ? `<a href="#/hub" data-batch="${x.id}">${t('show')}</a>` : ''}</td></tr>`));
    document.querySelectorAll('a[data-batch]').forEach((a) => a.addEventListener('click', (ev) => { ev.preventDefault(); showRejects(a.dataset.batch); }));
    renderTasks(s.tasks, c.resources); // share.js
    renderUpload(c.resources); // upload.js
  } catch (e) {
    $('#main').innerHTML = `<div class="card"><div class="error" role="alert">${esc(e.message)}</div></div>`;
  }
}

async function showRejects(batch) {
  const box = $('#rejects');
  box.innerHTML = `<div class="loading">${t('loading')}</div>`;
  try {
    const r = await api('GET', `batches/${encodeURIComponent(batch)}/rejects`);
    box.innerHTML = `<h2>${t('rejects')} · ${esc(batch)}</h2>` + (r.rejects.length
      ? table(['line', 'field', 'reason'], r.rejects.map((x) => `<tr><td class="n">${x.line}</td><td>${esc(x.field)}</td><td>${esc(x.reason)}</td></tr>`))
      : `<div class="empty">${t('no_rejects')}</div>`);
  } catch (e) {
    box.innerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
  }
}

async function route() {
  if (me === null) {
    try { me = await api('GET', 'me'); } catch (e) { me = false; }
  }
  translateStatic();
  if (!me) return showLogin();
  const h = location.hash || '#/dashboard';
  if (h.startsWith('#/household/')) return showHousehold(decodeURIComponent(h.slice(12)));
  if (h.startsWith('#/hub')) return showHub();
  if (h.startsWith('#/inbox')) return showInbox(new URLSearchParams(h.split('?')[1] || '').get('view'));
  if (h.startsWith('#/case/')) return showCase(decodeURIComponent(h.slice(7)));
  if (h.startsWith('#/warnings')) return showWarnings(new URLSearchParams(h.split('?')[1] || ''));
  if (h.startsWith('#/warning/')) return showWarning(decodeURIComponent(h.slice(10)));
  if (h.startsWith('#/emergency')) return showEmergency();
  if (h.startsWith('#/users')) return showUsers();
  if (h.startsWith('#/fund')) return showFund(decodeURIComponent(h.slice(7)));
  if (h.startsWith('#/search')) return showSearch(new URLSearchParams(h.split('?')[1] || '').get('q') || '');
  return showDashboard();
}

$('#lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  localStorage.setItem('lang', lang);
  route();
});
$('#logout').addEventListener('click', async () => {
  try { await api('POST', 'logout'); } catch (e) { /* the session is gone either way */ }
  me = false;
  location.hash = '';
  route();
});
window.addEventListener('hashchange', route);
route();
