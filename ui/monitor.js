// monitor.js: dynamic monitoring's warnings in the web UI (docs/MONITORING.md): the queue of a
// township (newest and reddest first) with its filters, the overdue list for the county, the
// county's and the city's counts by township and level (ECharts), one warning with its level,
// score and indicators first, the evidence folded, its field checks and the forms for the steps
// this user may take (send, a field check on a phone, the outcome); and a household's warnings
// over time on its page. Uses app.js's and cases.js's helpers.
'use strict';

Object.assign(T.zh, {
  nav_warnings: '预警', w_queue: '预警队列', w_overdue: '已逾期', w_summary: '统计', warning: '预警', level: '等级',
  score: '分值', raised: '预警日', w_status: '状态', due_day: '核查期限', indicators: '触发指标', top_indicators: '主要指标',
  yellow: '黄色', orange: '橙色', red: '红色', any_level: '全部等级', orange_up: '橙色及以上', red_only: '仅红色',
  s_live: '在办', s_new: '新预警', s_sent: '已推送乡镇', s_checking: '核查中', s_closed: '已办结', s_ended: '已解除', s_all: '全部',
  no_warnings: '没有预警', indicator: '指标', weight: '权重', evidence: '数据来源（资源/批次/行）', evidence_n: '条依据',
  field_checks: '入户核查', no_checks: '尚无入户核查', visit_day: '入户日期', staff_pair: '核查人员', findings: '核查情况',
  income_y: '自述月收入（元）', spending_y: '自述月支出（元）', corrections: '数据更正', corr_resource: '资源代码',
  corr_field: '字段', corr_old: '原值', corr_new: '新值', corr_reason: '更正理由', send: '推送乡镇核查', send_title: '推送乡镇',
  check_title: '记录入户核查', outcome_title: '办结', w_outcome: '处置结果', o_case: '纳入救助（案件）', o_referral: '转介部门',
  o_charity: '慈善帮扶', o_no_need: '无需救助', o_false_alarm: '误报', reason_w: '理由', misleading: '误报指标', department: '转介部门',
  case_id: '案件号', sent_on: '推送日', sent_by_w: '推送人', closed_on: '办结日', w_region: '区划（县或市代码，可留空）',
  open_counts: '在办预警（按乡镇、等级）', total: '合计', bad_yuan: '请输入金额（元），最多两位小数', record_day: '登记日',
  w_history: '预警记录', w_over_time: '预警分值（按预警月份）', no_steps_w: '当前没有您可办理的步骤', overdue_day: '截至', town_name: '乡镇',
});
Object.assign(T.en, {
  nav_warnings: 'Warnings', w_queue: 'Queue', w_overdue: 'Overdue', w_summary: 'Counts', warning: 'Warning', level: 'Level',
  score: 'Score', raised: 'Raised', w_status: 'Status', due_day: 'Due', indicators: 'Indicators fired', top_indicators: 'Top indicators',
  yellow: 'Yellow', orange: 'Orange', red: 'Red', any_level: 'Every level', orange_up: 'Orange and red', red_only: 'Red only',
  s_live: 'Open', s_new: 'New', s_sent: 'Sent to township', s_checking: 'In field check', s_closed: 'Closed', s_ended: 'Ended', s_all: 'All',
  no_warnings: 'No warnings', indicator: 'Indicator', weight: 'Weight', evidence: 'Source (resource/batch/line)', evidence_n: 'records',
  field_checks: 'Field checks', no_checks: 'No field check yet', visit_day: 'Visit day', staff_pair: 'Staff', findings: 'Findings',
  income_y: 'Stated monthly income (yuan)', spending_y: 'Stated monthly spending (yuan)', corrections: 'Corrections',
  corr_resource: 'Resource code', corr_field: 'Field', corr_old: 'Old value', corr_new: 'New value', corr_reason: 'Why',
  send: 'Send to the township', send_title: 'Send', check_title: 'Record a field check', outcome_title: 'Close',
  w_outcome: 'Outcome', o_case: 'Case opened', o_referral: 'Referred', o_charity: 'Charity', o_no_need: 'No need', o_false_alarm: 'False alarm',
  reason_w: 'Reason', misleading: 'Indicator that misled', department: 'Department', case_id: 'Case number', sent_on: 'Sent',
  sent_by_w: 'Sent by', closed_on: 'Closed', w_region: 'Region (county or city code, optional)',
  open_counts: 'Open warnings by township and level', total: 'Total', bad_yuan: 'Enter an amount in yuan, at most two decimals',
  record_day: 'Recorded on', w_history: 'Warnings', w_over_time: 'Warning scores by month raised', no_steps_w: 'No step is yours now',
  overdue_day: 'As of', town_name: 'Township',
});

