// users.js: staff accounts in the web UI: administrators and auditors see the accounts of their
// region; administrators add one (errors beside the field) and disable or enable them. Uses
// app.js's helpers and cases.js's form helpers.
'use strict';

Object.assign(T.zh, {
  nav_users: '用户', users_title: '用户账号', display: '显示名', role: '角色', scope: '区划范围', account: '账号状态',
  enabled: '启用', disabled_s: '已停用', locked: '已锁定', disable: '停用', enable: '启用', add_user: '添加用户',
  role_caseworker: '乡镇经办人', 'role_township-head': '乡镇负责人', role_reviewer: '县级审核人', role_approver: '县级审批人',
  role_supervisor: '市/省级监督人员', role_policy: '政策管理员', 'role_data-officer': '部门数据管理员', role_auditor: '审计人员',
  role_admin: '系统管理员', added: '已添加',
});
Object.assign(T.en, {
  nav_users: 'Users', users_title: 'Staff accounts', display: 'Display name', role: 'Role', scope: 'Region scope',
  account: 'Account', enabled: 'enabled', disabled_s: 'disabled', locked: 'locked', disable: 'Disable', enable: 'Enable',
  add_user: 'Add a user', role_caseworker: 'township caseworker', 'role_township-head': 'township head',
  role_reviewer: 'county reviewer', role_approver: 'county approver', role_supervisor: 'city or province supervisor',
  role_policy: 'policy officer', 'role_data-officer': 'data officer', role_auditor: 'auditor', role_admin: 'administrator',
  added: 'added',
});

const ROLES = ['caseworker', 'township-head', 'reviewer', 'approver', 'supervisor', 'policy', 'data-officer', 'auditor', 'admin'];

async function showUsers() {
  const admin = me.user.role === 'admin';
  $('#main').innerHTML = `<div class="card"><h2>${t('users_title')}</h2><div id="users"><div class="loading">${t('loading')}</div></div></div>
    ${admin ? `<form class="card" id="user-form" novalidate><h2>${t('add_user')}</h2>
      <div class="row">${input('username', 'username', '', 'maxlength="60" autocomplete="off"')}${input('display', 'display', '', 'maxlength="40"')}
      ${select('role', 'role', ROLES.map((r) => [r, t('role_' + r)]))}${input('region', 'scope', me.user.region, 'maxlength="12"')}
      ${input('password', 'password', '', 'type="password" autocomplete="new-password"')}</div>
      <div class="field-error form-error" role="alert"></div><button class="primary" type="submit">${t('add_user')}</button></form>` : ''}`;
  try {
    const d = await api('GET', 'users');
    $('#users').innerHTML = table(['username', 'display', 'role', 'scope', 'account', ''], d.users.map((u) =>
      `<tr><td>${esc(u.name)}</td><td>${esc(u.display)}</td><td>${esc(t('role_' + u.role))}</td><td>${esc(u.region)}</td>
       <td>${u.disabled ? t('disabled_s') : u.locked ? t('locked') : t('enabled')}</td>
       <td>${admin && u.name !== me.user.name ? `<button type="button" class="small" data-user="${esc(u.name)}" data-do="${u.disabled ? 'enable' : 'disable'}">${t(u.disabled ? 'enable' : 'disable')}</button>` : ''}</td></tr>`));
    document.querySelectorAll('button[data-user]').forEach((b) => b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        await api('POST', `users/${encodeURIComponent(b.dataset.user)}/${b.dataset.do}`, {});
        showUsers();
      } catch (e) {
        b.disabled = false;
        $('#users').insertAdjacentHTML('afterbegin', `<div class="error" role="alert">${esc(e.message)}</div>`);
      }
    }));
  } catch (e) {
    $('#users').innerHTML = `<div class="error" role="alert" id="refused">${esc(e.message)}</div>`;
  }
  const form = $('#user-form');
  if (form) form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ev.submitter.disabled = true;
    try {
      await api('POST', 'users', { username: $('#username').value.trim(), display: $('#display').value.trim(), role: $('#role').value, region: $('#region').value.trim(), password: $('#password').value });
      showUsers();
    } catch (e) {
      ev.submitter.disabled = false;
      showError(form, e);
    }
  });
}
