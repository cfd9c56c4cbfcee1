// upload.js: a department's file taken in from the web UI's data-hub page (data officers): choose
// the resource and the mode, pick the file, and follow the batch until its report (read, accepted,
// rejected, inserted, updated, closed, facts) or its error; errors beside the field. The file goes
// as the request's body to POST /api/v1/batches/RESOURCE; GET /api/v1/ingests/ID follows it.
'use strict';

Object.assign(T.zh, {
  upload_title: '导入部门数据文件', file: '文件（CSV 或 JSON 行）', upload_mode: '方式', incremental: '增量（按主键更新）',
  full: '全量（未出现的记录关闭）', upload: '上传并导入', need_file: '请选择文件', taking_in: '正在导入…',
  inserted: '新增', updated: '更新', closed: '关闭', duplicate: '该文件此前已导入，未做任何更改', batch_no: '批次',
});
Object.assign(T.en, {
  upload_title: 'Take in a department file', file: 'File (CSV or JSON lines)', upload_mode: 'Mode',
  incremental: 'Incremental (upsert by key)', full: 'Full (records missing from it are closed)', upload: 'Upload and take in',
  need_file: 'Choose a file', taking_in: 'Taking it in…', inserted: 'Inserted', updated: 'Updated', closed: 'Closed',
  duplicate: 'This file was taken in before: nothing changed', batch_no: 'Batch',
});

function renderUpload(resources) {
  const box = $('#upload');
  if (!box) return;
  box.innerHTML = `<form id="upload-form" novalidate><div class="row">
      ${select('upload-resource', 'resource', resources.map((r) => [r.code, `${r.code} ${r.name}`]))}
      ${select('upload-mode', 'upload_mode', [['incremental', t('incremental')], ['full', t('full')]])}
      ${field('upload-file', 'file', '<input id="upload-file" type="file" accept=".csv,.jsonl,.json,.txt">')}</div>
      <div class="field-error form-error" role="alert"></div>
      <button class="primary" type="submit">${t('upload')}</button></form><div id="upload-result"></div>`;
  const form = $('#upload-form');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = $('#upload-file');
    showError(form, { field: 'upload-file', message: file.files.length ? '' : t('need_file') });
    if (!file.files.length) return;
    ev.submitter.disabled = true;
    const out = $('#upload-result');
    out.innerHTML = `<div class="loading">${t('taking_in')}</div>`;
    try {
      const r = await fetch(`/api/v1/batches/${encodeURIComponent($('#upload-resource').value)}?mode=${$('#upload-mode').value}`, {
        method: 'POST', body: file.files[0], credentials: 'same-origin',
        headers: { 'X-CSRF-Token': me.csrf, 'Content-Type': 'application/octet-stream', 'Accept-Language': lang === 'zh' ? 'zh-CN' : 'en' },
      });
      const started = await r.json().catch(() => ({ message: r.statusText }));
      if (!r.ok) throw Object.assign(new Error(started.message), { field: started.field === 'resource' ? 'upload-resource' : started.field === 'mode' ? 'upload-mode' : null });
      let job;
      do {
        await new Promise((done) => setTimeout(done, 300));
        job = await api('GET', `ingests/${started.job}`);
      } while (job.state === 'running');
      if (job.state === 'failed') throw new Error(job.message);
      out.innerHTML = job.duplicate ? `<div class="empty" id="upload-report">${t('duplicate')} (${t('batch_no')} ${job.batch})</div>`
        : `<div id="upload-report">${table(['batch_no', 'read', 'accepted', 'rejected', 'inserted', 'updated', 'closed', 'facts'],
          [`<tr><td>${job.batch}</td>${['read', 'accepted', 'rejected', 'inserted', 'updated', 'closed', 'facts'].map((k) => `<td class="n">${job[k]}</td>`).join('')}</tr>`])}</div>`;
      ev.submitter.disabled = false;
    } catch (e) {
      out.innerHTML = '';
      ev.submitter.disabled = false;
      showError(form, e);
    }
  });
}
