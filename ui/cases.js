// cases.js: case handling in the web UI (issue 9): the work queue of each role (overdue first),
// a case with its documents, history and the next steps this user may take, an application
// taken from the household page, emergency temporary aid paid from the reserve fund on one
// screen, and the township reserve fund's balance and ledger. Uses app.js's helpers.
'use strict';

Object.assign(T.zh, {
  nav_inbox: '待办', nav_emergency: '急难救助', nav_fund: '备用金', inbox: '待我办理', overdue_list: '已逾期', open_list: '全部在办', relatives_list: '近亲属备案',
  case_no: '案件号', scheme: '救助类别', applicant: '申请人', state: '状态', due: '办理期限', late: '逾期', no_cases: '没有案件',
  cases: '救助案件', apply: '受理申请', reason_apply: '申请理由', documents_in: '已收材料', relative: '工作人员近亲属（填写关系；无则留空）',
  day: '日期', submit: '提交', case_title: '案件', documents: '材料', received: '已收', missing: '缺', history_steps: '办理记录',
  step: '办理', action: '步骤', note: '意见/说明', staff1: '调查人员一', staff2: '调查人员二', amount_yuan: '金额（元）',
  reasons_written: '书面理由', months: '渐退月数', override: '再次救助的理由', no_steps: '当前没有您可办理的步骤',
  actor: '经办人', verified_amount: '核对月救助金（元）', approved_amount: '核定金额（元）', opened: '受理日',
  need_reason: '请填写申请理由', kind: '类型', cause: '事由', place: '事发地区划代码', requested: '申请金额（元）', urban: '城市',
  name_applicant: '姓名（非本地户籍时填写）', pay_now: '受理并先行支付', balance: '余额（元）', ceiling: '上限（元）', topup: '县级补充',
  township: '乡镇代码', ledger: '台账', entry: '类型', after: '余额', paid: '已先行支付', choose: '请选择', need_staff: '请填写两名调查人员',
  dibao: '低保', tekun: '特困', marginal: '低保边缘', rigid: '刚性支出困难', temp: '临时救助', referral: '专项救助转介',
  emergency: '急难型', expenditure: '支出型', fire: '火灾', accident: '意外事故', illness: '突发重病', medical: '医疗支出',
  education: '教育支出', disaster: '自然灾害', other: '其他', housing: '住房', employment: '就业',
  topup_k: '补充', advance_k: '先行支付', settle_k: '结算', near_relative: '近亲属备案',
});
Object.assign(T.en, {
  nav_inbox: 'Work queue', nav_emergency: 'Emergency aid', nav_fund: 'Reserve fund', inbox: 'Waiting on me', overdue_list: 'Overdue',
  open_list: 'All open', relatives_list: 'Staff relatives', case_no: 'Case', scheme: 'Scheme', applicant: 'Applicant', state: 'State', due: 'Due', late: 'overdue',
  no_cases: 'No cases', cases: 'Cases', apply: 'Take an application', reason_apply: 'Reason', documents_in: 'Documents received',
  relative: 'Near relative of staff (the relation; blank if none)', day: 'Date', submit: 'Submit', case_title: 'Case',
  documents: 'Documents', received: 'received', missing: 'missing', history_steps: 'History', step: 'Take a step', action: 'Step',
  note: 'Opinion / note', staff1: 'First visitor', staff2: 'Second visitor', amount_yuan: 'Amount (yuan)',
  reasons_written: 'Written reasons', months: 'Months of gradual exit', override: 'Why help again', no_steps: 'No step is yours now',
  actor: 'By', verified_amount: 'Verified monthly benefit (yuan)', approved_amount: 'Amount (yuan)', opened: 'Opened',
  need_reason: 'Give the reason', kind: 'Kind', cause: 'Cause', place: 'Place (region code)', requested: 'Asked (yuan)', urban: 'Urban',
  name_applicant: 'Name (if not registered here)', pay_now: 'Accept and pay now', balance: 'Balance (yuan)', ceiling: 'Ceiling (yuan)',
  topup: 'Top up (county)', township: 'Township code', ledger: 'Ledger', entry: 'Entry', after: 'Balance', paid: 'Paid first',
  choose: 'Choose', need_staff: 'Give both visitors', temp: 'Temporary aid', referral: 'Referral', emergency: 'Emergency',
  expenditure: 'Expenditure', fire: 'Fire', accident: 'Accident', illness: 'Sudden illness', medical: 'Medical costs',
  education: 'School costs', disaster: 'Disaster', other: 'Other', housing: 'Housing', employment: 'Employment',
  topup_k: 'top-up', advance_k: 'advance', settle_k: 'settlement', near_relative: 'near relative of staff',
});

