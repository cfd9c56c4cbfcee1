/* resources.c: the data resources the generator publishes, one file each, as 21 departments
 * would (DOMAIN.md §7): their codes, names, providers, field names, formats and update cycles
 * (the catalogue is written from this table), and for each the function that writes its rows
 * from the simulated lives. Field names and date styles differ by department on purpose. */
#include "base/region.h"
#include "gen/gen_int.h"

#define F(n, t, d)      \
	{               \
		n, t, d \
	}
#define FIELDS(x) x, ARRAY_SIZE(x)
/* the last field of every monthly payment resource (monthly_amount writes it) */
#define STATUS_FIELD F("数据状态", "text", "正常/更正：更正记录替代同一人同一月份的原记录")
#define FOR_PERSON(i, p)                            \
	for (size_t i = 0; i < b->persons.len; i++) \
		for (struct gen_person *p = &b->persons.items[i]; p; p = NULL)
#define FOR_HOUSEHOLD(k, h)                            \
	for (size_t k = 0; k < b->households.len; k++) \
		for (struct gen_household *h = &b->households.items[k]; h; h = NULL)
#define FOR_MONTH(t) for (int t = 0; t < c->months_total; t++)

static date_t tday(const struct gen_ctx *c, int t, int day)
{
	return month_first_day(gen_month(c, t)) + day;
}

/* a stable pseudo-random number for a person and a purpose, so repeated rows agree */
static uint64_t pick(const struct gen_block *b, size_t i, uint64_t salt)
{
	uint64_t x = ((uint64_t)b->index << 32) ^ ((uint64_t)i * 0x9e3779b97f4a7c15ULL) ^
	             (salt * 0xc2b2ae3d27d4eb4fULL);
	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	return x ^ (x >> 29);
}

static const char *status_of(const struct gen_person *p)
{
	return p->death_t != GEN_NONE_T ? "死亡注销" : p->left_t != GEN_NONE_T ? "迁出" : "正常";
}

/* a day in month t of the window, or about -t months before it */
static date_t when(const struct gen_ctx *c, int32_t t, int day)
{
	return t >= 0 ? tday(c, t, day) : tday(c, 0, day) + t * 30;
}

/* ---- public security ---- */
static const struct gen_field f_ga001[] = {
	F("公民身份号码", "id", "居民身份证号码"),
	F("姓名", "name", "姓名"),
	F("性别", "code", "1 男 2 女"),
	F("出生日期", "date", "出生日期"),
	F("户号", "text", "户口簿户号"),
	F("与户主关系", "code", "01 户主 02 配偶 03 子女 04 父母 05 孙子女 06 兄弟姐妹 07 儿媳女婿"),
	F("户籍地行政区划", "region", "12 位统计用区划代码"),
	F("人员状态", "text", "正常/死亡注销/迁出"),
};
static void e_ga001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		const struct gen_household *h = &b->households.items[p->hh];
		struct gen_row w;
		char rel[4];
		snprintf(rel, sizeof rel, "%02d", p->rel + 1);
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_name(&w, p->name);
		gen_row_text(&w, p->sex == 'M' ? "1" : "2");
		gen_row_date(&w, p->birth);
		gen_row_text(&w, h->key);
		gen_row_text(&w, rel);
		gen_row_text(&w, region_at(h->reg_village)->code);
		gen_row_text(&w, status_of(p));
		gen_row_end(&w);
	}
}

static const struct gen_field f_ga002[] = {
	F("证件号码", "id", "身份证号码"),
	F("变动类型", "text", "出生登记/死亡注销/迁出"),
	F("变动日期", "date", "办理日期"),
	F("户号", "text", "户号"),
};
static void e_ga002(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		int32_t ts[3] = { p->born_t > 0 && p->rel >= REL_CHILD ? p->born_t : GEN_NONE_T, p->death_t,
			          p->left_t };
		static const char *kinds[3] = { "出生登记", "死亡注销", "迁出" };
		for (int k = 0; k < 3; k++) {
			if (ts[k] == GEN_NONE_T || ts[k] >= c->months_total)
				continue;
			struct gen_row w;
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			gen_row_text(&w, kinds[k]);
			gen_row_date(&w, tday(c, ts[k], 5 + (int)(pick(b, i, 2) % 20)));
			gen_row_text(&w, b->households.items[p->hh].key);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_ga003[] = {
	F("所有人身份证号", "id", "机动车所有人"),
	F("所有人姓名", "name", ""),
	F("号牌号码", "text", "号牌"),
	F("车辆类型", "text", "小型汽车/三轮汽车"),
	F("初次登记日期", "date", ""),
	F("购车发票价格", "money", "元"),
};
static void e_ga003(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		for (size_t v = 0; v < h->vehicles.len; v++) {
			const struct gen_vehicle *veh = &h->vehicles.items[v];
			if (veh->kind == 'M' || veh->bought_t >= c->months_total)
				continue;
			const struct gen_person *o = &b->persons.items[veh->owner];
			char plate[16];
			snprintf(plate, sizeof plate, "湘A%05u", (unsigned)(pick(b, k * 8 + v, 3) % 100000));
			struct gen_row w;
			gen_row_begin(&w, b, c, f, veh->owner, (int32_t)k);
			gen_row_id(&w, veh->owner);
			gen_row_name(&w, o->name);
			gen_row_text(&w, plate);
			gen_row_text(&w, veh->kind == 'T' ? "三轮汽车" : "小型汽车");
			gen_row_date(&w, when(c, veh->bought_t, 15));
			gen_row_money(&w, veh->value_fen);
			gen_row_end(&w);
		}
	}
}

/* ---- civil affairs ---- */
static const struct gen_field f_mz001[] = {
	F("男方身份证号", "id", ""),
	F("女方身份证号", "id", ""),
	F("登记类型", "text", "结婚/离婚"),
	F("登记日期", "date", ""),
};
static void e_mz001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (p->spouse < 0 || p->sex != 'M')
			continue;
		const struct gen_person *s = &b->persons.items[p->spouse];
		int age = gen_age_at(p->birth, tday(c, 0, 0));
		int years = age > 24 ? (int)(pick(b, i, 4) % (uint64_t)(age - 22)) + 1 : 1;
		struct gen_row w;
		date_t married = p->marriage_t != GEN_NONE_T
		                     ? tday(c, p->marriage_t, 12)
		                     : tday(c, 0, 0) - years * 365 - (int)(pick(b, i, 5) % 300);
		if (p->born_t <= 0 || p->marriage_t != GEN_NONE_T) {
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			gen_row_id(&w, p->spouse);
			gen_row_text(&w, "结婚");
			gen_row_date(&w, married);
			gen_row_end(&w);
		}
		if (p->divorce_t != GEN_NONE_T || s->divorce_t != GEN_NONE_T) {
			int32_t t = p->divorce_t != GEN_NONE_T ? p->divorce_t : s->divorce_t;
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			gen_row_id(&w, p->spouse);
			gen_row_text(&w, "离婚");
			gen_row_date(&w, tday(c, t, 10));
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_mz002[] = {
	F("逝者身份证号", "id", ""),
	F("逝者姓名", "name", ""),
	F("火化日期", "date", ""),
	F("殡仪馆", "text", ""),
};
static void e_mz002(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (p->death_t == GEN_NONE_T)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_name(&w, p->name);
		gen_row_date(&w, tday(c, p->death_t, 3 + (int)(pick(b, i, 6) % 20)));
		gen_row_text(&w, "县殡仪馆");
		gen_row_end(&w);
	}
}

static const struct gen_field f_mz003[] = {
	F("身份证号", "id", "救助对象"),
	F("救助类别", "text", "临时救助"),
	F("发放年月", "month", ""),
	F("发放金额", "money", "元"),
};
static void e_mz003(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		if (h->disaster_t == GEN_NONE_T || h->tier > 1)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, h->first, (int32_t)k);
		gen_row_id(&w, h->first);
		gen_row_text(&w, "临时救助");
		gen_row_month(&w, gen_month(c, h->disaster_t));
		gen_row_money(&w, 200000);
		gen_row_end(&w);
	}
}

