// share.js: sharing tasks on the web UI's data-hub page: each task's consumer and resource, the
// fields it may receive now and those waiting for approval; a data officer subscribes a consumer
// to a resource and records the approval of a conditional field with its document (errors beside
// the field). Uses app.js's helpers and cases.js's form helpers.
'use strict';

Object.assign(T.zh, {
  task: '任务', deliverable: '当前可交付字段', pending: '待审批字段', approve: '审批', new_task: '新建共享任务',
  resource: '数据资源', fields_hint: '字段（逗号分隔，* 为全部可共享字段）', region_prefix: '区划前缀（可空）',
  since: '起始日期（可空，YYYY-MM-DD）', reference: '审批依据（文件号）', approval_of: '审批有条件字段',
  create: '建立', record_approval: '记录审批', cancel: '取消',
});
Object.assign(T.en, {
  task: 'Task', deliverable: 'Deliverable now', pending: 'Awaiting approval', approve: 'Approve', new_task: 'New sharing task',
  resource: 'Resource', fields_hint: 'Fields (comma-separated, * for all that may be shared)',
  region_prefix: 'Region prefix (optional)', since: 'Changed since (optional, YYYY-MM-DD)',
  reference: 'Approving document (number)', approval_of: 'Approve a conditional field', create: 'Create',
  record_approval: 'Record the approval', cancel: 'Cancel',
});

function renderTasks(tasks, resources) {
  const officer = me.user.role === 'data-officer';
  const pending = (x) => x.pending.map((f) => (officer
    ? `<button type="button" class="small" data-task="${x.id}" data-field="${esc(f)}">${t('approve')} ${esc(f)}</button>`
    : esc(f))).join(' ');
  const box = $('#tasks');
  box.classList.remove('loading');
  box.innerHTML = (tasks.length
    ? table(['task', 'consumer', 'code', 'deliverable', 'pending', 'deliveries', 'delivered'], tasks.map((x) =>
      `<tr><td class="n">${x.id}</td><td>${esc(x.consumer)}</td><td>${esc(x.resource)}</td><td>${esc(x.deliverable) || '—'}</td>
       <td>${pending(x) || '—'}</td><td class="n">${x.deliveries}</td><td class="n">${x.delivered}</td></tr>`))
    : `<div class="empty">${t('no_tasks')}</div>`)
    + (officer ? `<form id="approve-form" novalidate hidden><h3>${t('approval_of')} · <span id="approve-what"></span></h3>
        <div class="row">${input('reference', 'reference', '', 'maxlength="200"')}</div>
        <div class="field-error form-error" role="alert"></div>
        <button class="primary" type="submit">${t('record_approval')}</button> <button type="button" class="small" id="approve-cancel">${t('cancel')}</button></form>
      <form id="task-form" novalidate><h3>${t('new_task')}</h3>
        <div class="row">${input('consumer', 'consumer', '', 'maxlength="60"')}
        ${select('resource', 'resource', resources.map((r) => [r.code, `${r.code} ${r.name}`]))}
        ${input('fields', 'fields_hint', '*', 'maxlength="2000"')}${input('region_prefix', 'region_prefix', '', 'maxlength="12" inputmode="numeric"')}
        ${input('since', 'since', '', 'maxlength="10" placeholder="YYYY-MM-DD"')}</div>
        <div class="field-error form-error" role="alert"></div>
        <button class="primary" type="submit">${t('create')}</button></form>` : '');
  if (!officer) return;
  const approve = $('#approve-form');
  let chosen = null;
  box.querySelectorAll('button[data-task]').forEach((b) => b.addEventListener('click', () => {
    chosen = { task: b.dataset.task, field: b.dataset.field };
    $('#approve-what').textContent = `${t('task')} ${chosen.task} · ${chosen.field}`;
    approve.hidden = false;
    $('#reference').focus();
  }));
  $('#approve-cancel').addEventListener('click', () => { approve.hidden = true; });
  approve.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ev.submitter.disabled = true;
    try {
      await api('POST', `share/tasks/${encodeURIComponent(chosen.task)}/approvals`, { field: chosen.field, reference: $('#reference').value.trim() });
      showHub();
    } catch (e) {
      ev.submitter.disabled = false;
      showError(approve, e);
    }
  });
  $('#task-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ev.submitter.disabled = true;
    const form = ev.target;
    try {
      await api('POST', 'share/tasks', {
        consumer: $('#consumer').value.trim(), resource: $('#resource').value, fields: $('#fields').value.trim(),
        region_prefix: $('#region_prefix').value.trim(), since: $('#since').value.trim(),
      });
      showHub();
    } catch (e) {
      ev.submitter.disabled = false;
      showError(form, e);
    }
  });
}
