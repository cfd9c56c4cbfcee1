/* migrate.c: versioned schema migrations. Each migration runs in its own transaction and is
 * recorded in schema_migrations; a database newer than this binary is refused rather than
 * guessed at. Migrations are append-only: never edit one that has shipped, add the next. */
#include "store/store_int.h"

#include "base/date.h"

struct migration {
	int version;
	const char *name;
	const char *sql;
};

static const struct migration migrations[] = {
	{ 1, "data folder settings",
	  "CREATE TABLE settings ("
	  "  key TEXT PRIMARY KEY,"
	  "  value TEXT NOT NULL"
	  ");" },
	{ 2, "data hub: catalogue, batches, rejects, records with history, facts",
	  "CREATE TABLE resources ("
	  "  code TEXT PRIMARY KEY,"
	  "  version INTEGER NOT NULL,"
	  "  name TEXT NOT NULL,"
	  "  provider TEXT NOT NULL,"
	  "  spec TEXT NOT NULL,"
	  "  updated_at TEXT NOT NULL"
	  ");"
	  "CREATE TABLE resource_versions ("
	  "  code TEXT NOT NULL,"
	  "  version INTEGER NOT NULL,"
	  "  spec TEXT NOT NULL,"
	  "  imported_at TEXT NOT NULL,"
	  "  PRIMARY KEY (code, version)"
	  ");"
	  "CREATE TABLE batches ("
	  "  id INTEGER PRIMARY KEY,"
	  "  resource TEXT NOT NULL REFERENCES resources (code),"
	  "  version INTEGER NOT NULL,"
	  "  file TEXT NOT NULL,"
	  "  sha256 TEXT NOT NULL,"
	  "  mode TEXT NOT NULL,"
	  "  status TEXT NOT NULL,"
	  "  started_at TEXT NOT NULL,"
	  "  finished_at TEXT,"
	  "  rows_read BIGINT NOT NULL DEFAULT 0,"
	  "  accepted BIGINT NOT NULL DEFAULT 0,"
	  "  rejected BIGINT NOT NULL DEFAULT 0,"
	  "  inserted BIGINT NOT NULL DEFAULT 0,"
	  "  updated BIGINT NOT NULL DEFAULT 0,"
	  "  unchanged BIGINT NOT NULL DEFAULT 0,"
	  "  closed BIGINT NOT NULL DEFAULT 0,"
	  "  facts BIGINT NOT NULL DEFAULT 0,"
	  "  unresolved_ids BIGINT NOT NULL DEFAULT 0,"
	  "  UNIQUE (resource, sha256)"
	  ");"
	  "CREATE TABLE rejects ("
	  "  batch INTEGER NOT NULL REFERENCES batches (id),"
	  "  line BIGINT NOT NULL,"
	  "  field TEXT NOT NULL,"
	  "  reason TEXT NOT NULL"
	  ");"
	  "CREATE INDEX rejects_batch ON rejects (batch, line);"
	  "CREATE TABLE records ("
	  "  id INTEGER PRIMARY KEY,"
	  "  resource TEXT NOT NULL,"
	  "  rkey TEXT NOT NULL,"
	  "  person TEXT,"
	  "  data TEXT NOT NULL,"
	  "  hash TEXT NOT NULL,"
	  "  from_batch INTEGER NOT NULL REFERENCES batches (id),"
	  "  to_batch INTEGER REFERENCES batches (id),"
	  "  seen_batch INTEGER NOT NULL,"
	  "  line BIGINT NOT NULL"
	  ");"
	  "CREATE UNIQUE INDEX records_current ON records (resource, rkey) WHERE to_batch IS NULL;"
	  "CREATE TABLE facts ("
	  "  id INTEGER PRIMARY KEY,"
	  "  person TEXT NOT NULL,"
	  "  kind TEXT NOT NULL,"
	  "  period TEXT,"
	  "  amount_fen BIGINT,"
	  "  value TEXT,"
	  "  resource TEXT NOT NULL,"
	  "  batch INTEGER NOT NULL REFERENCES batches (id),"
	  "  line BIGINT NOT NULL,"
	  "  record INTEGER NOT NULL REFERENCES records (id)"
	  ");"
	  "CREATE INDEX facts_person ON facts (person, kind);" },
	{ 3, "data hub: sharing tasks, field approvals, deliveries",
	  "CREATE TABLE share_tasks ("
	  "  id INTEGER PRIMARY KEY,"
	  "  consumer TEXT NOT NULL,"
	  "  resource TEXT NOT NULL REFERENCES resources (code),"
	  "  fields TEXT NOT NULL,"
	  "  region_prefix TEXT NOT NULL DEFAULT '',"
	  "  since TEXT NOT NULL DEFAULT '',"
	  "  schedule TEXT NOT NULL DEFAULT 'on demand',"
	  "  acked_cursor BIGINT NOT NULL DEFAULT 0,"
	  "  created_at TEXT NOT NULL"
	  ");"
	  "CREATE TABLE share_approvals ("
	  "  task INTEGER NOT NULL REFERENCES share_tasks (id),"
	  "  field TEXT NOT NULL,"
	  "  approved_by TEXT NOT NULL,"
	  "  reference TEXT NOT NULL,"
	  "  approved_at TEXT NOT NULL,"
	  "  PRIMARY KEY (task, field)"
	  ");"
	  "CREATE TABLE share_deliveries ("
	  "  id INTEGER PRIMARY KEY,"
	  "  task INTEGER NOT NULL REFERENCES share_tasks (id),"
	  "  from_cursor BIGINT NOT NULL,"
	  "  to_cursor BIGINT NOT NULL,"
	  "  records BIGINT NOT NULL,"
	  "  bytes BIGINT NOT NULL,"
	  "  sha256 TEXT NOT NULL,"
	  "  delivered_at TEXT NOT NULL,"
	  "  acked_at TEXT"
	  ");" },
	{ 4, "person linkage: persons of the register, links with their evidence, review decisions",
	  "CREATE TABLE persons ("
	  "  id INTEGER PRIMARY KEY,"
	  "  rkey TEXT NOT NULL UNIQUE,"
	  "  idno TEXT NOT NULL,"
	  "  id_valid INTEGER NOT NULL,"
	  "  name TEXT NOT NULL,"
	  "  sex TEXT NOT NULL,"
	  "  birth TEXT NOT NULL,"
	  "  county TEXT NOT NULL,"
	  "  record INTEGER NOT NULL REFERENCES records (id),"
	  "  updated_at TEXT NOT NULL"
	  ");"
	  "CREATE INDEX persons_idno ON persons (idno);"
	  "CREATE TABLE link_models ("
	  "  version INTEGER PRIMARY KEY,"
	  "  params TEXT NOT NULL,"
	  "  created_at TEXT NOT NULL"
	  ");"
	  "CREATE TABLE links ("
	  "  record INTEGER NOT NULL REFERENCES records (id),"
	  "  field TEXT NOT NULL,"
	  "  person INTEGER REFERENCES persons (id),"
	  "  outcome TEXT NOT NULL,"
	  "  method TEXT NOT NULL,"
	  "  reason TEXT NOT NULL,"
	  "  score REAL,"
	  "  model INTEGER,"
	  "  evidence TEXT NOT NULL,"
	  "  linked_at TEXT NOT NULL,"
	  "  PRIMARY KEY (record, field)"
	  ");"
	  "CREATE INDEX links_outcome ON links (outcome);"
	  "CREATE TABLE link_decisions ("
	  "  id INTEGER PRIMARY KEY,"
	  "  record INTEGER NOT NULL REFERENCES records (id),"
	  "  field TEXT NOT NULL,"
	  "  person INTEGER REFERENCES persons (id),"
	  "  decision TEXT NOT NULL,"
	  "  decided_by TEXT NOT NULL,"
	  "  note TEXT NOT NULL,"
	  "  decided_at TEXT NOT NULL"
	  ");" },
	{ 5,
	  "verification: households by register number, authorisations, verifications, worklists, audit log",
	  "CREATE INDEX records_household ON records (json_extract(data, '$.户号')) "
	  "  WHERE resource = '43GA001' AND to_batch IS NULL;"
	  "CREATE INDEX records_register_person ON records (person) WHERE resource = '43GA001' AND to_batch IS NULL;"
	  "CREATE TABLE authorisations ("
	  "  id INTEGER PRIMARY KEY,"
	  "  household TEXT NOT NULL,"
	  "  signed_by TEXT NOT NULL,"
	  "  signed_on TEXT NOT NULL,"
	  "  valid_until TEXT NOT NULL DEFAULT '',"
	  "  scope TEXT NOT NULL,"
	  "  document TEXT NOT NULL,"
	  "  recorded_by TEXT NOT NULL,"
	  "  recorded_at TEXT NOT NULL"
	  ");"
	  "CREATE INDEX authorisations_household ON authorisations (household, signed_on);"
	  "CREATE TABLE verifications ("
	  "  id INTEGER PRIMARY KEY,"
	  "  household TEXT NOT NULL,"
	  "  day TEXT NOT NULL,"
	  "  month TEXT NOT NULL,"
	  "  decision TEXT NOT NULL,"
	  "  benefit_fen BIGINT NOT NULL,"
	  "  per_capita_fen BIGINT NOT NULL,"
	  "  members TEXT NOT NULL,"
	  "  signals TEXT NOT NULL,"
	  "  report TEXT NOT NULL,"
	  "  authorisation INTEGER REFERENCES authorisations (id),"
	  "  operator TEXT NOT NULL,"
	  "  purpose TEXT NOT NULL,"
	  "  created_at TEXT NOT NULL"
	  ");"
	  "CREATE INDEX verifications_household ON verifications (household, id);"
	  "CREATE TABLE recheck_runs ("
	  "  id INTEGER PRIMARY KEY,"
	  "  day TEXT NOT NULL,"
	  "  region TEXT NOT NULL,"
	  "  scope TEXT NOT NULL,"
	  "  households BIGINT NOT NULL DEFAULT 0,"
	  "  changes BIGINT NOT NULL DEFAULT 0,"
	  "  operator TEXT NOT NULL,"
	  "  started_at TEXT NOT NULL,"
	  "  finished_at TEXT"
	  ");"
	  "CREATE TABLE worklist ("
	  "  id INTEGER PRIMARY KEY,"
	  "  run INTEGER NOT NULL REFERENCES recheck_runs (id),"
	  "  household TEXT NOT NULL,"
	  "  change TEXT NOT NULL,"
	  "  cause TEXT NOT NULL,"
	  "  urgency INTEGER NOT NULL,"
	  "  before_decision TEXT NOT NULL,"
	  "  after_decision TEXT NOT NULL,"
	  "  before_benefit_fen BIGINT NOT NULL,"
	  "  after_benefit_fen BIGINT NOT NULL,"
	  "  detail TEXT NOT NULL,"
	  "  verification INTEGER REFERENCES verifications (id),"
	  "  status TEXT NOT NULL DEFAULT 'open'"
	  ");"
	  "CREATE INDEX worklist_run ON worklist (run, urgency);"
	  "CREATE TABLE audit_log ("
	  "  id INTEGER PRIMARY KEY,"
	  "  at TEXT NOT NULL,"
	  "  actor TEXT NOT NULL,"
	  "  action TEXT NOT NULL,"
	  "  subject TEXT NOT NULL,"
	  "  detail TEXT NOT NULL,"
	  "  prev TEXT NOT NULL,"
	  "  hash TEXT NOT NULL"
	  ");"
	  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
	  "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
	  "  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;" },
	{ 6, "the server: user accounts and sessions",
	  "CREATE TABLE users ("
	  "  id INTEGER PRIMARY KEY,"
	  "  name TEXT NOT NULL UNIQUE,"
	  "  display TEXT NOT NULL,"
	  "  role TEXT NOT NULL,"
	  "  region TEXT NOT NULL,"
	  "  pwhash TEXT NOT NULL,"
	  "  disabled INTEGER NOT NULL DEFAULT 0,"
	  "  failed INTEGER NOT NULL DEFAULT 0,"
	  "  locked_until BIGINT NOT NULL DEFAULT 0,"
	  "  created_at TEXT NOT NULL"
	  ");"
	  "CREATE TABLE sessions ("
	  "  token_hash TEXT PRIMARY KEY,"
	  "  user INTEGER NOT NULL REFERENCES users (id),"
	  "  csrf TEXT NOT NULL,"
	  "  created_at BIGINT NOT NULL,"
	  "  expires_at BIGINT NOT NULL"
	  ");" },
	{ 7, "case handling: cases, their events, the township reserve fund's ledger",
	  "CREATE TABLE cases ("
	  "  id INTEGER PRIMARY KEY,"
	  "  scheme TEXT NOT NULL,"
	  "  kind TEXT NOT NULL,"
	  "  household TEXT NOT NULL,"
	  "  region TEXT NOT NULL,"
	  "  applicant TEXT NOT NULL,"
	  "  name TEXT NOT NULL,"
	  "  reason TEXT NOT NULL,"
	  "  cause TEXT NOT NULL,"
	  "  documents TEXT NOT NULL,"
	  "  relative TEXT NOT NULL,"
	  "  state TEXT NOT NULL,"
	  "  state_day TEXT NOT NULL,"
	  "  due TEXT NOT NULL,"
	  "  opened_day TEXT NOT NULL,"
	  "  requested_fen BIGINT NOT NULL,"
	  "  amount_fen BIGINT NOT NULL,"
	  "  verification INTEGER REFERENCES verifications (id),"
	  "  decision TEXT NOT NULL,"
	  "  verified_fen BIGINT NOT NULL,"
	  "  urban INTEGER NOT NULL,"
	  "  notice_from TEXT NOT NULL,"
	  "  next_review TEXT NOT NULL,"
	  "  exit_until TEXT NOT NULL,"
	  "  objections INTEGER NOT NULL,"
	  "  review_months INTEGER NOT NULL,"
	  "  reasons TEXT NOT NULL,"
	  "  created_by TEXT NOT NULL,"
	  "  created_at TEXT NOT NULL,"
	  "  updated_at TEXT NOT NULL"
	  ");"
	  "CREATE INDEX cases_region ON cases (region, due);"
	  "CREATE INDEX cases_household ON cases (household);"
	  "CREATE INDEX cases_applicant ON cases (applicant, cause);"
	  "CREATE TABLE case_events ("
	  "  id INTEGER PRIMARY KEY,"
	  "  case_id INTEGER NOT NULL REFERENCES cases (id),"
	  "  day TEXT NOT NULL,"
	  "  at TEXT NOT NULL,"
	  "  actor TEXT NOT NULL,"
	  "  role TEXT NOT NULL,"
	  "  action TEXT NOT NULL,"
	  "  from_state TEXT NOT NULL,"
	  "  to_state TEXT NOT NULL,"
	  "  note TEXT NOT NULL,"
	  "  staff TEXT NOT NULL,"
	  "  documents TEXT NOT NULL,"
	  "  amount_fen BIGINT"
	  ");"
	  "CREATE INDEX case_events_case ON case_events (case_id, id);"
	  "CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events "
	  "  BEGIN SELECT RAISE(ABORT, 'case events are only ever added'); END;"
	  "CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events "
	  "  BEGIN SELECT RAISE(ABORT, 'case events are only ever added'); END;"
	  "CREATE TABLE reserve_ledger ("
	  "  id INTEGER PRIMARY KEY,"
	  "  township TEXT NOT NULL,"
	  "  day TEXT NOT NULL,"
	  "  at TEXT NOT NULL,"
	  "  kind TEXT NOT NULL,"
	  "  amount_fen BIGINT NOT NULL,"
	  "  balance_fen BIGINT NOT NULL CHECK (balance_fen >= 0),"
	  "  case_id INTEGER REFERENCES cases (id),"
	  "  actor TEXT NOT NULL,"
	  "  note TEXT NOT NULL"
	  ");"
	  "CREATE INDEX reserve_ledger_township ON reserve_ledger (township, id);"
	  "CREATE TRIGGER reserve_ledger_no_update BEFORE UPDATE ON reserve_ledger "
	  "  BEGIN SELECT RAISE(ABORT, 'the reserve fund ledger is append-only'); END;"
	  "CREATE TRIGGER reserve_ledger_no_delete BEFORE DELETE ON reserve_ledger "
	  "  BEGIN SELECT RAISE(ABORT, 'the reserve fund ledger is append-only'); END;" },
	/* A batch's records take one run of ids, so a resource's records are found through its
	 * batches' ranges instead of an index every row must update; keys and persons are found
	 * through tables of (hash, record) pairs a batch writes in sorted order; the facts ingest
	 * derives are kept in their record by reference, as the indexes of the resource version's
	 * fact mappings (fact_maps) that gave one, their values read from the record's data (the
	 * facts table keeps those linkage adds, and those of batches taken in before this version).
	 * sn_key_hash is the store's persisted key hash (store_key_hash). */
	{ 8, "data hub: records by batch ranges, key and person tables, facts kept in their record",
	  "ALTER TABLE batches ADD COLUMN first_record INTEGER;"
	  "ALTER TABLE batches ADD COLUMN last_record INTEGER;"
	  "UPDATE batches SET first_record = m.lo, last_record = m.hi FROM "
	  "  (SELECT from_batch, MIN(id) AS lo, MAX(id) AS hi FROM records GROUP BY from_batch) AS m "
	  "  WHERE m.from_batch = batches.id;"
	  "ALTER TABLE records ADD COLUMN facts TEXT;"
	  "CREATE TABLE fact_maps ("
	  "  resource TEXT NOT NULL,"
	  "  version INTEGER NOT NULL,"
	  "  idx INTEGER NOT NULL,"
	  "  kind TEXT NOT NULL,"
	  "  person TEXT NOT NULL,"
	  "  period TEXT,"
	  "  amount TEXT,"
	  "  value TEXT,"
	  "  PRIMARY KEY (resource, version, idx)"
	  ") WITHOUT ROWID;"
	  "INSERT INTO fact_maps SELECT v.code, v.version, f.key, f.value ->> 'kind', f.value ->> 'person', "
	  "  f.value ->> 'period', f.value ->> 'amount', f.value ->> 'value' "
	  "  FROM resource_versions v, json_each(v.spec, '$.facts') f;"
	  "CREATE TABLE record_keys ("
	  "  khash INTEGER NOT NULL,"
	  "  record INTEGER NOT NULL,"
	  "  PRIMARY KEY (khash, record)"
	  ") WITHOUT ROWID;"
	  "CREATE TABLE person_records ("
	  "  phash INTEGER NOT NULL,"
	  "  record INTEGER NOT NULL,"
	  "  last_record INTEGER NOT NULL,"
	  "  PRIMARY KEY (phash, record)"
	  ") WITHOUT ROWID;"
	  "INSERT INTO record_keys (khash, record) SELECT sn_key_hash(resource, rkey), id "
	  "  FROM records WHERE to_batch IS NULL ORDER BY 1, 2;"
	  "DROP INDEX records_current;" },
	{ 9,
	  "the audit log anchored outside the database: a MAC of each entry's hash under a key kept elsewhere",
	  /* entries written before the key existed keep "" and verify as before, reported unanchored */
	  "ALTER TABLE audit_log ADD COLUMN mac TEXT NOT NULL DEFAULT '';" },
	/* A case's history in no one language: what the
	 * system records about a step goes into detail as codes and values, rendered in the reader's
	 * language (cases/events.c); note keeps only what a user typed. The events written before
	 * carry the text of their writer's language in note: the generated parts of the known forms
	 * (a near relative at intake, a verification and its outcome, no longer eligible at review,
	 * temporary aid capped or given again) are moved into detail, in one go, the append-only
	 * trigger lifted for it alone. */
	{ 10, "case events: what the system records kept as codes, rendered in the reader's language",
	  "ALTER TABLE case_events ADD COLUMN detail TEXT NOT NULL DEFAULT '';"
	  "DROP TRIGGER case_events_no_update;"
	  /* a near relative of staff, at intake */
	  "UPDATE case_events SET detail = json_array(json_object('code', 'relative', 'relation', "
	  "  CASE WHEN note LIKE '近亲属备案：%' THEN substr(note, 7) ELSE substr(note, 25) END)), note = '' "
	  "  WHERE action = 'open' AND (note LIKE '近亲属备案：%' OR note LIKE 'near relative of staff: %');"
	  /* a verification: its number, outcome and amount (from the verification itself) */
	  "UPDATE case_events SET detail = m.detail, note = m.rest FROM ("
	  "  SELECT x.id, json_array(json_object('code', 'verified', 'verification', x.vid, "
	  "    'class', COALESCE(v.decision, ''), 'benefit_fen', COALESCE(v.benefit_fen, 0))) AS detail, "
	  "    CASE WHEN instr(x.r, ';') > 0 AND (instr(x.r, '；') = 0 OR instr(x.r, ';') < instr(x.r, '；')) "
	  "      THEN substr(x.r, instr(x.r, ';')) WHEN instr(x.r, '；') > 0 THEN substr(x.r, instr(x.r, '；')) "
	  "      ELSE '' END AS rest "
	  "  FROM (SELECT id, CAST(CASE WHEN note LIKE '核对 %' THEN substr(note, 4, instr(note, '：') - 4) "
	  "      ELSE substr(note, 14, instr(note, ':') - 14) END AS INTEGER) AS vid, "
	  "    CASE WHEN note LIKE '核对 %' THEN substr(note, instr(note, '，月救助金 ') + 6) "
	  "      ELSE substr(note, instr(note, ', monthly benefit ') + 18) END AS r "
	  "    FROM case_events WHERE action IN ('verify', 'review') AND "
	  "    (note LIKE '核对 %：%，月救助金 %' OR note LIKE 'verification %: %, monthly benefit %')) AS x "
	  "  LEFT JOIN verifications v ON v.id = x.vid) AS m WHERE m.id = case_events.id;"
	  "UPDATE case_events SET detail = json_insert(detail, '$[#]', json_object('code', 'not-eligible')), "
	  "  note = CASE WHEN note LIKE '；不再符合条件%' THEN substr(note, length('；不再符合条件，请县级办理渐退或终止') + 1) "
	  "    ELSE substr(note, length('; no longer eligible: the county exits or ends it') + 1) END "
	  "  WHERE action = 'review' AND detail != '' AND (note LIKE '；不再符合条件，请县级办理渐退或终止%' "
	  "    OR note LIKE '; no longer eligible: the county exits or ends it%');"
	  "UPDATE case_events SET note = substr(note, 2) "
	  "  WHERE action IN ('verify', 'review') AND detail != '' AND note LIKE '；%';"
	  /* temporary aid cut to its cap (money as the rules printed it, always with two decimals) */
	  "UPDATE case_events SET note = '', detail = json_array(json_object('code', 'temp-capped', "
	  "  'requested_fen', CAST(replace(CASE WHEN note LIKE '申请 %' "
	  "    THEN substr(note, 4, instr(note, ' 元超过上限 ') - 4) "
	  "    ELSE substr(note, 5, instr(note, ' yuan asked') - 5) END, '.', '') AS INTEGER), "
	  "  'cap_fen', CAST(replace(CASE WHEN note LIKE '申请 %' "
	  "    THEN substr(note, instr(note, '超过上限 ') + 5, instr(note, ' 元（') - instr(note, '超过上限 ') - 5) "
	  "    ELSE substr(note, instr(note, 'the cap of ') + 11, instr(note, ' yuan (') - instr(note, 'the cap of ') - 11) "
	  "    END, '.', '') AS INTEGER), "
	  "  'months', CAST(CASE WHEN note LIKE '申请 %' "
	  "    THEN substr(note, instr(note, '（') + 1, instr(note, ' 个月标准') - instr(note, '（') - 1) "
	  "    ELSE substr(note, instr(note, '(') + 1, instr(note, ' months of') - instr(note, '(') - 1) END AS INTEGER))) "
	  "  WHERE action IN ('advance', 'approve') AND (note LIKE '申请 % 元超过上限 % 元（% 个月标准），按上限核定' "
	  "    OR note LIKE 'the % yuan asked exceed the cap of % yuan (% months of the standard)');"
	  /* temporary aid given again for the same cause within the year, with the reason typed */
	  "UPDATE case_events SET note = '', detail = json_array(json_object('code', 'temp-again', "
	  "  'case', CAST(CASE WHEN note LIKE '一年内%' "
	  "    THEN substr(note, instr(note, '（案件 ') + 4, instr(note, '）') - instr(note, '（案件 ') - 4) "
	  "    ELSE substr(note, instr(note, '(case ') + 6, instr(note, ')') - instr(note, '(case ') - 6) END AS INTEGER), "
	  "  'because', CASE WHEN note LIKE '一年内%' "
	  "    THEN substr(note, instr(note, '因“') + 2, length(note) - instr(note, '因“') - 6) "
	  "    ELSE substr(note, instr(note, 'again because: ') + 15) END)) "
	  "  WHERE action IN ('advance', 'approve') AND (note LIKE '一年内同因已救助（案件 %），因“%”再次救助' "
	  "    OR note LIKE 'helped for the same cause within the year (case %), again because: %');"
	  "CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events "
	  "  BEGIN SELECT RAISE(ABORT, 'case events are only ever added'); END;" },
	/* which resource is the person register and which of its fields the household number is
	 * comes from the catalogue (its household_field): importing it records both in settings and
	 * builds these indexes again on its names (hub_db_register_set) */
	{ 11, "the register's indexes named by the catalogue, not by the schema",
	  "DROP INDEX IF EXISTS records_household;"
	  "DROP INDEX IF EXISTS records_register_person;"
	  /* a data folder made before keeps working: the register it was built on (the synthetic
	   * province's, the only one a catalogue could hold then) is recorded as if its catalogue
	   * had named it, with the indexes hub_db_register_set builds */
	  "INSERT INTO settings (key, value) SELECT 'register_resource', '43GA001' "
	  "  WHERE EXISTS (SELECT 1 FROM resources WHERE code = '43GA001') "
	  "  AND NOT EXISTS (SELECT 1 FROM settings WHERE key = 'register_resource');"
	  "INSERT INTO settings (key, value) SELECT 'register_household_field', '户号' "
	  "  WHERE EXISTS (SELECT 1 FROM settings WHERE key = 'register_resource' AND value = '43GA001') "
	  "  AND NOT EXISTS (SELECT 1 FROM settings WHERE key = 'register_household_field');"
	  "CREATE INDEX IF NOT EXISTS register_person ON records (person) WHERE resource = '43GA001' AND to_batch IS NULL;"
	  "CREATE INDEX IF NOT EXISTS register_household ON records (json_extract(data, '$.\"户号\"')) "
	  "  WHERE resource = '43GA001' AND to_batch IS NULL;" },
	/* 12: dynamic monitoring (docs/MONITORING.md): each run with the newest batch it saw (an
	 * incremental run re-scores the households with records after it), each household's latest
	 * score, and the warnings, at most one open per household: an episode raised once, updated
	 * while its condition holds, closed as ended when the condition ends before anyone acted. */
	{ 12, "monitoring: runs, household scores, warnings",
	  "CREATE TABLE monitor_runs ("
	  "  id INTEGER PRIMARY KEY,"
	  "  day TEXT NOT NULL,"
	  "  full INTEGER NOT NULL,"
	  "  last_batch BIGINT NOT NULL,"
	  "  operator TEXT NOT NULL,"
	  "  started_at TEXT NOT NULL,"
	  "  finished_at TEXT,"
	  "  households BIGINT NOT NULL DEFAULT 0,"
	  "  failed BIGINT NOT NULL DEFAULT 0,"
	  "  raised BIGINT NOT NULL DEFAULT 0,"
	  "  updated BIGINT NOT NULL DEFAULT 0,"
	  "  ended BIGINT NOT NULL DEFAULT 0"
	  ");"
	  "CREATE TABLE monitor_scores ("
	  "  household TEXT PRIMARY KEY,"
	  "  region TEXT NOT NULL,"
	  "  run INTEGER NOT NULL REFERENCES monitor_runs (id),"
	  "  day TEXT NOT NULL,"
	  "  score INTEGER NOT NULL,"
	  "  level INTEGER NOT NULL,"
	  "  indicators TEXT NOT NULL"
	  ");"
	  "CREATE TABLE monitor_warnings ("
	  "  id INTEGER PRIMARY KEY,"
	  "  household TEXT NOT NULL,"
	  "  region TEXT NOT NULL,"
	  "  status TEXT NOT NULL CHECK (status IN ('open', 'ended')),"
	  "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),"
	  "  score INTEGER NOT NULL,"
	  "  indicators TEXT NOT NULL,"
	  "  raised_run INTEGER NOT NULL REFERENCES monitor_runs (id),"
	  "  raised_day TEXT NOT NULL,"
	  "  updated_run INTEGER NOT NULL REFERENCES monitor_runs (id),"
	  "  closed_run INTEGER REFERENCES monitor_runs (id),"
	  "  closed_day TEXT"
	  ");"
	  "CREATE UNIQUE INDEX monitor_warnings_open ON monitor_warnings (household) WHERE status = 'open';"
	  "CREATE INDEX monitor_warnings_region ON monitor_warnings (region, status, level);" },
	/* 13: the warning's lifecycle (docs/MONITORING.md, "The warning lifecycle"): new, sent to the
	 * township (with its due day in working days), in field check, closed by an outcome (a case,
	 * a referral, a charity need, no need, a false alarm), or ended by a run; at most one live
	 * warning (new, sent or in check) per household. SQLite cannot change a CHECK, so the table is
	 * built again and its rows copied ('open' is now 'new'). The field checks (铁脚板) keep what
	 * two staff found on a visit, the household's own statement in fen and the corrections to
	 * a department's record, as evidence beside the departments' facts. */
	{ 13, "monitoring: the warning's lifecycle and field checks",
	  "CREATE TABLE IF NOT EXISTS monitor_warnings13 ("
	  "  id INTEGER PRIMARY KEY,"
	  "  household TEXT NOT NULL,"
	  "  region TEXT NOT NULL,"
	  "  status TEXT NOT NULL CHECK (status IN ('new', 'sent', 'checking', 'closed', 'ended')),"
	  "  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),"
	  "  score INTEGER NOT NULL,"
	  "  indicators TEXT NOT NULL,"
	  "  raised_run INTEGER NOT NULL REFERENCES monitor_runs (id),"
	  "  raised_day TEXT NOT NULL,"
	  "  updated_run INTEGER NOT NULL REFERENCES monitor_runs (id),"
	  "  closed_run INTEGER REFERENCES monitor_runs (id),"
	  "  closed_day TEXT,"
	  "  sent_day TEXT,"
	  "  sent_by TEXT,"
	  "  due_day TEXT,"
	  "  outcome TEXT CHECK (outcome IS NULL OR outcome IN "
	  "    ('case', 'referral', 'charity', 'no_need', 'false_alarm')),"
	  "  outcome_reason TEXT,"
	  "  misleading TEXT,"
	  "  case_id INTEGER REFERENCES cases (id),"
	  "  department TEXT,"
	  "  outcome_by TEXT,"
	  "  settled INTEGER NOT NULL DEFAULT 0"
	  ");"
	  "INSERT INTO monitor_warnings13 (id, household, region, status, level, score, indicators, "
	  "  raised_run, raised_day, updated_run, closed_run, closed_day) "
	  "  SELECT id, household, region, CASE status WHEN 'open' THEN 'new' ELSE status END, level, score, "
	  "  indicators, raised_run, raised_day, updated_run, closed_run, closed_day FROM monitor_warnings;"
	  "DROP TABLE monitor_warnings;"
	  "ALTER TABLE monitor_warnings13 RENAME TO monitor_warnings;"
	  "CREATE UNIQUE INDEX IF NOT EXISTS monitor_warnings_live ON monitor_warnings (household) "
	  "  WHERE status IN ('new', 'sent', 'checking');"
	  "CREATE INDEX IF NOT EXISTS monitor_warnings_region ON monitor_warnings (region, status, level);"
	  "CREATE INDEX IF NOT EXISTS monitor_warnings_household ON monitor_warnings (household, id);"
	  "CREATE TABLE IF NOT EXISTS monitor_checks ("
	  "  id INTEGER PRIMARY KEY,"
	  "  warning INTEGER NOT NULL REFERENCES monitor_warnings (id),"
	  "  household TEXT NOT NULL,"
	  "  region TEXT NOT NULL,"
	  "  visit_day TEXT NOT NULL,"
	  "  staff1 TEXT NOT NULL,"
	  "  staff2 TEXT NOT NULL CHECK (staff2 <> staff1),"
	  "  findings TEXT NOT NULL,"
	  "  income_fen BIGINT,"
	  "  spending_fen BIGINT,"
	  "  corrections TEXT NOT NULL,"
	  "  recorded_by TEXT NOT NULL,"
	  "  recorded_at TEXT NOT NULL"
	  ");"
	  "CREATE INDEX IF NOT EXISTS monitor_checks_warning ON monitor_checks (warning);"
	  "CREATE INDEX IF NOT EXISTS monitor_checks_household ON monitor_checks (household, visit_day);" },
	/* 14: payments (docs/PAYMENTS.md): the roll carried over from another system (one row per
	 * household and scheme, the import's key), payees and their accounts with history, monthly
	 * payrolls with frozen lines and the provenance of each amount, the checks found on them, the
	 * bank files written, the banks' returns, and an append-only double-entry ledger. */
	{ 14, "payments: roll, accounts, payrolls, checks, bank files, returns, ledger",
	  "CREATE TABLE IF NOT EXISTS pay_roll ("
	  "  household TEXT NOT NULL,"
	  "  scheme TEXT NOT NULL,"
	  "  case_id INTEGER NOT NULL REFERENCES cases (id),"
	  "  start_month TEXT NOT NULL,"
	  "  members TEXT NOT NULL,"
	  "  file_sha256 TEXT NOT NULL,"
	  "  line INTEGER NOT NULL,"
	  "  imported_by TEXT NOT NULL,"
	  "  imported_at TEXT NOT NULL,"
	  "  PRIMARY KEY (household, scheme)"
	  ");"
	  "CREATE TABLE IF NOT EXISTS pay_accounts ("
	  "  id INTEGER PRIMARY KEY,"
	  "  case_id INTEGER NOT NULL REFERENCES cases (id),"
	  "  household TEXT NOT NULL,"
	  "  payee TEXT NOT NULL,"
	  "  account TEXT NOT NULL,"
	  "  bank TEXT NOT NULL,"
	  "  card_type TEXT NOT NULL CHECK (card_type IN ('sscard', 'bankcard', 'passbook')),"
	  "  valid_from TEXT NOT NULL,"
	  "  changed_by TEXT NOT NULL,"
	  "  reason TEXT NOT NULL,"
	  "  at TEXT NOT NULL"
	  ");"
	  "CREATE INDEX IF NOT EXISTS pay_accounts_case ON pay_accounts (case_id, id);"
	  "CREATE INDEX IF NOT EXISTS pay_accounts_account ON pay_accounts (account);"
	  "CREATE TRIGGER IF NOT EXISTS pay_accounts_no_update BEFORE UPDATE ON pay_accounts "
	  "  BEGIN SELECT RAISE(ABORT, 'account history is only ever added'); END;"
	  "CREATE TRIGGER IF NOT EXISTS pay_accounts_no_delete BEFORE DELETE ON pay_accounts "
	  "  BEGIN SELECT RAISE(ABORT, 'account history is only ever added'); END;"
	  "CREATE TABLE IF NOT EXISTS payrolls ("
	  "  id INTEGER PRIMARY KEY,"
	  "  month TEXT NOT NULL,"
	  "  region TEXT NOT NULL,"
	  "  state TEXT NOT NULL CHECK (state IN ('draft', 'checked', 'approved-1', 'approved-2', 'sent', "
	  "    'reconciled')),"
	  "  built_by TEXT NOT NULL,"
	  "  built_at TEXT NOT NULL,"
	  "  approved1_by TEXT NOT NULL DEFAULT '',"
	  "  approved1_person TEXT NOT NULL DEFAULT '',"
	  "  approved2_by TEXT NOT NULL DEFAULT '',"
	  "  sent_at TEXT NOT NULL DEFAULT '',"
	  "  UNIQUE (month, region)"
	  ");"
	  "CREATE TABLE IF NOT EXISTS payroll_lines ("
	  "  id INTEGER PRIMARY KEY,"
	  "  payroll INTEGER NOT NULL REFERENCES payrolls (id),"
	  "  case_id INTEGER NOT NULL REFERENCES cases (id),"
	  "  household TEXT NOT NULL,"
	  "  region TEXT NOT NULL,"
	  "  scheme TEXT NOT NULL,"
	  "  payee TEXT NOT NULL,"
	  "  account TEXT NOT NULL,"
	  "  bank TEXT NOT NULL,"
	  "  card_type TEXT NOT NULL,"
	  "  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),"
	  "  kind TEXT NOT NULL CHECK (kind IN ('monthly', 'reissue')),"
	  "  reissue_of INTEGER REFERENCES payroll_lines (id),"
	  "  verification INTEGER,"
	  "  basis TEXT NOT NULL,"
	  "  status TEXT NOT NULL CHECK (status IN ('pending', 'held', 'paid', 'failed', 'reissued', 'stopped')),"
	  "  reason TEXT NOT NULL DEFAULT ''"
	  ");"
	  "CREATE INDEX IF NOT EXISTS payroll_lines_payroll ON payroll_lines (payroll, id);"
	  "CREATE INDEX IF NOT EXISTS payroll_lines_case ON payroll_lines (case_id, payroll);"
	  "CREATE UNIQUE INDEX IF NOT EXISTS payroll_lines_reissue ON payroll_lines (reissue_of) "
	  "  WHERE reissue_of IS NOT NULL;"
	  "CREATE TABLE IF NOT EXISTS pay_checks ("
	  "  id INTEGER PRIMARY KEY,"
	  "  payroll INTEGER NOT NULL REFERENCES payrolls (id),"
	  "  line INTEGER NOT NULL REFERENCES payroll_lines (id),"
	  "  rule TEXT NOT NULL,"
	  "  blocking INTEGER NOT NULL,"
	  "  evidence TEXT NOT NULL"
	  ");"
	  "CREATE INDEX IF NOT EXISTS pay_checks_payroll ON pay_checks (payroll, line);"
	  "CREATE TABLE IF NOT EXISTS pay_bank_files ("
	  "  id INTEGER PRIMARY KEY,"
	  "  payroll INTEGER NOT NULL REFERENCES payrolls (id),"
	  "  bank TEXT NOT NULL,"
	  "  path TEXT NOT NULL,"
	  "  count BIGINT NOT NULL,"
	  "  total_fen BIGINT NOT NULL,"
	  "  sha256 TEXT NOT NULL,"
	  "  written_by TEXT NOT NULL,"
	  "  written_at TEXT NOT NULL,"
	  "  UNIQUE (payroll, bank)"
	  ");"
	  "CREATE TABLE IF NOT EXISTS pay_returns ("
	  "  line INTEGER PRIMARY KEY REFERENCES payroll_lines (id),"
	  "  payroll INTEGER NOT NULL REFERENCES payrolls (id),"
	  "  outcome TEXT NOT NULL CHECK (outcome IN ('paid', 'failed')),"
	  "  reason TEXT NOT NULL,"
	  "  file_sha256 TEXT NOT NULL,"
	  "  imported_by TEXT NOT NULL,"
	  "  imported_at TEXT NOT NULL"
	  ");"
	  "CREATE TABLE IF NOT EXISTS pay_ledger ("
	  "  id INTEGER PRIMARY KEY,"
	  "  at TEXT NOT NULL,"
	  "  month TEXT NOT NULL,"
	  "  kind TEXT NOT NULL CHECK (kind IN ('payroll', 'payment', 'failure', 'reissue', 'stop', "
	  "    'recovery', 'advance', 'settlement')),"
	  "  debit TEXT NOT NULL,"
	  "  credit TEXT NOT NULL CHECK (credit <> debit),"
	  "  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),"
	  "  scheme TEXT NOT NULL,"
	  "  region TEXT NOT NULL,"
	  "  payroll INTEGER REFERENCES payrolls (id),"
	  "  line INTEGER REFERENCES payroll_lines (id),"
	  "  case_id INTEGER REFERENCES cases (id),"
	  "  actor TEXT NOT NULL"
	  ");"
	  "CREATE INDEX IF NOT EXISTS pay_ledger_month ON pay_ledger (month, scheme, region);"
	  "CREATE INDEX IF NOT EXISTS pay_ledger_payroll ON pay_ledger (payroll);"
	  "CREATE TRIGGER IF NOT EXISTS pay_ledger_no_update BEFORE UPDATE ON pay_ledger "
	  "  BEGIN SELECT RAISE(ABORT, 'the payments ledger is append-only'); END;"
	  "CREATE TRIGGER IF NOT EXISTS pay_ledger_no_delete BEFORE DELETE ON pay_ledger "
	  "  BEGIN SELECT RAISE(ABORT, 'the payments ledger is append-only'); END;" },
};
int store_schema_latest(void)
{
	return migrations[ARRAY_SIZE(migrations) - 1].version;
}