/* One row per person and month where an amount is not zero, with a status field. At the
 * noise rate, a tenth of the faults are late corrections: the row first goes out with a
 * wrong amount, and a row marked 更正 with the right one follows at the end of the batch. */
static void monthly_amount(struct gen_block *b, const struct gen_ctx *c, uint16_t f, int item,
                           const char *label, bool with_name)
{
	struct correction {
		int32_t person;
		int t;
	};
	VEC(struct correction) later = { 0 };
	for (int pass = 0; pass < 2; pass++) {
		size_t n = pass ? later.len : b->persons.len;
		for (size_t k = 0; k < n; k++) {
			size_t i = pass ? (size_t)later.items[k].person : k;
			struct gen_person *p = &b->persons.items[i];
			const int32_t *v = gen_item(p, c, item);
			int from = pass ? later.items[k].t : 0,
			    to = pass ? later.items[k].t + 1 : c->months_total;
			for (int t = from; t < to; t++) {
				if (!v[t])
					continue;
				bool wrong =
				    !pass && c->opt.noise > 0 && rng_chance(&b->rng, c->opt.noise / 10);
				struct gen_row w;
				gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
				gen_row_id(&w, (int32_t)i);
				if (with_name)
					gen_row_name(&w, p->name);
				if (label)
					gen_row_text(&w, label);
				gen_row_month(&w, gen_month(c, t));
				gen_row_money(&w, wrong ? (int64_t)v[t] * 10 : v[t]);
				gen_row_text(&w, pass ? "更正" : "正常");
				gen_row_end(&w);
				if (wrong) {
					struct correction cr = { (int32_t)i, t };
					char detail[64];
					snprintf(detail, sizeof detail,
					         "amount x10, corrected later (true %d.%02d)", v[t] / 100,
					         v[t] % 100);
					gen_fault(b, f, b->rows[f] - 1, (int32_t)i, "late-correction",
					          detail);
					if (vec_push(&later, cr))
						b->err = ERR_NOMEM;
				}
			}
		}
	}
	vec_release(&later);
}

static const struct gen_field f_mz004[] = {
	F("身份证号", "id", ""),
	F("补贴类型", "text", "重度残疾人护理补贴"),
	F("年月", "month", ""),
	F("金额", "money", "元"),
	STATUS_FIELD,
};
static void e_mz004(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	monthly_amount(b, c, f, MI_DISAB_SUB, "重度残疾人护理补贴", false);
}

/* ---- human resources and social security ---- */
static const struct gen_field f_rs001[] = {
	F("公民身份号码", "id", ""),  F("单位编号", "text", ""),        F("缴费年月", "month", ""),
	F("缴费基数", "money", "元"), F("个人缴费金额", "money", "元"),
};
static void e_rs001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		const int32_t *si = gen_item(p, c, MI_SI), *wage = gen_item(p, c, MI_WAGE);
		char unit[16];
		snprintf(unit, sizeof unit, "DW%08d", p->employer);
		FOR_MONTH(t)
		{
			if (!si[t])
				continue;
			struct gen_row w;
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			gen_row_text(&w, unit);
			gen_row_month(&w, gen_month(c, t));
			gen_row_money(&w, wage[t]);
			gen_row_money(&w, si[t]);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_rs002[] = {
	F("身份证号码", "id", ""),
	F("发放年月", "month", ""),
	F("养老金金额", "money", "元"),
	STATUS_FIELD,
};
static void e_rs002(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	monthly_amount(b, c, f, MI_EMP_PENSION, NULL, false);
}

static const struct gen_field f_rs003[] = {
	F("身份证号", "id", ""),        F("姓名", "name", ""), F("待遇年月", "month", ""),
	F("基础养老金", "money", "元"), STATUS_FIELD,
};
static void e_rs003(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	monthly_amount(b, c, f, MI_BASIC_PENSION, NULL, true);
}

static const struct gen_field f_rs004[] = {
	F("身份证号", "id", ""),
	F("登记日期", "date", ""),
	F("终止日期", "date", ""),
	F("失业原因", "text", ""),
};
static void e_rs004(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (p->unemp_from_t == GEN_NONE_T)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_date(&w, tday(c, p->unemp_from_t, 2));
		gen_row_date(&w, tday(c, p->unemp_to_t, 0) - 1);
		gen_row_text(&w, "单位裁员");
		gen_row_end(&w);
	}
}

static const struct gen_field f_rs005[] = {
	F("身份证号", "id", ""),
	F("发放年月", "month", ""),
	F("发放金额", "money", "元"),
	STATUS_FIELD,
};
static void e_rs005(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	monthly_amount(b, c, f, MI_UNEMP, NULL, false);
}

static const struct gen_field f_rs006[] = {
	F("sfzh", "id", "身份证号"),
	F("dwbh", "text", "单位编号"),
	F("jyrq", "date", "就业日期"),
	F("gwlx", "text", "岗位类型"),
};
static void e_rs006(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		const int32_t *wage = gen_item(p, c, MI_WAGE);
		bool worked = false;
		FOR_MONTH(t)
		worked |= wage[t] != 0;
		if (!worked)
			continue;
		char unit[16];
		snprintf(unit, sizeof unit, "DW%08d", p->employer);
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_text(&w, unit);
		gen_row_date(&w, tday(c, 0, 0) - (int)(pick(b, i, 7) % 3000) - 30);
		gen_row_text(&w, "全日制");
		gen_row_end(&w);
	}
}

static const struct gen_field f_rs007[] = {
	F("身份证号", "id", ""),
	F("申报年月", "month", ""),
	F("月收入", "money", "元，灵活就业人员自行申报"),
	STATUS_FIELD,
};
static void e_rs007(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	monthly_amount(b, c, f, MI_FLEX, NULL, false);
}

static const struct gen_field f_rs008[] = {
	F("职工身份证号", "id", ""),
	F("认定日期", "date", ""),
	F("事故类别", "text", ""),
};
static void e_rs008(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (p->accident_t == GEN_NONE_T || p->job != JOB_FORMAL)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_date(&w, tday(c, p->accident_t, 20));
		gen_row_text(&w, "工伤");
		gen_row_end(&w);
	}
}