const CASE_ROLES = ['caseworker', 'township-head', 'reviewer', 'approver', 'supervisor', 'auditor'];
const TOWN_ROLES = ['caseworker', 'township-head'];
const today = () => new Date().toISOString().slice(0, 10);
const field = (id, label, input) => `<div><label for="${id}">${t(label)}</label>${input}<div class="field-error"></div></div>`;
const input = (id, label, value = '', attrs = '') => field(id, label, `<input id="${id}" value="${esc(value)}" ${attrs}>`);
const select = (id, label, options) => field(id, label, `<select id="${id}">${options.map(([v, l]) => `<option value="${esc(v)}">${esc(l)}</option>`).join('')}</select>`);

// errors beside the field the API names, else under the form
function showError(form, e) {
  form.querySelectorAll('.field-error').forEach((el) => { el.textContent = ''; });
  const el = e.field && form.querySelector('#' + CSS.escape(e.field));
  if (el) fieldError(el, e.message);
  const box = form.querySelector('.form-error');
  if (box) box.textContent = el ? '' : e.message;
}

function caseRows(cases) {
  return cases.map((c) => `<tr class="${c.overdue ? 'late' : ''}"><td><a href="#/case/${c.id}">${c.id}</a></td><td>${esc(c.scheme_label)}</td>
    <td>${esc(c.name)}</td><td>${esc(c.household || c.region)}</td><td>${esc(c.state_label)}</td>
    <td>${esc(c.due)}${c.overdue ? ` <span class="badge">${t('late')}</span>` : ''}</td></tr>`);
}

const caseTable = (cases) => (cases.length
  ? table(['case_no', 'scheme', 'applicant', 'household', 'state', 'due'], caseRows(cases))
  : `<div class="empty">${t('no_cases')}</div>`);

async function showInbox(view) {
  const views = ['inbox', 'overdue', 'open', 'relatives'];
  view = views.includes(view) ? view : 'inbox';
  $('#main').innerHTML = `<div class="card"><div class="tabs">${views.map((v) =>
    `<a href="#/inbox?view=${v}" class="${v === view ? 'active' : ''}">${t(v === 'inbox' ? 'inbox' : v + '_list')}</a>`).join('')}</div>
    <div id="queue"><div class="loading">${t('loading')}</div></div></div>`;
  try {
    const d = await api('GET', 'cases?view=' + view);
    $('#queue').innerHTML = caseTable(d.cases);
  } catch (e) {
    $('#queue').innerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
  }
}

// the fields each step asks for
const STEP_FIELDS = {
  documents: ['documents'], verify: ['day', 'note'], visit: ['day', 'staff', 'note'], notice: ['day', 'note'], objection: ['day', 'note'],
  'township-review': ['day', 'note', 'documents'], approve: ['day', 'amount', 'note', 'override'], refuse: ['day', 'reasons'],
  review: ['day', 'note'], exit: ['day', 'months', 'reasons'], terminate: ['day', 'reasons'], withdraw: ['day', 'note'],
  advance: ['day', 'amount', 'override'], complete: ['day', 'documents', 'staff', 'note'], settle: ['day'], refer: ['day', 'note'],
  feedback: ['day', 'note', 'amount'],
};

