/* http_tls.c: HTTPS. `serve --tls-cert FILE --tls-key FILE` reads the certificate (chain) and its
 * private key, both PEM, into memory for libmicrohttpd (Debian's is built with GnuTLS:
 * MHD_USE_TLS with MHD_OPTION_HTTPS_MEM_CERT and _KEY); the key's copy is wiped when the server
 * stops. With TLS on, the session cookie is Secure and a login's Origin must be https. */
#include <sodium.h>

#include "server/http_int.h"

enum { PEM_MAX = 1 << 20 };

static int read_pem(struct buf *b, const char *path, const char *what, struct error *e)
{
	buf_init(b, PEM_MAX);
	int rc = buf_read_file(b, path);
	if (rc == ERR_TOOBIG)
		return error_set(e, rc, "%s %s 过大（1 MB 以内）", "the %s %s is too large (1 MB at most)",
		                 what, path);
	if (rc)
		return error_set(e, ERR_IO, "无法读取%s %s：%s", "cannot read the %s %s: %s", what, path,
		                 strerror(errno));
	if (!strstr(buf_cstr(b), "-----BEGIN "))
		return error_set(e, ERR_INVAL, "%s %s 不是 PEM 格式", "the %s %s is not PEM", what, path);
	return 0;
}

int http_tls_load(const struct server_options *o, struct http_tls *t, struct error *e)
{
	memset(t, 0, sizeof *t);
	t->opts[0].option = MHD_OPTION_END;
	if (!o->tls_cert && !o->tls_key)
		return 0;
	if (!o->tls_cert || !o->tls_key)
		return error_set(e, ERR_INVAL, "--tls-cert 与 --tls-key 须一同给出",
		                 "--tls-cert and --tls-key go together");
	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
		return error_set(e, ERR_INVAL, "此 libmicrohttpd 不支持 TLS",
		                 "this libmicrohttpd has no TLS");
	int rc = read_pem(&t->cert, o->tls_cert, L("证书", "certificate"), e);
	if (!rc)
		rc = read_pem(&t->key, o->tls_key, L("私钥", "private key"), e);
	if (rc) {
		http_tls_release(t);
		return rc;
	}
	t->on = true;
	t->opts[0] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)buf_cstr(&t->cert) };
	t->opts[1] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)buf_cstr(&t->key) };
	t->opts[2] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	return 0;
}

void http_tls_release(struct http_tls *t)
{
	if (t->key.data)
		sodium_memzero(t->key.data, t->key.len);
	buf_release(&t->key);
	buf_release(&t->cert);
	t->on = false;
	t->opts[0].option = MHD_OPTION_END;
}