/* ---- tax ---- */
static const struct gen_field f_sw001[] = {
	F("纳税人识别号", "id", "自然人为身份证号"),
	F("所属期", "month", ""),
	F("收入额", "money", "工资薪金，元"),
	F("已缴税额", "money", "元"),
};
static void e_sw001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		const int32_t *wage = gen_item(p, c, MI_WAGE), *tax = gen_item(p, c, MI_TAX);
		FOR_MONTH(t)
		{
			if (!wage[t])
				continue;
			struct gen_row w;
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			gen_row_month(&w, gen_month(c, t));
			gen_row_money(&w, wage[t]);
			gen_row_money(&w, tax[t]);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_sw002[] = {
	F("纳税人识别号", "id", ""),
	F("所属期", "month", ""),
	F("经营收入", "money", "元"),
	F("经营所得", "money", "元，扣除成本费用后"),
};
static void e_sw002(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		const int32_t *v = gen_item(p, c, MI_BUSINESS);
		FOR_MONTH(t)
		{
			if (!v[t])
				continue;
			struct gen_row w;
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			gen_row_month(&w, gen_month(c, t));
			gen_row_money(&w, (int64_t)v[t] * 3);
			gen_row_money(&w, v[t]);
			gen_row_end(&w);
		}
	}
}

/* ---- natural resources, housing ---- */
static const struct gen_field f_zr001[] = {
	F("权利人证件号", "id", ""),    F("权利人", "name", ""),   F("不动产单元号", "text", ""),
	F("建筑面积", "int", "平方米"), F("登记日期", "date", ""), F("交易价格", "money", "元"),
};
static void e_zr001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		for (size_t n = 0; n < h->homes.len; n++) {
			const struct gen_home *home = &h->homes.items[n];
			if (home->bought_t >= c->months_total)
				continue;
			char unit[32];
			snprintf(unit, sizeof unit, "%.6sGB%08u", region_at(h->village)->code,
			         (unsigned)(pick(b, k * 4 + n, 8) % 100000000));
			struct gen_row w;
			gen_row_begin(&w, b, c, f, home->owner, (int32_t)k);
			gen_row_id(&w, home->owner);
			gen_row_name(&w, b->persons.items[home->owner].name);
			gen_row_text(&w, unit);
			gen_row_int(&w, home->area_m2);
			gen_row_date(&w, when(c, home->bought_t, 15));
			gen_row_money(&w, home->value_fen);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_zj001[] = {
	F("承租人身份证号", "id", ""),
	F("小区编码", "region", "所在社区 12 位区划代码"),
	F("起租日期", "date", ""),
	F("月租金", "money", "元"),
};
static void e_zj001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		if (!h->urban || h->homes.len || h->tier > 1)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, h->first, (int32_t)k);
		gen_row_id(&w, h->first);
		gen_row_text(&w, region_at(h->village)->code);
		gen_row_date(&w, tday(c, 0, 0) - (int)(pick(b, k, 9) % 2000));
		gen_row_money(&w, 15000);
		gen_row_end(&w);
	}
}

static const struct gen_field f_zj002[] = {
	F("户主身份证号", "id", ""),
	F("鉴定日期", "date", ""),
	F("危险等级", "text", "C级/D级"),
};
static void e_zj002(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		if (!h->unsafe_dwelling)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, h->first, (int32_t)k);
		gen_row_id(&w, h->first);
		gen_row_date(&w, tday(c, (int)(pick(b, k, 10) % (uint64_t)c->months_total), 12));
		gen_row_text(&w, pick(b, k, 11) % 3 ? "C级" : "D级");
		gen_row_end(&w);
	}
}

static const struct gen_field f_gj001[] = {
	F("个人证件号码", "id", ""),
	F("缴存年月", "month", ""),
	F("月缴存额", "money", "单位和个人合计，元"),
};
static void e_gj001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		const int32_t *wage = gen_item(p, c, MI_WAGE);
		if (b->households.items[p->hh].tier < 2)
			continue;
		FOR_MONTH(t)
		{
			if (!wage[t])
				continue;
			struct gen_row w;
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			gen_row_month(&w, gen_month(c, t));
			gen_row_money(&w, (int64_t)wage[t] / 10);
			gen_row_end(&w);
		}
	}
}

/* ---- market regulation ---- */
static const struct gen_field f_sc001[] = {
	F("zjhm", "id", "证件号码"),
	F("qymc", "text", "企业名称"),
	F("tyshxydm", "text", "统一社会信用代码"),
	F("rylx", "text", "法定代表人/股东/监事"),
	F("rzrq", "date", "任职日期"),
};
static void e_sc001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (!p->has_company_role || p->company_t >= c->months_total)
			continue;
		char name[64], code[24];
		snprintf(name, sizeof name, "湖南%s商贸有限公司", p->name);
		snprintf(code, sizeof code, "91430%013llu",
		         (unsigned long long)(pick(b, i, 12) % 10000000000000ULL));
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_text(&w, name);
		gen_row_text(&w, code);
		gen_row_text(&w, pick(b, i, 13) % 2 ? "法定代表人" : "股东");
		gen_row_date(&w, when(c, p->company_t, 8));
		gen_row_end(&w);
	}
}

static const struct gen_field f_sc002[] = {
	F("经营者身份证号", "id", ""), F("经营者姓名", "name", ""), F("注册号", "text", ""),
	F("成立日期", "date", ""),     F("经营范围", "text", ""),
};
static void e_sc002(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	static const char *kinds[] = { "餐饮", "零售", "修理", "运输", "美容美发" };
	FOR_PERSON(i, p)
	{
		if (p->job != JOB_BUSINESS)
			continue;
		char reg[24];
		snprintf(reg, sizeof reg, "4301%011llu",
		         (unsigned long long)(pick(b, i, 14) % 100000000000ULL));
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_name(&w, p->name);
		gen_row_text(&w, reg);
		gen_row_date(&w, tday(c, 0, 0) - (int)(pick(b, i, 15) % 4000) - 1);
		gen_row_text(&w, kinds[pick(b, i, 16) % 5]);
		gen_row_end(&w);
	}
}

/* ---- agriculture, transport ---- */
static const struct gen_field f_ny001[] = {
	F("承包方代表身份证号", "id", ""),
	F("承包方代表", "name", ""),
	F("发包方编码", "region", "村级 12 位区划代码"),
	F("承包面积", "text", "亩"),
};
static void e_ny001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		if (!h->land_mu10)
			continue;
		char area[16];
		snprintf(area, sizeof area, "%d.%d", h->land_mu10 / 10, h->land_mu10 % 10);
		struct gen_row w;
		gen_row_begin(&w, b, c, f, h->first, (int32_t)k);
		gen_row_id(&w, h->first);
		gen_row_name(&w, b->persons.items[h->first].name);
		gen_row_text(&w, region_at(h->village)->code);
		gen_row_text(&w, area);
		gen_row_end(&w);
	}
}

static const struct gen_field f_ny002[] = {
	F("所有人身份证号", "id", ""),
	F("机械类型", "text", ""),
	F("登记日期", "date", ""),
	F("购置价格", "money", "元"),
};
static void e_ny002(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		for (size_t v = 0; v < h->vehicles.len; v++) {
			const struct gen_vehicle *veh = &h->vehicles.items[v];
			if (veh->kind != 'M')
				continue;
			struct gen_row w;
			gen_row_begin(&w, b, c, f, veh->owner, (int32_t)k);
			gen_row_id(&w, veh->owner);
			gen_row_text(&w, "联合收割机");
			gen_row_date(&w, when(c, veh->bought_t, 3));
			gen_row_money(&w, veh->value_fen);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_ny003[] = {
	F("户主身份证号", "id", ""),
	F("纳入日期", "date", ""),
	F("风险类型", "text", "因病/因灾/因学/缺劳力"),
};
static void e_ny003(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		if (h->urban || h->tier > 0)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, h->first, (int32_t)k);
		gen_row_id(&w, h->first);
		gen_row_date(&w, tday(c, 0, 0) - (int)(pick(b, k, 17) % 700));
		gen_row_text(&w, h->disaster_t != GEN_NONE_T ? "因灾"
		                 : pick(b, k, 18) % 2        ? "因病"
		                                             : "缺劳力");
		gen_row_end(&w);
	}
}