const LEVELS = ['yellow', 'orange', 'red'];
const LEVEL_COLOURS = { yellow: '#e1b400', orange: '#e67e22', red: '#c0392b' };
const OUTCOME_FIELDS = { case: ['case'], referral: ['department', 'reason'], charity: ['reason'], no_need: ['reason'], false_alarm: ['reason', 'indicator'] };
const levelBadge = (l) => `<span class="level level-${esc(l)}" data-level="${esc(l)}">${t(l)}</span>`;

// yuan text to integer fen without floating point: "800.5" -> 80050; null when blank; NaN when not money
function fenOf(text) {
  const v = String(text || '').trim();
  if (!v) return null;
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(v);
  return m ? Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0')) : NaN;
}

// the server's error beside the field it names (the inputs carry the API's names), else under the form
function showFormError(form, e) {
  form.querySelectorAll('.field-error').forEach((el) => { el.textContent = ''; });
  form.querySelectorAll('.bad').forEach((el) => el.classList.remove('bad'));
  const el = e.field && form.querySelector(`[name="${CSS.escape(e.field)}"]`);
  if (el) fieldError(el, e.message);
  form.querySelector('.form-error').textContent = el ? '' : e.message || '';
}

// a labelled field whose input carries the API's name; ids are made up, unique on the page
let wfieldNo = 0;
const wfield = (name, label, tag, inner = '') => {
  const id = `wf-${name}-${++wfieldNo}`;
  return `<div><label for="${id}">${t(label)}</label>${tag.replace(/^<(\w+)/, `<$1 id="${id}" name="${name}"`)}${inner}<div class="field-error"></div></div>`;
};
const winput = (name, label, value = '', attrs = '') => wfield(name, label, `<input value="${esc(value)}" ${attrs}>`);

function warningRows(ws) {
  return ws.map((w) => `<tr class="${w.overdue ? 'late' : ''}" data-warning="${w.id}">
    <td><a href="#/warning/${w.id}">${w.id}</a></td><td>${levelBadge(w.level)} <b class="score">${w.score}</b></td>
    <td><a href="#/household/${esc(w.household)}">${esc(w.household)}</a></td><td>${esc(w.raised_day)}</td>
    <td>${esc(w.status_label)}</td><td>${esc(w.due_day || '—')}${w.overdue ? ` <span class="badge">${t('late')}</span>` : ''}</td>
    <td class="wide">${esc(w.indicators.slice().sort((a, b) => b.weight - a.weight).slice(0, 2).map((i) => i.message).join('；'))}</td></tr>`);
}

const warningTable = (ws) => (ws.length
  ? `<table class="warnings"><colgroup><col style="width:5.5em"><col style="width:7.5em"><col style="width:12.5em"><col style="width:7em"><col style="width:7em"><col style="width:8em"><col></colgroup>
      <thead><tr>${['warning', 'level', 'household', 'raised', 'w_status', 'due_day', 'top_indicators'].map((h) => `<th>${t(h)}</th>`).join('')}</tr></thead>
      <tbody>${warningRows(ws).join('')}</tbody></table>`
  : `<div class="empty">${t('no_warnings')}</div>`);