static int ensure_migrations_table(struct store *s, struct error *e)
{
	return store_exec(s,
	                  "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                  "  version INTEGER PRIMARY KEY,"
	                  "  name TEXT NOT NULL,"
	                  "  applied_at TEXT NOT NULL"
	                  ")",
	                  e);
}

int store_schema_version(struct store *s, int *version, struct error *e)
{
	int rc = ensure_migrations_table(s, e);
	if (rc)
		return rc;
	struct store_stmt *st;
	if ((rc = store_prepare(s, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &st, e)))
		return rc;
	*version = 0;
	rc = store_step(st, e);
	if (rc == STORE_ROW)
		*version = (int)store_col_int64(st, 0);
	rc = rc < 0 ? rc : 0;
	store_finalize(st);
	return rc;
}

static int apply(struct store *s, const struct migration *m, struct error *e)
{
	char now[TIMESTAMP_SIZE];
	date_timestamp_utc(now);
	struct store_stmt *st = NULL;
	int rc = store_begin(s, e);
	if (rc)
		return rc;
	if ((rc = store_exec(s, m->sql, e)))
		goto fail;
	if ((rc = store_prepare(
	         s, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", &st, e)))
		goto fail;
	store_bind_int64(st, 1, m->version);
	store_bind_text(st, 2, m->name, strlen(m->name));
	store_bind_text(st, 3, now, strlen(now));
	if ((rc = store_step(st, e)) < 0)
		goto fail;
	store_finalize(st);
	return store_commit(s, e);
fail:
	store_finalize(st);
	store_rollback(s);
	error_prefix(e, "数据库迁移 %d（%s）失败：", "migration %d (%s) failed: ", m->version, m->name);
	return rc;
}

int store_migrate(struct store *s, int *from, int *to, struct error *e)
{
	return store_migrate_upto(s, store_schema_latest(), from, to, e);
}

int store_migrate_upto(struct store *s, int target, int *from, int *to, struct error *e)
{
	int v = 0;
	int rc = store_schema_version(s, &v, e);
	if (rc)
		return rc;
	if (from)
		*from = v;
	if (v > store_schema_latest())
		return error_set(
		    e, ERR_INVAL, "数据库版本 %d 比本程序支持的 %d 新，请升级 safetynet",
		    "the database is at schema version %d, newer than the %d this safetynet knows: upgrade safetynet",
		    v, store_schema_latest());
	for (size_t i = 0; i < ARRAY_SIZE(migrations); i++) {
		if (migrations[i].version <= v || migrations[i].version > target)
			continue;
		if ((rc = apply(s, &migrations[i], e)))
			return rc;
		v = migrations[i].version;
	}
	if (to)
		*to = v;
	return 0;
}