static const struct gen_field f_ny004[] = {
	F("身份证号", "id", ""),
	F("补贴年度", "int", ""),
	F("补贴项目", "text", ""),
	F("补贴金额", "money", "元"),
};
static void e_ny004(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		if (!h->land_mu10)
			continue;
		for (int y = gen_month(c, 0) / 12; y <= gen_month(c, c->months_total - 1) / 12; y++) {
			struct gen_row w;
			gen_row_begin(&w, b, c, f, h->first, (int32_t)k);
			gen_row_id(&w, h->first);
			gen_row_int(&w, y);
			gen_row_text(&w, "耕地地力保护补贴");
			gen_row_money(&w, (int64_t)h->land_mu10 * 1050);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_jt001[] = {
	F("所有人身份证号", "id", ""),
	F("船舶名称", "text", ""),
	F("总吨位", "int", "吨"),
	F("登记日期", "date", ""),
};
static void e_jt001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		if (h->urban || h->tier < 2 || pick(b, k, 19) % 100)
			continue;
		char name[32];
		snprintf(name, sizeof name, "湘渔%04u", (unsigned)(pick(b, k, 20) % 10000));
		struct gen_row w;
		gen_row_begin(&w, b, c, f, h->first, (int32_t)k);
		gen_row_id(&w, h->first);
		gen_row_text(&w, name);
		gen_row_int(&w, (int64_t)(pick(b, k, 21) % 50) + 5);
		gen_row_date(&w, tday(c, 0, 0) - (int)(pick(b, k, 22) % 3000));
		gen_row_end(&w);
	}
}

/* ---- medical insurance, health ---- */
static const struct gen_field f_yb001[] = {
	F("身份证号", "id", ""),
	F("参保类型", "text", "职工医保/居民医保"),
	F("参保年度", "int", ""),
};
static void e_yb001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		for (int y = gen_month(c, 0) / 12; y <= gen_month(c, c->months_total - 1) / 12; y++) {
			struct gen_row w;
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			gen_row_text(&w, p->job == JOB_FORMAL ? "职工医保" : "居民医保");
			gen_row_int(&w, y);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_yb002[] = {
	F("zjhm", "id", "证件号码"), F("ryrq", "date", "入院日期"),  F("cyrq", "date", "出院日期"),
	F("zfy", "money", "总费用"), F("tczf", "money", "统筹支付"), F("grzf", "money", "个人负担"),
};
static void e_yb002(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		const int32_t *oop = gen_item(p, c, MI_MED_OOP);
		FOR_MONTH(t)
		{
			bool inpatient =
			    (p->illness_t != GEN_NONE_T && t >= p->illness_t && t < p->illness_t + 3) ||
			    p->accident_t == t;
			if (!inpatient || !oop[t])
				continue;
			struct gen_row w;
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			gen_row_date(&w, tday(c, t, 2));
			gen_row_date(&w, tday(c, t, 16));
			gen_row_money(&w, (int64_t)oop[t] * 3);
			gen_row_money(&w, (int64_t)oop[t] * 2);
			gen_row_money(&w, oop[t]);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_yb003[] = {
	F("身份证号", "id", ""),
	F("结算日期", "date", ""),
	F("总费用", "money", "元"),
	F("个人负担", "money", "元"),
};
static void e_yb003(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		const int32_t *oop = gen_item(p, c, MI_MED_OOP);
		FOR_MONTH(t)
		{
			bool inpatient =
			    (p->illness_t != GEN_NONE_T && t >= p->illness_t && t < p->illness_t + 3) ||
			    p->accident_t == t;
			if (inpatient || !oop[t])
				continue;
			struct gen_row w;
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			gen_row_date(&w, tday(c, t, 14));
			gen_row_money(&w, (int64_t)oop[t] * 2);
			gen_row_money(&w, oop[t]);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_wj001[] = {
	F("母亲身份证号", "id", ""),
	F("新生儿姓名", "name", ""),
	F("出生日期", "date", ""),
	F("新生儿性别", "text", "男/女"),
};
static void e_wj001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (p->born_t <= 0 || p->rel < REL_CHILD)
			continue;
		/* the mother: the woman of the household who was married at the time */
		int32_t mother = -1;
		for (size_t k = 0; k < b->persons.len && mother < 0; k++) {
			const struct gen_person *m = &b->persons.items[k];
			if (m->hh == p->hh && m->sex == 'F' && m->spouse >= 0 && m->born_t <= p->born_t)
				mother = (int32_t)k;
		}
		if (mother < 0)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, mother);
		gen_row_name(&w, p->name);
		gen_row_date(&w, p->birth);
		gen_row_text(&w, p->sex == 'M' ? "男" : "女");
		gen_row_end(&w);
	}
}

static const struct gen_field f_wj002[] = {
	F("死者身份证号", "id", ""),
	F("死亡日期", "date", ""),
	F("死亡原因分类", "text", ""),
};
static void e_wj002(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (p->death_t == GEN_NONE_T)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_date(&w, tday(c, p->death_t, 1 + (int)(pick(b, i, 6) % 2)));
		gen_row_text(&w,
		             gen_age_at(p->birth, tday(c, p->death_t, 0)) >= 60 ? "循环系统疾病" : "肿瘤");
		gen_row_end(&w);
	}
}

static const struct gen_field f_wj003[] = {
	F("sfzh", "id", "身份证号"),
	F("zdrq", "date", "诊断日期"),
	F("jblb", "text", "疾病类别"),
};
static void e_wj003(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	static const char *kinds[] = { "恶性肿瘤", "尿毒症", "重症精神疾病", "白血病" };
	FOR_PERSON(i, p)
	{
		if (p->illness_t == GEN_NONE_T)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_date(&w, tday(c, p->illness_t, 1));
		gen_row_text(&w, kinds[pick(b, i, 23) % 4]);
		gen_row_end(&w);
	}
}

/* ---- disabled persons' federation, education ---- */
static const struct gen_field f_cl001[] = {
	F("身份证号", "id", ""),
	F("姓名", "name", ""),
	F("残疾类别", "code", "1视力 2听力 3言语 4肢体 5智力 6精神"),
	F("残疾等级", "code", "1-4 级"),
	F("发证日期", "date", ""),
};
static void e_cl001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (!p->disability_grade)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_name(&w, p->name);
		gen_row_int(&w, p->disability_type);
		gen_row_int(&w, p->disability_grade);
		gen_row_date(&w, p->disability_t != GEN_NONE_T
		                     ? tday(c, p->disability_t, 9)
		                     : tday(c, 0, 0) - (int)(pick(b, i, 24) % 3000) - 1);
		gen_row_end(&w);
	}
}