async function showWarnings(params) {
  const view = ['queue', 'overdue', 'summary'].includes(params.get('view')) ? params.get('view') : 'queue';
  const level = params.get('level') || '', status = params.get('status') || '';
  $('#main').innerHTML = `<div class="card"><div class="tabs">${['queue', 'overdue', 'summary'].map((v) =>
    `<a href="#/warnings?view=${v}" class="${v === view ? 'active' : ''}">${t('w_' + v)}</a>`).join('')}</div>
    <div id="w-filters"></div><div id="w-list"><div class="loading">${t('loading')}</div></div></div>`;
  try {
    if (view === 'summary') return await showWarningSummary(params.get('region') || '');
    if (view === 'queue') {
      const opt = (v, l, cur) => `<option value="${v}" ${v === cur ? 'selected' : ''}>${t(l)}</option>`;
      $('#w-filters').innerHTML = `<form class="row" id="w-filter-form"><div><label for="w-level">${t('level')}</label><select id="w-level">
          ${opt('', 'any_level', level)}${opt('orange', 'orange_up', level)}${opt('red', 'red_only', level)}</select></div>
        <div><label for="w-status">${t('w_status')}</label><select id="w-status">${['', 'new', 'sent', 'checking', 'closed', 'ended', 'all']
          .map((s) => opt(s, 's_' + (s || 'live'), status)).join('')}</select></div></form>`;
      const go = () => { location.hash = `#/warnings?view=queue&level=${$('#w-level').value}&status=${$('#w-status').value}`; };
      $('#w-level').addEventListener('change', go);
      $('#w-status').addEventListener('change', go);
    }
    const q = new URLSearchParams();
    if (level) q.set('level', level);
    if (status) q.set('status', status);
    const d = await api('GET', (view === 'overdue' ? 'warnings/overdue' : 'warnings') + (q.toString() ? '?' + q : ''));
    $('#w-list').innerHTML = (view === 'overdue' ? `<p class="muted">${t('overdue_day')} ${today()}</p>` : '') + warningTable(d.warnings);
  } catch (e) {
    $('#w-list').innerHTML = `<div class="error" role="alert" id="refused">${esc(e.message)}</div>`;
  }
}

