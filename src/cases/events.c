/* events.c: what the system records about a step of a case is kept language-neutral in the
 * event's detail, a JSON array of facts ({"code": "verified", "verification": 12, ...}), and
 * rendered in the reader's language with the note the user typed, as typed: a case's legal
 * history then reads in one language, whoever took its steps in whichever. */
#include <json-c/json.h>

#include "base/money.h"
#include "cases/cases_int.h"
#include "verify/verify.h"
#include "cases/case_repo.h"

/* appends fact (taken) to the array in detail; the detail stays as it was when it would not fit */
static int append(char *detail, size_t cap, struct json_object *fact)
{
	struct json_object *a = detail[0] ? json_tokener_parse(detail) : NULL;
	if (!a || !json_object_is_type(a, json_type_array)) {
		json_object_put(a);
		a = json_object_new_array();
	}
	int rc = ERR_NOMEM;
	if (a && fact && json_object_array_add(a, fact) == 0) {
		fact = NULL;
		const char *t = json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN);
		rc = t && strlen(t) < cap ? 0 : ERR_TOOBIG;
		if (rc == 0)
			snprintf(detail, cap, "%s", t);
	}
	json_object_put(fact);
	json_object_put(a);
	return rc;
}

static struct json_object *fact_of(const char *code)
{
	struct json_object *f = json_object_new_object();
	if (f)
		json_object_object_add(f, "code", json_object_new_string(code));
	return f;
}

static void put_int(struct json_object *f, const char *key, int64_t v)
{
	if (f)
		json_object_object_add(f, key, json_object_new_int64(v));
}

static void put_str(struct json_object *f, const char *key, const char *v)
{
	if (f)
		json_object_object_add(f, key, json_object_new_string(v ? v : ""));
}

int cs_fact_plain(char *detail, size_t cap, const char *code)
{
	return append(detail, cap, fact_of(code));
}

int cs_fact_verified(char *detail, size_t cap, int64_t verification, const char *decision,
                     int64_t benefit_fen)
{
	struct json_object *f = fact_of("verified");
	put_int(f, "verification", verification);
	put_str(f, "class", decision);
	put_int(f, "benefit_fen", benefit_fen);
	return append(detail, cap, f);
}

int cs_fact_relative(char *detail, size_t cap, const char *relation)
{
	struct json_object *f = fact_of("relative");
	put_str(f, "relation", relation);
	return append(detail, cap, f);
}

int cs_fact_capped(char *detail, size_t cap, int64_t requested_fen, int64_t cap_fen, int64_t months)
{
	struct json_object *f = fact_of("temp-capped");
	put_int(f, "requested_fen", requested_fen);
	put_int(f, "cap_fen", cap_fen);
	put_int(f, "months", months);
	return append(detail, cap, f);
}

int cs_fact_again(char *detail, size_t cap, int64_t earlier_case, const char *because)
{
	struct json_object *f = fact_of("temp-again");
	put_int(f, "case", earlier_case);
	put_str(f, "because", because);
	return append(detail, cap, f);
}

static int64_t int_of(struct json_object *f, const char *key)
{
	struct json_object *v;
	return json_object_object_get_ex(f, key, &v) ? json_object_get_int64(v) : 0;
}

static const char *str_of(struct json_object *f, const char *key)
{
	struct json_object *v;
	const char *s = json_object_object_get_ex(f, key, &v) ? json_object_get_string(v) : NULL;
	return s ? s : "";
}

/* one fact in lang; an unknown code is shown as its code, never dropped */
static void render(struct json_object *f, enum lang lang, struct buf *out)
{
	bool zh = lang != LANG_EN;
	const char *code = str_of(f, "code");
	char a[MONEY_STR_SIZE], b[MONEY_STR_SIZE];
	if (!strcmp(code, "verified")) {
		enum vf_class cl = VF_NONE;
		bool known = vf_class_parse(str_of(f, "class"), &cl) == 0;
		money_format(int_of(f, "benefit_fen"), a);
		buf_addf(out,
		         zh ? "核对 %" PRId64 "：%s，月救助金 %s"
		            : "verification %" PRId64 ": %s, monthly benefit %s",
		         int_of(f, "verification"), known ? vf_class_label(cl, lang) : str_of(f, "class"), a);
	} else if (!strcmp(code, "relative")) {
		buf_addf(out, "%s%s",
		         zh ? "近亲属备案：" : "near relative of staff: ", str_of(f, "relation"));
	} else if (!strcmp(code, "not-eligible")) {
		buf_adds(out, zh ? "不再符合条件，请县级办理渐退或终止"
		                 : "no longer eligible: the county exits or ends it");
	} else if (!strcmp(code, "temp-repeated")) {
		buf_adds(out, zh ? "同一人同一事由一年内已救助过，不再救助"
		                 : "the same person was helped for the same cause within the year");
	} else if (!strcmp(code, "temp-capped")) {
		money_format(int_of(f, "requested_fen"), a);
		money_format(int_of(f, "cap_fen"), b);
		buf_addf(out,
		         zh ? "申请 %s 元超过上限 %s 元（%" PRId64 " 个月标准），按上限核定"
		            : "the %s yuan asked exceed the cap of %s yuan (%" PRId64
		              " months of the standard)",
		         a, b, int_of(f, "months"));
	} else if (!strcmp(code, "temp-again")) {
		buf_addf(out,
		         zh ? "一年内同因已救助（案件 %" PRId64 "），因“%s”再次救助"
		            : "helped for the same cause within the year (case %" PRId64
		              "), again because: %s",
		         int_of(f, "case"), str_of(f, "because"));
	} else {
		buf_adds(out, code);
	}
}

int cs_detail_text(const char *detail, enum lang lang, struct buf *out)
{
	struct json_object *a = detail && detail[0] ? json_tokener_parse(detail) : NULL;
	size_t n = a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(out, lang == LANG_EN ? "; " : "；");
		render(json_object_array_get_idx(a, i), lang, out);
	}
	json_object_put(a);
	return 0;
}

int cs_event_text(const struct cs_db_case_event *ev, enum lang lang, struct buf *out)
{
	size_t before = out->len;
	cs_detail_text(ev->detail, lang, out);
	if (ev->note[0] && out->len > before)
		buf_adds(out, lang == LANG_EN ? "; " : "；");
	return buf_adds(out, ev->note);
}