static const struct gen_field f_jy001[] = {
	F("学生身份证号", "id", ""),
	F("学生姓名", "name", ""),
	F("学段", "text", "小学/初中/高中/大学"),
	F("学籍状态", "text", "在读/辍学"),
};
static void e_jy001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (p->job != JOB_STUDENT && p->dropout_t == GEN_NONE_T)
			continue;
		int age = gen_age_at(p->birth, tday(c, 0, 0));
		if (age < 6)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_name(&w, p->name);
		gen_row_text(&w, age < 12 ? "小学" : age < 15 ? "初中" : age < 19 ? "高中" : "大学");
		gen_row_text(&w, p->dropout_t != GEN_NONE_T ? "辍学" : "在读");
		gen_row_end(&w);
	}
}

static const struct gen_field f_jy002[] = {
	F("身份证号", "id", ""),
	F("缴费年月", "month", ""),
	F("缴费金额", "money", "学费住宿费，元"),
	STATUS_FIELD,
};
static void e_jy002(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	monthly_amount(b, c, f, MI_EDU, NULL, false);
}

static const struct gen_field f_jy003[] = {
	F("身份证号", "id", ""),
	F("辍学日期", "date", ""),
};
static void e_jy003(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (p->dropout_t == GEN_NONE_T)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_date(&w, tday(c, p->dropout_t, 6));
		gen_row_end(&w);
	}
}

/* ---- courts, justice ---- */
static const struct gen_field f_fy001[] = {
	F("义务人身份证号", "id", "支付抚养费的一方"),
	F("权利人身份证号", "id", "抚养子女的一方"),
	F("月抚养费", "money", "元"),
	F("判决日期", "date", ""),
};
static void e_fy001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		if (h->maint_from_t == GEN_NONE_T || h->maint_from_t >= c->months_total)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, h->first, (int32_t)k);
		gen_row_id(&w, h->maint_payer);
		gen_row_id(&w, h->first);
		gen_row_money(&w, h->maint_fen);
		gen_row_date(&w, tday(c, h->maint_from_t, 0) - 5);
		gen_row_end(&w);
	}
}

static const struct gen_field f_sf001[] = {
	F("身份证号", "id", ""),
	F("姓名", "name", ""),
	F("入监日期", "date", ""),
	F("刑期届满日期", "date", ""),
};
static void e_sf001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		if (p->prison_from_t == GEN_NONE_T)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_name(&w, p->name);
		gen_row_date(&w, tday(c, p->prison_from_t, 0));
		gen_row_date(&w, tday(c, p->prison_to_t, 0) - 1);
		gen_row_end(&w);
	}
}

/* ---- banks, securities, insurers (quarter ends) ---- */
static void quarterly_balance(struct gen_block *b, const struct gen_ctx *c, uint16_t f, int item,
                              const char *inst)
{
	FOR_PERSON(i, p)
	{
		const int32_t *v = gen_item(p, c, item);
		FOR_MONTH(t)
		{
			if (gen_month(c, t) % 3 != 2 || !v[t])
				continue;
			struct gen_row w;
			gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
			gen_row_id(&w, (int32_t)i);
			if (inst)
				gen_row_text(&w, inst);
			gen_row_month(&w, gen_month(c, t));
			gen_row_money(&w, v[t]);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_yh001[] = {
	F("证件号码", "id", ""),
	F("银行机构代码", "text", ""),
	F("余额年月", "month", "季末"),
	F("月末余额", "money", "各类存款合计，元"),
};
static void e_yh001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	quarterly_balance(b, c, f, MI_DEPOSIT, "C1055143000010");
}

static const struct gen_field f_zq001[] = {
	F("投资者证件号码", "id", ""),
	F("统计年月", "month", "季末"),
	F("账户市值", "money", "元"),
};
static void e_zq001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	quarterly_balance(b, c, f, MI_SECURITIES, NULL);
}

static const struct gen_field f_bx001[] = {
	F("tbrzjhm", "id", "投保人证件号码"),
	F("tjny", "month", "统计年月"),
	F("xjjz", "money", "现金价值"),
};
static void e_bx001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	quarterly_balance(b, c, f, MI_INSURANCE, NULL);
}

/* ---- power grid, emergency management ---- */
static const struct gen_field f_dw001[] = {
	F("户主身份证号", "id", "用电户主"), F("用电户号", "text", ""),    F("抄表年月", "month", ""),
	F("用电量", "int", "千瓦时"),        F("欠费金额", "money", "元"),
};
static void e_dw001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		char acct[24];
		snprintf(acct, sizeof acct, "43%s", h->key + 6);
		FOR_MONTH(t)
		{
			int mon = gen_month(c, t) % 12 + 1;
			double season = (mon >= 6 && mon <= 9) || mon <= 2 ? 1.5 : 1.0;
			struct gen_row w;
			gen_row_begin(&w, b, c, f, h->first, (int32_t)k);
			gen_row_id(&w, h->first);
			gen_row_text(&w, acct);
			gen_row_month(&w, gen_month(c, t));
			gen_row_int(&w, (int64_t)(h->kwh * season));
			gen_row_money(&w, h->tier == 0 && (pick(b, k * 100 + (size_t)t, 25) % 10) == 0 ? 5000
			                                                                               : 0);
			gen_row_end(&w);
		}
	}
}

static const struct gen_field f_yj001[] = {
	F("hzsfzh", "id", "户主身份证号"),
	F("zqlx", "text", "灾情类型"),
	F("zqrq", "date", "受灾日期"),
	F("ssje", "money", "直接经济损失"),
};
static void e_yj001(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_HOUSEHOLD(k, h)
	{
		if (h->disaster_t == GEN_NONE_T)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, h->first, (int32_t)k);
		gen_row_id(&w, h->first);
		gen_row_text(&w, "洪涝");
		gen_row_date(&w, tday(c, h->disaster_t, 7));
		gen_row_money(&w, (int64_t)(pick(b, k, 26) % 30000 + 2000) * 100);
		gen_row_end(&w);
	}
}

static const struct gen_field f_ny005[] = {
	F("身份证号", "id", "经营者"),
	F("核定年月", "month", ""),
	F("经营纯收入", "money", "种养殖收入扣除成本，元"),
	STATUS_FIELD,
};
static void e_ny005(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	monthly_amount(b, c, f, MI_FARM, NULL, false);
}

static const struct gen_field f_mz005[] = {
	F("身份证号", "id", ""),
	F("评估日期", "date", ""),
	F("自理能力", "text", "完全自理/部分自理/完全不能自理"),
};
static void e_mz005(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	static const char *levels[] = { "完全自理", "部分自理", "完全不能自理" };
	FOR_PERSON(i, p)
	{
		/* assessed: everyone 80 or older, and everyone with a severe disability */
		bool severe = p->disability_grade && p->disability_grade <= 2;
		if (gen_age(p, c, 0) < 80 && !severe && !p->selfcare)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_date(&w, tday(c, 0, 0) - 30 - (int)(pick(b, i, 27) % 300));
		gen_row_text(&w, levels[p->selfcare]);
		gen_row_end(&w);
	}
}