// the county's and the city's view: open warnings by township and level, a stacked bar
async function showWarningSummary(region) {
  $('#w-filters').innerHTML = `<form class="row" id="w-region-form" novalidate>${winput('region', 'w_region', region, 'maxlength="12"')}
    <button class="primary" type="submit">${t('open')}</button><div class="field-error form-error" role="alert"></div></form>`;
  $('#w-region-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = '#/warnings?view=summary&region=' + encodeURIComponent($('#w-region-form [name="region"]').value.trim());
  });
  let d;
  try {
    d = await api('GET', 'warnings/summary' + (region ? '?region=' + encodeURIComponent(region) : ''));
  } catch (e) {
    showFormError($('#w-region-form'), e);
    $('#w-list').innerHTML = `<div class="error" role="alert" id="refused">${esc(e.message)}</div>`;
    return;
  }
  const total = LEVELS.reduce((n, l) => n + d.by_level[l], 0);
  $('#w-list').innerHTML = `<h2>${t('open_counts')}</h2><div class="stats stats-3" id="w-totals">${LEVELS.map((l) =>
    `<div class="stat">${levelBadge(l)}<b data-level="${l}">${d.by_level[l]}</b></div>`).join('')}</div>
    ${d.by_township.length ? `<div id="w-chart" class="chart"></div>` : ''}
    <details><summary>${t('by_region')} · ${d.by_township.length}</summary>${d.by_township.length
      ? table(['township', 'town_name', 'yellow', 'orange', 'red', 'total'], d.by_township.map((r) =>
        `<tr data-township="${esc(r.region)}"><td>${esc(r.region)}</td><td>${esc(r.name)}</td>${LEVELS.map((l) => `<td class="n">${r.counts[l]}</td>`).join('')}
          <td class="n">${LEVELS.reduce((n, l) => n + r.counts[l], 0)}</td></tr>`))
      : ''}</details>${total ? '' : `<div class="empty">${t('no_warnings')}</div>`}`;
  if (!d.by_township.length || !window.echarts) return;
  const chart = echarts.init($('#w-chart'));
  chart.setOption({
    tooltip: { trigger: 'axis' },
    legend: { data: LEVELS.map(t) },
    grid: { left: 40, right: 12, bottom: 90 },
    xAxis: { type: 'category', data: d.by_township.map((r) => r.name || r.region), axisLabel: { rotate: 40, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: LEVELS.map((l) => ({ name: t(l), type: 'bar', stack: 'all', itemStyle: { color: LEVEL_COLOURS[l] }, data: d.by_township.map((r) => r.counts[l]) })),
  });
  window.addEventListener('resize', () => chart.resize(), { once: true });
}

async function showWarning(id) {
  $('#main').innerHTML = `<div class="loading">${t('loading')}</div>`;
  let d;
  try {
    d = await api('GET', 'warnings/' + encodeURIComponent(id));
  } catch (e) {
    $('#main').innerHTML = `<div class="card"><div class="error" role="alert" id="refused">${esc(e.message)}</div><p><a href="#/warnings">${t('w_queue')}</a></p></div>`;
    return;
  }
  renderWarning(d);
}

function renderWarning(d) {
  const inds = d.indicators.slice().sort((a, b) => b.weight - a.weight);
  const evidence = inds.flatMap((i) => i.evidence.map((x) =>
    `<tr><td>${esc(i.indicator)}</td><td>${esc(x.kind)}</td><td>${esc(x.period)}</td><td>${esc(x.resource)} / ${x.batch} / ${x.line}</td></tr>`));
  const checks = d.field_checks.length ? `<ul class="checks">${d.field_checks.map((k) => `<li class="check-item">
      <b>${esc(k.visit_day)}</b> · ${esc(k.staff.join('、'))}<br>${esc(k.findings)}
      ${k.income_fen != null ? `<br>${t('income_y')} <span class="income">${yuan(k.income_fen)}</span>` : ''}
      ${k.spending_fen != null ? ` · ${t('spending_y')} <span class="spending">${yuan(k.spending_fen)}</span>` : ''}
      ${k.corrections.map((c) => `<br>${t('corrections')}: ${esc(c.resource)} ${esc(c.field)} ${esc(c.old)} → ${esc(c.new)} (${esc(c.reason)})`).join('')}</li>`).join('')}</ul>`
    : `<div class="empty">${t('no_checks')}</div>`;
  $('#main').innerHTML = `<div class="card"><h2>${t('warning')} ${d.id} · <a href="#/household/${esc(d.household)}">${esc(d.household)}</a></h2>
      <p class="decision" id="w-head" data-status="${esc(d.status)}" data-level="${esc(d.level)}">${levelBadge(d.level)} ${t('score')} <span id="w-score">${d.score}</span> ·
        <span id="w-status">${esc(d.status_label)}</span>${d.outcome ? ` · <span id="w-outcome">${esc(d.outcome_label)}</span>` : ''}${d.overdue ? ` <span class="badge">${t('late')}</span>` : ''}</p>
      <table class="indicators" id="w-indicators"><colgroup><col style="width:5em"><col style="width:6em"><col></colgroup>
        <thead><tr><th>${t('weight')}</th><th>${t('level')}</th><th>${t('message')}</th></tr></thead><tbody>${inds.map((i) =>
        `<tr data-indicator="${esc(i.indicator)}"><td class="n">${i.weight}</td><td>${i.level && i.level !== 'none' ? levelBadge(i.level) : ''}</td><td>${esc(i.message)}</td></tr>`).join('')}</tbody></table>
      <dl class="facts"><dt>${t('raised')}</dt><dd>${esc(d.raised_day)}</dd>
        ${d.sent_day ? `<dt>${t('sent_on')}</dt><dd>${esc(d.sent_day)} · ${esc(d.sent_by)}</dd><dt>${t('due_day')}</dt><dd id="w-due">${esc(d.due_day)}</dd>` : ''}
        ${d.closed_day ? `<dt>${t('closed_on')}</dt><dd>${esc(d.closed_day)} · ${esc(d.outcome_by)}</dd>` : ''}
        ${d.reason ? `<dt>${t('reason_w')}</dt><dd>${esc(d.reason)}</dd>` : ''}
        ${d.indicator ? `<dt>${t('misleading')}</dt><dd>${esc(d.indicator)}</dd>` : ''}
        ${d.department ? `<dt>${t('department')}</dt><dd>${esc(d.department)}</dd>` : ''}
        ${d.case ? `<dt>${t('case_id')}</dt><dd><a href="#/case/${d.case}">${d.case}</a></dd>` : ''}</dl>
      <details id="w-evidence"><summary>${t('evidence')} · ${evidence.length} ${t('evidence_n')}</summary>
        ${table(['indicator', 'kind', 'period', 'evidence'], evidence)}</details></div>
    <div class="card" id="w-steps">${d.steps.length ? d.steps.map((s) => stepFormOf(s, d)).join('') : `<div class="empty">${t('no_steps_w')}</div>`}</div>
    <div class="card" id="w-checks"><h2>${t('field_checks')}</h2>${checks}</div>`;
  bindWarningForms(d);
}

function stepFormOf(step, d) {
  const tail = `<div class="field-error form-error" role="alert"></div>`;
  if (step === 'warning-send')
    return `<form id="send-form" novalidate><h2>${t('send_title')}</h2><div class="row">${winput('day', 'day', today())}</div>${tail}
      <button class="primary" type="submit">${t('send')}</button></form>`;
  if (step === 'warning-check')
    return `<form id="check-form" novalidate><h2>${t('check_title')}</h2>
      <div class="row">${winput('visit_day', 'visit_day', today(), 'inputmode="numeric"')}${winput('day', 'record_day', today(), 'inputmode="numeric"')}</div>
      <div class="row">${winput('staff', 'staff1', '', 'autocomplete="off"')}${winput('staff2', 'staff2', '', 'autocomplete="off"')}</div>
      ${wfield('findings', 'findings', '<textarea rows="3"></textarea>')}
      <div class="row">${winput('income_fen', 'income_y', '', 'inputmode="decimal"')}${winput('spending_fen', 'spending_y', '', 'inputmode="decimal"')}</div>
      <details><summary>${t('corrections')}</summary><div class="row">${winput('corr_resource', 'corr_resource')}${winput('corr_field', 'corr_field')}</div>
        <div class="row">${winput('corr_old', 'corr_old')}${winput('corr_new', 'corr_new')}</div>${winput('corrections', 'corr_reason')}</details>
      ${tail}<button class="primary" type="submit">${t('submit')}</button></form>`;
  if (step === 'warning-outcome')
    return `<form id="outcome-form" novalidate><h2>${t('outcome_title')}</h2>
      <div class="row">${wfield('outcome', 'w_outcome', `<select>${Object.keys(OUTCOME_FIELDS).map((o) => `<option value="${o}">${t('o_' + o)}</option>`).join('')}</select>`)}
        ${winput('day', 'day', today())}</div>
      <div class="o-field" data-f="reason">${wfield('reason', 'reason_w', '<textarea rows="2"></textarea>')}</div>
      <div class="o-field" data-f="indicator">${wfield('indicator', 'misleading', `<select>${d.indicators.map((i) =>
        `<option value="${esc(i.indicator)}">${esc(i.indicator)} · ${esc(i.message)}</option>`).join('')}</select>`)}</div>
      <div class="o-field" data-f="department">${winput('department', 'department')}</div>
      <div class="o-field" data-f="case">${winput('case', 'case_id', '', 'inputmode="numeric"')}</div>
      ${tail}<button class="primary" type="submit">${t('submit')}</button></form>`;
  return '';
}

function bindWarningForms(d) {
  const post = async (form, path, body) => {
    const btn = form.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      renderWarning(await api('POST', `warnings/${d.id}/${path}`, body));
    } catch (e) {
      btn.disabled = false;
      showFormError(form, e);
    }
  };
  const val = (form, name) => form.querySelector(`[name="${name}"]`).value.trim();
  const send = $('#send-form');
  if (send) send.addEventListener('submit', (ev) => { ev.preventDefault(); post(send, 'send', { day: val(send, 'day') }); });
  const check = $('#check-form');
  if (check) check.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = { day: val(check, 'day'), visit_day: val(check, 'visit_day'), staff: [val(check, 'staff'), val(check, 'staff2')].filter(Boolean), findings: val(check, 'findings') };
    for (const k of ['income_fen', 'spending_fen']) {
      const fen = fenOf(val(check, k));
      if (Number.isNaN(fen)) return showFormError(check, { field: k, message: t('bad_yuan') });
      if (fen != null) body[k] = fen;
    }
    if (val(check, 'corr_resource') || val(check, 'corr_new'))
      body.corrections = [{ resource: val(check, 'corr_resource'), field: val(check, 'corr_field'), old: val(check, 'corr_old'), new: val(check, 'corr_new'), reason: val(check, 'corrections') }];
    post(check, 'field-checks', body);
  });
  const out = $('#outcome-form');
  if (!out) return;
  const kind = out.querySelector('[name="outcome"]');
  const show = () => out.querySelectorAll('.o-field').forEach((el) => { el.hidden = !OUTCOME_FIELDS[kind.value].includes(el.dataset.f); });
  kind.addEventListener('change', show);
  show();
  out.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const body = { outcome: kind.value, day: val(out, 'day') };
    for (const f of OUTCOME_FIELDS[kind.value]) {
      const v = val(out, f);
      if (f === 'case') { if (v) body.case = /^\d+$/.test(v) ? Number(v) : v; } else if (v) body[f] = v;
    }
    post(out, 'outcome', body);
  });
}

