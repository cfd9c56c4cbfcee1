/* name.c: names as linkage compares them: normalised (full-width to half-width, spaces
 * removed, traditional to simplified with OpenCC, one character at a time and remembered), and
 * keyed by their toneless Mandarin reading so that a homophone typed for a character still
 * finds the person. */
#include <opencc/opencc.h>

#include "base/embedded.h"
#include "base/mem.h"
#include "link/link.h"

static opencc_t t2s = (opencc_t)-1;
static bool t2s_tried;
static struct hmap simplified; /* code point -> simplified code point */
static struct hmap readings;   /* code point -> offset of its reading in the embedded table */
static bool readings_loaded, maps_ready;

static void maps_init(void)
{
	if (maps_ready)
		return;
	hmap_init(&simplified);
	hmap_init(&readings);
	maps_ready = true;
}

/* one code point from s[0..n), or -1 for a broken sequence; *len gets its length */
static int32_t utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	int k = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (!k || (size_t)k > n) {
		*len = 1;
		return -1;
	}
	int32_t c = s[0] & (0x7F >> k);
	for (int i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = 1;
			return -1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*len = (size_t)k;
	return c;
}

static size_t utf8_encode(int32_t c, char out[4])
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

static bool is_han(int32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2FFFF);
}

/* the simplified form of one Han character, asked of OpenCC once per character */
static int32_t simplify(int32_t c)
{
	uint64_t v;
	maps_init();
	if (hmap_get(&simplified, &c, sizeof c, &v))
		return (int32_t)v;
	if (!t2s_tried) {
		t2s_tried = true;
		t2s = opencc_open("t2s.json");
	}
	int32_t r = c;
	if (t2s != (opencc_t)-1) {
		char in[5], out[32];
		size_t n = utf8_encode(c, in);
		in[n] = '\0';
		size_t m = opencc_convert_utf8_to_buffer(t2s, in, n, out);
		size_t len;
		if (m != (size_t)-1 && m > 0 && m < sizeof out) {
			int32_t d = utf8_decode((const unsigned char *)out, m, &len);
			if (d > 0 && len == m)
				r = d;
		}
	}
	hmap_put(&simplified, &c, sizeof c, (uint64_t)r);
	return r;
}

size_t lk_name_normalize(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (n > 0) {
		size_t len;
		int32_t c = utf8_decode(p, n, &len);
		p += len;
		n -= len;
		if (c < 0 || c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 || c == '\r' || c == '\n')
			continue;
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0; /* full-width ASCII */
		if (c == 0x30FB || c == 0xFF65 || c == 0x2022 || c == '.')
			c = 0xB7; /* the middle dot of minority names, however typed */
		if (is_han(c))
			c = simplify(c);
		char tmp[4];
		size_t k = utf8_encode(c, tmp);
		if (o + k + 1 > cap)
			break;
		memcpy(out + o, tmp, k);
		o += k;
	}
	if (cap)
		out[o] = '\0';
	return o;
}

static void load_readings(void)
{
	maps_init();
	readings_loaded = true;
	struct embedded_file f = embedded_pinyin();
	const char *p = f.data, *end = f.data + f.len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		const char *tab = memchr(p, '\t', (size_t)(nl - p));
		if (tab) {
			size_t len;
			int32_t c = utf8_decode((const unsigned char *)p, (size_t)(tab - p), &len);
			if (c > 0)
				hmap_put(&readings, &c, sizeof c, (uint64_t)(tab + 1 - f.data));
		}
		p = nl + 1;
	}
}

uint64_t lk_name_pinyin_key(const char *name)
{
	if (!readings_loaded)
		load_readings();
	struct embedded_file f = embedded_pinyin();
	uint64_t h = 1469598103934665603ULL;
	const unsigned char *p = (const unsigned char *)name;
	size_t n = strlen(name);
	while (n > 0) {
		size_t len;
		int32_t c = utf8_decode(p, n, &len);
		uint64_t off;
		if (c > 0 && hmap_get(&readings, &c, sizeof c, &off)) {
			for (const char *r = f.data + off; r < f.data + f.len && *r != '\n'; r++)
				h = (h ^ (unsigned char)*r) * 1099511628211ULL;
		} else {
			for (size_t i = 0; i < len; i++)
				h = (h ^ p[i]) * 1099511628211ULL;
		}
		h = (h ^ ' ') * 1099511628211ULL;
		p += len;
		n -= len;
	}
	return h;
}

void lk_names_shutdown(void)
{
	if (t2s != (opencc_t)-1)
		opencc_close(t2s);
	t2s = (opencc_t)-1;
	t2s_tried = false;
	if (maps_ready) {
		hmap_release(&simplified);
		hmap_release(&readings);
	}
	maps_ready = readings_loaded = false;
}