static const struct gen_field f_mz006[] = {
	F("身份证号", "id", "被赡养人"),
	F("调查日期", "date", ""),
	F("赡养能力", "text", "有赡养能力人/无赡养能力人：户外是否有能够履行赡养义务的子女"),
};
static void e_mz006(struct gen_block *b, const struct gen_ctx *c, uint16_t f)
{
	FOR_PERSON(i, p)
	{
		/* surveyed: everyone 60 or older by the last month (the destitute test asks about
		 * supporters from 60 on) */
		if (gen_age(p, c, c->months_total - 1) < 60)
			continue;
		struct gen_row w;
		gen_row_begin(&w, b, c, f, (int32_t)i, p->hh);
		gen_row_id(&w, (int32_t)i);
		gen_row_date(&w, tday(c, 0, 0) - 60 - (int)(pick(b, i, 28) % 300));
		gen_row_text(&w, p->supporter_outside ? "有赡养能力人" : "无赡养能力人");
		gen_row_end(&w);
	}
}

#define R(code, name, dc, dept, fmt, cycle, share, key, abstract, style, fields, emit)              \
	{                                                                                           \
		code, name, dc, dept, fmt, cycle, share, key, abstract, style, FIELDS(fields), emit \
	}

const struct gen_resource gen_resources[] = {
	R("43GA001", "户籍人口信息", "GA", "省公安厅", FMT_CSV_UTF8, "每日", "有条件", "公民身份号码",
	  "户籍人口基本信息及户内关系", '-', f_ga001, e_ga001),
	R("43GA002", "户籍变动信息", "GA", "省公安厅", FMT_CSV_UTF8, "实时", "有条件", "证件号码",
	  "出生登记、死亡注销、迁出", '0', f_ga002, e_ga002),
	R("43GA003", "机动车登记信息", "GA", "省公安厅", FMT_CSV_GB18030, "每日", "有条件", "号牌号码",
	  "机动车所有人及车辆", '/', f_ga003, e_ga003),
	R("43MZ001", "婚姻登记信息", "MZ", "省民政厅", FMT_CSV_UTF8, "每日", "有条件", "男方身份证号",
	  "结婚、离婚登记", '-', f_mz001, e_mz001),
	R("43MZ002", "殡葬火化信息", "MZ", "省民政厅", FMT_CSV_GB18030, "每日", "有条件", "逝者身份证号",
	  "遗体火化记录", '-', f_mz002, e_mz002),
	R("43MZ003", "社会救助发放信息", "MZ", "省民政厅", FMT_CSV_UTF8, "每月", "有条件", "身份证号",
	  "已享受的临时救助", '-', f_mz003, e_mz003),
	R("43MZ004", "残疾人两项补贴发放", "MZ", "省民政厅", FMT_CSV_UTF8, "每月", "有条件", "身份证号",
	  "困难残疾人生活补贴和重度残疾人护理补贴", '0', f_mz004, e_mz004),
	R("43RS001", "社会保险缴费信息", "RS", "省人力资源和社会保障厅", FMT_CSV_UTF8, "每月", "有条件",
	  "公民身份号码", "职工社会保险个人缴费", '-', f_rs001, e_rs001),
	R("43RS002", "企业职工养老金发放", "RS", "省人力资源和社会保障厅", FMT_CSV_UTF8, "每月", "有条件",
	  "身份证号码", "基本养老金发放", '0', f_rs002, e_rs002),
	R("43RS003", "城乡居民养老保险待遇", "RS", "省人力资源和社会保障厅", FMT_CSV_GB18030, "每月",
	  "有条件", "身份证号", "城乡居民基本养老金", '0', f_rs003, e_rs003),
	R("43RS004", "失业登记信息", "RS", "省人力资源和社会保障厅", FMT_CSV_UTF8, "每日", "有条件",
	  "身份证号", "失业登记与终止", '-', f_rs004, e_rs004),
	R("43RS005", "失业保险金发放", "RS", "省人力资源和社会保障厅", FMT_CSV_UTF8, "每月", "有条件",
	  "身份证号", "失业保险金", '-', f_rs005, e_rs005),
	R("43RS006", "就业登记信息", "RS", "省人力资源和社会保障厅", FMT_JSONL, "每日", "有条件", "sfzh",
	  "用人单位就业登记", '-', f_rs006, e_rs006),
	R("43RS007", "灵活就业人员收入申报", "RS", "省人力资源和社会保障厅", FMT_CSV_UTF8, "每月", "有条件",
	  "身份证号", "灵活就业人员月收入", '-', f_rs007, e_rs007),
	R("43RS008", "工伤认定信息", "RS", "省人力资源和社会保障厅", FMT_CSV_UTF8, "每日", "有条件",
	  "职工身份证号", "工伤认定", '/', f_rs008, e_rs008),
	R("43SW001", "个人所得税明细", "SW", "省税务局", FMT_CSV_UTF8, "每月", "有条件", "纳税人识别号",
	  "工资薪金所得及已缴税额", '0', f_sw001, e_sw001),
	R("43SW002", "个体经营纳税信息", "SW", "省税务局", FMT_CSV_UTF8, "每月", "有条件", "纳税人识别号",
	  "个体工商户经营所得", '0', f_sw002, e_sw002),
	R("43ZR001", "不动产登记信息", "ZR", "省自然资源厅", FMT_CSV_GB18030, "每日", "有条件",
	  "不动产单元号", "房屋所有权登记", '-', f_zr001, e_zr001),
	R("43ZJ001", "公共租赁住房保障信息", "ZJ", "省住房和城乡建设厅", FMT_CSV_UTF8, "每月", "有条件",
	  "承租人身份证号", "公租房承租", '-', f_zj001, e_zj001),
	R("43ZJ002", "农村危房鉴定信息", "ZJ", "省住房和城乡建设厅", FMT_CSV_UTF8, "每月", "无条件",
	  "户主身份证号", "农村房屋安全鉴定", '-', f_zj002, e_zj002),
	R("43GJ001", "住房公积金缴存信息", "GJ", "省住房公积金管理中心", FMT_CSV_UTF8, "每月", "有条件",
	  "个人证件号码", "公积金月缴存", '-', f_gj001, e_gj001),
	R("43SC001", "企业登记人员信息", "SC", "省市场监督管理局", FMT_JSONL, "每日", "无条件", "zjhm",
	  "法定代表人、股东、监事", '-', f_sc001, e_sc001),
	R("43SC002", "个体工商户登记信息", "SC", "省市场监督管理局", FMT_CSV_UTF8, "每日", "无条件", "注册号",
	  "个体工商户经营者", '-', f_sc002, e_sc002),
	R("43NY001", "农村土地承包经营权信息", "NY", "省农业农村厅", FMT_CSV_GB18030, "每年", "有条件",
	  "承包方代表身份证号", "家庭承包耕地", '-', f_ny001, e_ny001),
	R("43NY002", "农业机械登记信息", "NY", "省农业农村厅", FMT_CSV_UTF8, "每日", "有条件",
	  "所有人身份证号", "大型农业机械", '-', f_ny002, e_ny002),
	R("43NY003", "防止返贫监测对象信息", "NY", "省农业农村厅", FMT_CSV_UTF8, "每月", "有条件",
	  "户主身份证号", "监测对象及风险类型", '-', f_ny003, e_ny003),
	R("43NY004", "农业补贴发放信息", "NY", "省农业农村厅", FMT_CSV_UTF8, "每年", "有条件", "身份证号",
	  "耕地地力保护补贴", '-', f_ny004, e_ny004),
	R("43JT001", "船舶登记信息", "JT", "省交通运输厅", FMT_CSV_UTF8, "每日", "有条件", "所有人身份证号",
	  "渔船及运输船舶", '-', f_jt001, e_jt001),
	R("43YB001", "医疗保险参保信息", "YB", "省医疗保障局", FMT_CSV_UTF8, "每年", "有条件", "身份证号",
	  "基本医疗保险参保", '-', f_yb001, e_yb001),
	R("43YB002", "住院结算信息", "YB", "省医疗保障局", FMT_JSONL, "每日", "有条件", "zjhm",
	  "住院费用结算", '0', f_yb002, e_yb002),
	R("43YB003", "门诊结算信息", "YB", "省医疗保障局", FMT_CSV_UTF8, "每日", "有条件", "身份证号",
	  "门诊慢特病费用结算", '-', f_yb003, e_yb003),
	R("43WJ001", "出生医学证明信息", "WJ", "省卫生健康委员会", FMT_CSV_UTF8, "每日", "有条件",
	  "母亲身份证号", "新生儿出生", '-', f_wj001, e_wj001),
	R("43WJ002", "死亡医学证明信息", "WJ", "省卫生健康委员会", FMT_CSV_UTF8, "每日", "有条件",
	  "死者身份证号", "死亡医学证明", '-', f_wj002, e_wj002),
	R("43WJ003", "重大疾病诊断信息", "WJ", "省卫生健康委员会", FMT_JSONL, "每日", "有条件", "sfzh",
	  "重特大疾病诊断", '-', f_wj003, e_wj003),
	R("43CL001", "残疾人证信息", "CL", "省残疾人联合会", FMT_CSV_GB18030, "每日", "有条件", "身份证号",
	  "第二代残疾人证", '-', f_cl001, e_cl001),
	R("43JY001", "学生学籍信息", "JY", "省教育厅", FMT_CSV_UTF8, "每学期", "有条件", "学生身份证号",
	  "在校学生学籍", '-', f_jy001, e_jy001),
	R("43JY002", "学生缴费信息", "JY", "省教育厅", FMT_CSV_UTF8, "每学期", "有条件", "身份证号",
	  "学费住宿费缴纳", '-', f_jy002, e_jy002),
	R("43JY003", "辍学学生信息", "JY", "省教育厅", FMT_CSV_UTF8, "每月", "有条件", "身份证号", "控辍保学",
	  '0', f_jy003, e_jy003),
	R("43FY001", "抚养费判决信息", "FY", "省高级人民法院", FMT_CSV_UTF8, "每月", "有条件",
	  "义务人身份证号", "离婚案件子女抚养费", '-', f_fy001, e_fy001),
	R("43SF001", "服刑人员信息", "SF", "省司法厅", FMT_CSV_UTF8, "每日", "有条件", "身份证号",
	  "在押服刑人员", '-', f_sf001, e_sf001),
	R("43YH001", "个人存款余额信息", "YH", "人民银行湖南省分行", FMT_CSV_UTF8, "每季", "有条件",
	  "证件号码", "个人各类存款季末余额", '-', f_yh001, e_yh001),
	R("43ZQ001", "证券账户市值信息", "ZQ", "湖南证监局", FMT_CSV_UTF8, "每季", "有条件", "投资者证件号码",
	  "证券账户季末市值", '-', f_zq001, e_zq001),
	R("43BX001", "保险产品现金价值信息", "BX", "湖南金融监管局", FMT_JSONL, "每季", "有条件", "tbrzjhm",
	  "人身保险现金价值", '0', f_bx001, e_bx001),
	R("43DW001", "居民用电信息", "DW", "国网湖南省电力公司", FMT_CSV_GB18030, "每月", "有条件",
	  "用电户号", "居民月用电量及欠费", '0', f_dw001, e_dw001),
	R("43YJ001", "受灾人员信息", "YJ", "省应急管理厅", FMT_JSONL, "实时", "无条件", "hzsfzh",
	  "自然灾害受灾户", '-', f_yj001, e_yj001),
	R("43NY005", "农业经营收入核定信息", "NY", "省农业农村厅", FMT_CSV_UTF8, "每月", "有条件", "身份证号",
	  "农户种养殖经营纯收入核定", '0', f_ny005, e_ny005),
	R("43MZ005", "生活自理能力评估信息", "MZ", "省民政厅", FMT_CSV_UTF8, "每日", "有条件", "身份证号",
	  "老年人和重度残疾人生活自理能力评估", '-', f_mz005, e_mz005),
	R("43MZ006", "赡养能力调查信息", "MZ", "省民政厅", FMT_CSV_UTF8, "每年", "有条件", "身份证号",
	  "60 岁以上老人户外赡养义务人的赡养能力", '-', f_mz006, e_mz006),
};
const size_t gen_nresources = ARRAY_SIZE(gen_resources);