// the household page: its warnings over time, a chart of scores by the month each was raised
// coloured by level, and the list (called by app.js)
async function householdWarnings(hh) {
  if (!me || !CASE_ROLES.includes(me.user.role)) return;
  const card = document.createElement('div');
  card.className = 'card no-print';
  card.id = 'hh-warnings';
  card.innerHTML = `<h2>${t('w_history')}</h2><div id="hh-w-list" class="loading">${t('loading')}</div>`;
  $('#main').insertBefore(card, $('#main').children[1]);
  let r;
  try {
    r = await api('GET', `households/${encodeURIComponent(hh)}/warnings`);
  } catch (e) {
    $('#hh-w-list').outerHTML = `<div class="error" role="alert">${esc(e.message)}</div>`;
    return;
  }
  if (!r.warnings.length) {
    $('#hh-w-list').outerHTML = `<div class="empty">${t('no_warnings')}</div>`;
    return;
  }
  $('#hh-w-list').outerHTML = `<h3>${t('w_over_time')}</h3><div id="hh-w-chart" class="chart small"></div>
    <details><summary>${t('w_history')} · ${r.warnings.length}</summary>${warningTable(r.warnings)}</details>`;
  if (!window.echarts) return;
  // every month from the first warning to the last, so that quiet months show as gaps
  const ws = r.warnings.slice().sort((a, b) => a.raised_day.localeCompare(b.raised_day));
  const months = [];
  for (let m = ws[0].raised_day.slice(0, 7); m <= ws[ws.length - 1].raised_day.slice(0, 7) && months.length < 120;) {
    months.push(m);
    const [y, mo] = m.split('-').map(Number);
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  const chart = echarts.init($('#hh-w-chart'));
  chart.setOption({
    tooltip: { trigger: 'item', formatter: (p) => (p.data && p.data.w ? `${p.name}<br>${t(p.data.w.level)} ${t('score')} ${p.value} · ${esc(p.data.w.status_label)}` : '') },
    grid: { left: 40, right: 12, top: 16, bottom: 40 },
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', name: t('score'), minInterval: 1 },
    series: [{ type: 'bar', barMaxWidth: 28, data: months.map((m) => {
      const w = ws.filter((x) => x.raised_day.startsWith(m)).sort((a, b) => b.score - a.score)[0];
      return w ? { value: w.score, w, itemStyle: { color: LEVEL_COLOURS[w.level] } } : null;
    }) }],
  });
  window.addEventListener('resize', () => chart.resize(), { once: true });
}