function stepForm(c, d) {
  if (!d.steps.length) return `<div class="empty">${t('no_steps')}</div>`;
  const missing = d.documents.filter((x) => !x.received);
  return `<form id="step-form" novalidate><div class="row">${select('action', 'action', d.steps.map((s) => [s.action, s.label]))}
      ${input('day', 'day', today())}</div>
    <div class="row step-field" data-f="staff">${input('staff1', 'staff1')}${input('staff', 'staff2')}</div>
    <div class="row step-field" data-f="amount">${input('amount', 'amount_yuan', c.verified_fen ? yuan(c.verified_fen) : '')}</div>
    <div class="row step-field" data-f="months">${input('months', 'months', '6')}</div>
    <div class="step-field" data-f="documents"><label>${t('documents_in')}</label><div id="documents">${missing.map((x) =>
      `<label class="check"><input type="checkbox" value="${esc(x.code)}"> ${esc(x.label)}</label>`).join('') || '—'}</div><div class="field-error"></div></div>
    <div class="step-field" data-f="note">${input('note', 'note')}</div>
    <div class="step-field" data-f="reasons">${field('reasons', 'reasons_written', '<textarea id="reasons" rows="3"></textarea>')}</div>
    <div class="step-field" data-f="override">${input('override', 'override')}</div>
    <div class="field-error form-error" role="alert"></div>
    <button class="primary" type="submit">${t('submit')}</button></form>`;
}

function showStepFields() {
  const want = STEP_FIELDS[$('#action').value] || [];
  document.querySelectorAll('.step-field').forEach((el) => { el.hidden = !want.includes(el.dataset.f); });
}

async function showCase(id) {
  $('#main').innerHTML = `<div class="loading">${t('loading')}</div>`;
  let d;
  try {
    d = await api('GET', 'cases/' + encodeURIComponent(id));
  } catch (e) {
    $('#main').innerHTML = `<div class="card"><div class="error" role="alert" id="refused">${esc(e.message)}</div></div>`;
    return;
  }
  renderCase(d);
}

function renderCase(d) {
  const c = d.case;
  const docs = d.documents.map((x) => `<li class="${x.received ? 'ok' : 'missing'}">${esc(x.label)} · ${x.received ? t('received') : t('missing')}</li>`).join('');
  const events = table(['day', 'action', 'actor', 'state', 'amount_yuan', 'note'], d.events.map((e) =>
    `<tr><td>${esc(e.day)}</td><td>${esc(e.label)}</td><td>${esc(e.actor)}</td><td>${esc(e.to_label || e.to)}</td><td class="n">${e.amount_fen == null ? '' : yuan(e.amount_fen)}</td><td>${esc([e.staff, e.note].filter(Boolean).join(' · '))}</td></tr>`));
  $('#main').innerHTML = `<div class="card"><h2>${t('case_title')} ${c.id} · ${esc(c.scheme_label)}${c.kind ? ' · ' + t(c.kind) : ''}</h2>
      <p class="decision" id="case-state" data-state="${esc(c.state)}">${esc(c.state_label)}${c.overdue ? ` <span class="badge">${t('late')}</span>` : ''}</p>
      <dl class="facts"><dt>${t('applicant')}</dt><dd>${esc(c.name)} ${esc(c.applicant)}</dd>
      <dt>${t('household')}</dt><dd>${c.household ? `<a href="#/household/${esc(c.household)}">${esc(c.household)}</a>` : esc(c.region)}</dd>
      <dt>${t('opened')}</dt><dd>${esc(c.opened_day)}</dd><dt>${t('due')}</dt><dd>${esc(c.due || '—')}</dd>
      <dt>${t('reason_apply')}</dt><dd>${esc(d.reason)}</dd>
      ${c.decision ? `<dt>${t('decision')}</dt><dd>${t(c.decision)} · ${t('verified_amount')} ${yuan(c.verified_fen)}</dd>` : ''}
      ${c.amount_fen ? `<dt>${t('approved_amount')}</dt><dd id="case-amount">${yuan(c.amount_fen)}</dd>` : ''}
      ${d.reasons ? `<dt>${t('reasons_written')}</dt><dd id="case-reasons">${esc(d.reasons)}</dd>` : ''}
      ${c.relative ? `<dt>${t('near_relative')}</dt><dd>${esc(c.relative)}</dd>` : ''}</dl>
      <h2>${t('documents')}</h2><ul class="docs">${docs}</ul></div>
    <div class="card"><h2>${t('step')}</h2>${stepForm(c, d)}</div>
    <div class="card" id="history"><h2>${t('history_steps')}</h2>${events}</div>`;
  const form = $('#step-form');
  if (!form) return;
  $('#action').addEventListener('change', showStepFields);
  showStepFields();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const action = $('#action').value, want = STEP_FIELDS[action] || [];
    const body = { action, day: $('#day').value };
    if (want.includes('note')) body.note = $('#note').value;
    if (want.includes('reasons')) body.reasons = $('#reasons').value;
    if (want.includes('amount') && $('#amount').value) body.amount = $('#amount').value;
    if (want.includes('override') && $('#override').value) body.override = $('#override').value;
    if (want.includes('months')) body.months = Number($('#months').value);
    if (want.includes('staff') && ($('#staff1').value || $('#staff').value)) body.staff = [$('#staff1').value.trim(), $('#staff').value.trim()].join(',');
    if (want.includes('documents')) body.documents = [...document.querySelectorAll('#documents input:checked')].map((x) => x.value);
    ev.submitter.disabled = true;
    try {
      renderCase(await api('POST', `cases/${c.id}/steps`, body));
    } catch (e) {
      ev.submitter.disabled = false;
      showError(form, e);
    }
  });
}