/* For the catalogue: each resource's key fields (what identifies a record for incremental
 * updates) and how its fields become facts about a person, as
 * "kind:person field:period field:amount field:value field;…" (empty parts allowed). */
static const struct gen_meta {
	const char *code, *keys, *facts;
} metas[] = {
	{ "43GA001", "公民身份号码", "register:公民身份号码:::人员状态" },
	{ "43GA002", "证件号码,变动类型,变动日期", "register_change:证件号码:变动日期::变动类型" },
	{ "43GA003", "号牌号码", "vehicle:所有人身份证号:初次登记日期:购车发票价格:车辆类型" },
	{ "43MZ001", "男方身份证号,登记类型,登记日期",
	  "marriage:男方身份证号:登记日期::登记类型;marriage:女方身份证号:登记日期::登记类型" },
	{ "43MZ002", "逝者身份证号", "cremation:逝者身份证号:火化日期::" },
	{ "43MZ003", "身份证号,发放年月,救助类别", "assistance:身份证号:发放年月:发放金额:救助类别" },
	{ "43MZ004", "身份证号,年月", "disability_subsidy:身份证号:年月:金额:补贴类型" },
	{ "43RS001", "公民身份号码,缴费年月", "social_insurance:公民身份号码:缴费年月:个人缴费金额:" },
	{ "43RS002", "身份证号码,发放年月", "employee_pension:身份证号码:发放年月:养老金金额:" },
	{ "43RS003", "身份证号,待遇年月", "basic_pension:身份证号:待遇年月:基础养老金:" },
	{ "43RS004", "身份证号,登记日期", "unemployment_registration:身份证号:登记日期::终止日期" },
	{ "43RS005", "身份证号,发放年月", "unemployment_benefit:身份证号:发放年月:发放金额:" },
	{ "43RS006", "sfzh,dwbh", "employment:sfzh:jyrq::dwbh" },
	{ "43RS007", "身份证号,申报年月", "flexible_income:身份证号:申报年月:月收入:" },
	{ "43RS008", "职工身份证号,认定日期", "work_injury:职工身份证号:认定日期::事故类别" },
	{ "43SW001", "纳税人识别号,所属期",
	  "wage:纳税人识别号:所属期:收入额:;income_tax:纳税人识别号:所属期:已缴税额:" },
	{ "43SW002", "纳税人识别号,所属期", "business_income:纳税人识别号:所属期:经营所得:" },
	{ "43ZR001", "不动产单元号", "real_estate:权利人证件号:登记日期:交易价格:建筑面积" },
	{ "43ZJ001", "承租人身份证号", "public_rental:承租人身份证号:起租日期:月租金:" },
	{ "43ZJ002", "户主身份证号,鉴定日期", "unsafe_dwelling:户主身份证号:鉴定日期::危险等级" },
	{ "43GJ001", "个人证件号码,缴存年月", "provident_fund:个人证件号码:缴存年月:月缴存额:" },
	{ "43SC001", "zjhm,tyshxydm", "company_role:zjhm:rzrq::rylx" },
	{ "43SC002", "注册号", "sole_trader:经营者身份证号:成立日期::经营范围" },
	{ "43NY001", "承包方代表身份证号", "land_contract:承包方代表身份证号:::承包面积" },
	{ "43NY002", "所有人身份证号,登记日期", "farm_machine:所有人身份证号:登记日期:购置价格:机械类型" },
	{ "43NY003", "户主身份证号", "monitoring_target:户主身份证号:纳入日期::风险类型" },
	{ "43NY004", "身份证号,补贴年度", "farm_subsidy:身份证号::补贴金额:补贴年度" },
	{ "43JT001", "船舶名称", "vessel:所有人身份证号:登记日期::总吨位" },
	{ "43YB001", "身份证号,参保年度", "medical_insurance:身份证号:::参保类型" },
	{ "43YB002", "zjhm,ryrq", "inpatient:zjhm:ryrq:grzf:" },
	{ "43YB003", "身份证号,结算日期", "outpatient:身份证号:结算日期:个人负担:" },
	{ "43WJ001", "母亲身份证号,出生日期", "birth_given:母亲身份证号:出生日期::新生儿性别" },
	{ "43WJ002", "死者身份证号", "death:死者身份证号:死亡日期::死亡原因分类" },
	{ "43WJ003", "sfzh,zdrq", "serious_diagnosis:sfzh:zdrq::jblb" },
	{ "43CL001", "身份证号",
	  "disability_type:身份证号:发证日期::残疾类别;disability_grade:身份证号:发证日期::残疾等级" },
	{ "43JY001", "学生身份证号", "school_enrolment:学生身份证号:::学籍状态" },
	{ "43JY002", "身份证号,缴费年月", "school_fees:身份证号:缴费年月:缴费金额:" },
	{ "43JY003", "身份证号", "dropout:身份证号:辍学日期::" },
	{ "43FY001", "义务人身份证号,权利人身份证号",
	  "maintenance_paid:义务人身份证号:判决日期:月抚养费:;maintenance_received:权利人身份证号:判决日期:月抚养费:" },
	{ "43SF001", "身份证号,入监日期", "prison:身份证号:入监日期::刑期届满日期" },
	{ "43YH001", "证件号码,余额年月", "deposits:证件号码:余额年月:月末余额:" },
	{ "43ZQ001", "投资者证件号码,统计年月", "securities:投资者证件号码:统计年月:账户市值:" },
	{ "43BX001", "tbrzjhm,tjny", "insurance_value:tbrzjhm:tjny:xjjz:" },
	{ "43DW001", "用电户号,抄表年月", "electricity:户主身份证号:抄表年月:欠费金额:用电量" },
	{ "43YJ001", "hzsfzh,zqrq", "disaster:hzsfzh:zqrq:ssje:zqlx" },
	{ "43NY005", "身份证号,核定年月", "farm_income:身份证号:核定年月:经营纯收入:" },
	{ "43MZ005", "身份证号", "selfcare:身份证号:评估日期::自理能力" },
	{ "43MZ006", "身份证号", "supporter:身份证号:调查日期::赡养能力" },
};

