// check.js: docs/openapi.json is a valid OpenAPI 3.0 document (swagger-parser's validator, as
// generated clients read it), and, given the folder of answers a black-box test received
// (tests/cli/lib.bash's `status` keeps them: index.tsv of method, path, status and body file),
// each answer's status is one the document lists for its operation and its body matches that
// status's schema (ajv).
// Usage: node tests/openapi/check.js SPEC [ANSWERS_DIR]
'use strict';
const path = require('path');
const fs = require('fs');
const modules = path.join(__dirname, '..', '..', 'ui', 'node_modules');
const SwaggerParser = require(path.join(modules, '@apidevtools', 'swagger-parser'));
const Ajv = require(path.join(modules, 'ajv'));

function operations(spec) {
  const ops = [];
  for (const [template, methods] of Object.entries(spec.paths)) {
    const pattern = new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$');
    for (const [method, op] of Object.entries(methods))
      ops.push({ method: method.toUpperCase(), template, pattern, op });
  }
  // a literal path ahead of a template that also matches it
  ops.sort((a, b) => (a.template.match(/\{/g) || []).length - (b.template.match(/\{/g) || []).length);
  return ops;
}

function checkAnswers(spec, dir) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const ops = operations(spec);
  const compiled = new Map();
  const problems = [];
  let checked = 0;
  const lines = fs.readFileSync(path.join(dir, 'index.tsv'), 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const [method, url, status, bodyFile] = line.split('\t');
    const a = { method, path: url, status, body: fs.readFileSync(path.join(dir, bodyFile), 'utf8') };
    const p = a.path.split('?')[0];
    if (!p.startsWith('/api/') && p !== '/healthz') continue; // the UI's files
    const o = ops.find((x) => x.method === a.method && x.pattern.test(p));
    if (!o || a.status === '000') continue; // no such operation (the test expects its 404 or 405), or no answer
    const where = `${a.method} ${p} ${a.status}`;
    const r = o.op.responses[String(a.status)] || o.op.responses.default;
    if (!r) { problems.push(`${where}: status not listed for ${o.method} ${o.template}`); continue; }
    checked++;
    const schema = r.content && r.content['application/json'] && r.content['application/json'].schema;
    if (!schema) continue;
    let body;
    try { body = JSON.parse(a.body); } catch (e) { problems.push(`${where}: body is not JSON`); continue; }
    const key = `${o.method} ${o.template} ${a.status}`;
    if (!compiled.has(key)) compiled.set(key, ajv.compile(schema));
    const validate = compiled.get(key);
    if (!validate(body))
      problems.push(`${where}: ${ajv.errorsText(validate.errors.slice(0, 3), { dataVar: 'body' })}`);
  }
  return { checked, problems };
}

async function main() {
  const [specFile, answers] = process.argv.slice(2);
  try {
    await SwaggerParser.validate(specFile);
  } catch (e) {
    console.log('docs/openapi.json is not a valid OpenAPI document:\n' + e.message.slice(0, 4000));
    process.exit(1);
  }
  if (!answers) { console.log('valid'); return; }
  const spec = await SwaggerParser.dereference(specFile);
  const { checked, problems } = checkAnswers(spec, answers);
  for (const p of problems.slice(0, 40)) console.log(p);
  console.log(`${checked} answers checked, ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}
main();
