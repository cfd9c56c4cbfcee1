/* names.c: plausible Chinese names, and the variants departments' records show (homophones,
 * traditional characters, full-width and extra spaces). Surname weights follow the published
 * national frequency ranking; Hunan's list differs only in order. */
#include "gen/gen_int.h"

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐",   "孙", "马", "朱", "胡",
	"郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许",   "韩", "冯", "邓", "曹",
	"彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余",   "杜", "叶", "程", "苏",
	"魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",   "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊",   "秦", "邱", "江", "尹",
	"薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾",   "毛", "郝", "龚", "邵",
	"万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤", "欧阳",
};

static const char *const male_chars[] = {
	"伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫",
	"波", "宇", "浩", "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "洋", "建", "国", "志", "文",
	"德", "海", "军", "红", "春", "忠", "湘", "湘", "安", "福", "荣", "贵", "生", "金", "峰", "亮",
};

static const char *const female_chars[] = {
	"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "桂", "英", "秀", "兰", "萍", "婷", "雪",
	"琳", "洁", "梅", "红", "莉", "欣", "倩", "颖", "慧", "佳", "琴", "云", "凤", "珍", "玉", "湘", "丹",
	"淑", "华", "月", "春", "晶", "妍", "蓉", "菊", "莲", "媛", "萱", "怡", "琪", "璐", "雯", "瑶",
};

/* weights fall off with rank, roughly like the real distribution */
const char *gen_surname(struct rng *r)
{
	size_t n = ARRAY_SIZE(surnames);
	/* rank ~ n * u^2 favours the common names */
	double u = rng_unit(r);
	size_t i = (size_t)((double)n * u * u);
	return surnames[i < n ? i : n - 1];
}

void gen_name(struct rng *r, char sex, const char *surname, char out[40])
{
	const char *const *chars = sex == 'M' ? male_chars : female_chars;
	size_t n = sex == 'M' ? ARRAY_SIZE(male_chars) : ARRAY_SIZE(female_chars);
	const char *a = chars[rng_below(r, n)];
	if (rng_chance(r, 0.3)) {
		snprintf(out, 40, "%s%s", surname, a);
	} else {
		const char *b = chars[rng_below(r, n)];
		snprintf(out, 40, "%s%s%s", surname, a, b);
	}
}

/* pairs: a character and a homophone clerks type by mistake, or its traditional form */
static const char *const homophones[][2] = {
	{ "伟", "玮" }, { "丽", "莉" }, { "静", "婧" }, { "敏", "民" }, { "杰", "洁" }, { "华", "桦" },
	{ "红", "虹" }, { "林", "琳" }, { "明", "铭" }, { "芳", "方" }, { "军", "君" }, { "平", "萍" },
	{ "英", "瑛" }, { "春", "椿" }, { "玲", "铃" }, { "斌", "彬" }, { "涛", "韬" }, { "云", "芸" },
};
static const char *const traditional[][2] = {
	{ "张", "張" }, { "陈", "陳" }, { "刘", "劉" }, { "杨", "楊" }, { "黄", "黃" }, { "赵", "趙" },
	{ "吴", "吳" }, { "孙", "孫" }, { "马", "馬" }, { "郑", "鄭" }, { "冯", "馮" }, { "邓", "鄧" },
	{ "华", "華" }, { "伟", "偉" }, { "丽", "麗" }, { "红", "紅" }, { "军", "軍" }, { "国", "國" },
	{ "云", "雲" }, { "凤", "鳳" }, { "兰", "蘭" }, { "龙", "龍" }, { "飞", "飛" }, { "辉", "輝" },
};

static bool replace_first(const char *name, const char *const table[][2], size_t n, char out[64])
{
	for (size_t i = 0; i < n; i++) {
		const char *at = strstr(name, table[i][0]);
		if (!at)
			continue;
		size_t pre = (size_t)(at - name), from = strlen(table[i][0]);
		snprintf(out, 64, "%.*s%s%s", (int)pre, name, table[i][1], at + from);
		return true;
	}
	return false;
}

const char *gen_name_variant(struct rng *r, const char *name, char out[64])
{
	switch (rng_below(r, 4)) {
	case 0:
		if (replace_first(name, homophones, ARRAY_SIZE(homophones), out))
			return "name-homophone";
		break;
	case 1:
		if (replace_first(name, traditional, ARRAY_SIZE(traditional), out))
			return "name-traditional";
		break;
	case 2: {
		/* a full-width space after the surname (first character, 3 bytes) */
		snprintf(out, 64, "%.3s\u3000%s", name, name + 3);
		return "name-fullwidth-space";
	}
	default:
		break;
	}
	snprintf(out, 64, " %s ", name);
	return "name-extra-spaces";
}