// the household page: its cases, and an application taken for it (called by app.js)
async function householdCases(hh, d) {
  if (!me || !CASE_ROLES.includes(me.user.role)) return;
  const card = document.createElement('div');
  card.className = 'card no-print';
  card.id = 'cases';
  card.innerHTML = `<h2>${t('cases')}</h2><div id="hh-cases" class="loading">${t('loading')}</div>`;
  $('#main').insertBefore(card, $('#main').children[1]);
  try {
    const r = await api('GET', `households/${encodeURIComponent(hh)}/cases`);
    $('#hh-cases').outerHTML = caseTable(r.cases);
  } catch (e) {
    $('#hh-cases').outerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
  }
  if (!TOWN_ROLES.includes(me.user.role)) return;
  const schemes = ['dibao', 'tekun', 'marginal', 'rigid'].map((s) => [s, t(s)]);
  const docs = [['application', lang === 'zh' ? '救助申请书' : 'application form'], ['authorisation', lang === 'zh' ? '家庭经济状况核对授权书' : 'signed authorisation'],
    ['receipts', lang === 'zh' ? '支出票据' : 'receipts']];
  card.insertAdjacentHTML('beforeend', `<details id="apply-box"><summary>${t('apply')}</summary><form id="apply-form" novalidate>
    <div class="row">${select('scheme', 'scheme', schemes)}${select('applicant', 'applicant', d.members.map((m) => [m.id, `${m.name} ${m.id}`]))}${input('day', 'day', today())}</div>
    ${input('reason', 'reason_apply')}
    <label>${t('documents_in')}</label><div id="documents">${docs.map(([v, l]) => `<label class="check"><input type="checkbox" value="${v}"> ${l}</label>`).join('')}</div><div class="field-error"></div>
    ${input('relative', 'relative')}
    <div class="field-error form-error" role="alert"></div><button class="primary" type="submit">${t('apply')}</button></form></details>`);
  $('#apply-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    if (!$('#reason').value.trim()) return showError(form, { field: 'reason', message: t('need_reason') });
    ev.submitter.disabled = true;
    try {
      const r = await api('POST', 'cases', {
        scheme: $('#scheme').value, household: hh, applicant: $('#applicant').value, day: $('#day').value, reason: $('#reason').value,
        documents: [...form.querySelectorAll('#documents input:checked')].map((x) => x.value), relative: $('#relative').value || null,
      });
      location.hash = '#/case/' + r.case.id;
    } catch (e) {
      ev.submitter.disabled = false;
      showError(form, e);
    }
  });
}

