/* hub_facts.c: the facts a stored record gives about the person behind one of its ID fields, derived
 * from its data (JSON) once linkage has found who that is. Ingest derives the facts of clean ID
 * numbers itself; this serves the ones it could not place. */
#include <json-c/json.h>

#include "hub/hub.h"
#include "hub/hub_repo.h"

static const char *value_of(struct json_object *o, const struct hub_resource *r, int field)
{
	struct json_object *v;
	if (field < 0 || !json_object_object_get_ex(o, r->fields[field].name, &v))
		return NULL;
	const char *s = json_object_get_string(v);
	return s && s[0] ? s : NULL;
}

int hub_record_facts(struct hub_db_batch *h, const struct hub_resource *r, int64_t batch, int64_t record,
                     uint64_t line, const char *data, int field, const char *person, int64_t *added,
                     struct error *e)
{
	struct json_object *o = json_tokener_parse(data);
	if (!o)
		return error_set(e, ERR_INVAL, "记录 %" PRId64 " 的数据无法读取",
		                 "record %" PRId64 "'s data cannot be read", record);
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < r->nfacts; k++) {
		const struct hub_fact_map *m = &r->facts[k];
		if (m->person != field)
			continue; /* ingest gave those their facts */
		const char *who = person;
		const char *amount = value_of(o, r, m->amount);
		struct hub_db_fact f = {
			who,
			m->kind,
			value_of(o, r, m->period),
			value_of(o, r, m->value),
			amount != NULL,
			amount ? strtoll(amount, NULL, 10) : 0,
			line,
			record,
		};
		rc = hub_db_fact_add(h, r->code, batch, &f, e);
		*added += rc == 0;
	}
	json_object_put(o);
	return rc;
}