const char *gen_resource_keys(const struct gen_resource *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(metas); i++)
		if (!strcmp(metas[i].code, r->code))
			return metas[i].keys;
	return r->key;
}

const char *gen_resource_facts(const struct gen_resource *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(metas); i++)
		if (!strcmp(metas[i].code, r->code))
			return metas[i].facts;
	return "";
}

/* The months after the month a record is about in which its department reports it (a lag of 0:
 * within the month) [D]: the registries of persons, vehicles, companies, disasters and civil
 * affairs' own schemes are live; wages, taxes, contributions and flexible work are declared the
 * month after (withholding by the 15th); hospital settlements, deaths' certificates, diagnoses,
 * schooling, housing, deposits and electricity reach the hub the month after; the courts and
 * prisons two months after. Recorded in truth/lags.tsv so that an evaluation can replay what a
 * county knew in each month. */
static const struct {
	const char *code;
	int lag;
} lags[] = {
	{ "43RS001", 1 }, { "43RS006", 1 }, { "43RS007", 1 }, { "43RS008", 1 }, { "43SW001", 1 },
	{ "43SW002", 1 }, { "43ZR001", 1 }, { "43ZJ001", 1 }, { "43ZJ002", 1 }, { "43GJ001", 1 },
	{ "43NY005", 1 }, { "43YB002", 1 }, { "43YB003", 1 }, { "43WJ002", 1 }, { "43WJ003", 1 },
	{ "43JY001", 1 }, { "43JY002", 1 }, { "43JY003", 1 }, { "43YH001", 1 }, { "43ZQ001", 1 },
	{ "43BX001", 1 }, { "43DW001", 1 }, { "43FY001", 2 }, { "43SF001", 2 },
};

bool gen_resource_income(const char *code)
{
	/* the monthly flows of the truth's income and its deductions (truth.c) */
	static const char *const codes[] = { "43SW001", "43SW002", "43RS001", "43RS002", "43RS005",
		                             "43RS007", "43NY005", "43YB002", "43YB003" };
	for (size_t i = 0; i < ARRAY_SIZE(codes); i++)
		if (!strcmp(codes[i], code))
			return true;
	return false;
}

int gen_resource_lag(const char *code)
{
	for (size_t i = 0; i < ARRAY_SIZE(lags); i++)
		if (!strcmp(lags[i].code, code))
			return lags[i].lag;
	return 0;
}

/* the resources whose records first show a shock of truth/shocks.tsv */
static const struct {
	const char *kind, *codes;
} shows[] = {
	{ "death", "43WJ002,43MZ002,43GA002" },
	{ "birth", "43WJ001,43GA002" },
	{ "marriage", "43MZ001" },
	{ "divorce", "43MZ001" },
	{ "prison", "43SF001" },
	{ "retirement", "43GA001" },
	{ "job-loss", "43RS004,43SW001,43RS001" },
	{ "serious-illness", "43WJ003,43YB002" },
	{ "accident", "43YB002" },
	{ "disability", "43CL001" },
	{ "dropout", "43JY003" },
	{ "disaster", "43YJ001" },
	{ "vehicle", "43GA003" },
	{ "home", "43ZR001" },
	{ "company-role", "43SC001" },
};

int gen_shock_lag(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(shows); i++) {
		if (strcmp(shows[i].kind, kind))
			continue;
		int best = 99;
		for (const char *p = shows[i].codes; *p;) {
			char code[8];
			snprintf(code, sizeof code, "%.7s", p);
			int lag = gen_resource_lag(code);
			best = lag < best ? lag : best;
			p += strlen(code);
			p += *p == ',';
		}
		return best;
	}
	return 0;
}