// emergency temporary aid: accepted and paid from the township's reserve fund on one screen
function showEmergency() {
  const place = me.user.region.length >= 9 ? me.user.region : '';
  $('#main').innerHTML = `<form class="card" id="emergency-form" novalidate><h2>${t('nav_emergency')}</h2>
    <div class="row">${input('place', 'place', place, 'maxlength="12"')}${select('cause', 'cause', ['fire', 'accident', 'illness', 'disaster', 'other'].map((c) => [c, t(c)]))}${input('day', 'day', today())}</div>
    <div class="row">${input('applicant', 'id', '', 'maxlength="18"')}${input('name', 'name_applicant')}${input('requested', 'requested')}</div>
    ${input('reason', 'reason_apply')}
    <label class="check"><input type="checkbox" id="urban"> ${t('urban')}</label>
    <div class="field-error form-error" role="alert"></div>
    <button class="primary" type="submit">${t('pay_now')}</button></form><div class="card" id="paid" hidden></div>`;
  $('#emergency-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    if (!$('#reason').value.trim()) return showError(form, { field: 'reason', message: t('need_reason') });
    ev.submitter.disabled = true;
    try {
      const r = await api('POST', 'cases', {
        scheme: 'temp', kind: 'emergency', advance: true, place: $('#place').value, cause: $('#cause').value, day: $('#day').value,
        applicant: $('#applicant').value, name: $('#name').value, requested: $('#requested').value, reason: $('#reason').value, urban: $('#urban').checked,
      });
      const f = await api('GET', 'funds/' + encodeURIComponent(r.case.region.slice(0, 9)));
      showError(form, {});
      $('#paid').hidden = false;
      $('#paid').innerHTML = `<p class="decision" id="paid-result">${t('paid')} ${yuan(r.case.amount_fen)} · <a href="#/case/${r.case.id}">${t('case_title')} ${r.case.id}</a></p>
        <p>${t('nav_fund')} ${t('balance')} <b id="fund-balance">${yuan(f.balance_fen)}</b></p>`;
    } catch (e) {
      showError(form, e);
    }
    ev.submitter.disabled = false;
  });
}

async function showFund(township) {
  township = township || (me.user.region.length >= 9 ? me.user.region.slice(0, 9) : '');
  const county = ['reviewer', 'approver'].includes(me.user.role);
  $('#main').innerHTML = `<form class="card" id="fund-pick" novalidate><div class="row">${input('township', 'township', township, 'maxlength="9"')}
    <button class="primary" type="submit">${t('open')}</button></div></form><div class="card" id="fund"><div class="loading">${t('loading')}</div></div>`;
  $('#fund-pick').addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = '#/fund/' + encodeURIComponent($('#township').value.trim()); });
  if (!township) { $('#fund').hidden = true; return; }
  try {
    const f = await api('GET', 'funds/' + encodeURIComponent(township));
    $('#fund').innerHTML = `<h2>${t('nav_fund')} ${esc(f.township)}</h2><div class="stats"><div class="stat">${t('balance')}<b id="fund-balance">${yuan(f.balance_fen)}</b></div>
      <div class="stat">${t('ceiling')}<b>${yuan(f.ceiling_fen)}</b></div></div>
      ${county ? `<form id="topup-form" class="row" novalidate>${input('amount', 'amount_yuan')}${input('day', 'day', today())}<button class="primary" type="submit">${t('topup')}</button><div class="field-error form-error" role="alert"></div></form>` : ''}
      <h2>${t('ledger')}</h2>${f.entries.length ? table(['day', 'entry', 'amount_yuan', 'after', 'case_no', 'actor'], f.entries.map((x) =>
        `<tr><td>${esc(x.day)}</td><td>${t(x.kind + '_k')}</td><td class="n">${yuan(x.amount_fen)}</td><td class="n">${yuan(x.balance_fen)}</td><td>${x.case ? `<a href="#/case/${x.case}">${x.case}</a>` : ''}</td><td>${esc(x.actor)}</td></tr>`)) : `<div class="empty">${t('no_data')}</div>`}`;
    const form = $('#topup-form');
    if (form) form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        await api('POST', `funds/${encodeURIComponent(township)}/topups`, { amount: $('#amount').value, day: $('#day').value });
        showFund(township);
      } catch (e) {
        showError(form, e);
      }
    });
  } catch (e) {
    if (e.field === 'township') fieldError($('#township'), e.message);
    $('#fund').innerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
  }
}
