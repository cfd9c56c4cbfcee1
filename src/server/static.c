/* static.c: the web UI's files, built into the binary (ui.S): looked up by exact path, so no
 * request can name a file outside the table. */
#include "server/static.h"

extern const char server_ui_index_html[], server_ui_index_html_end[], server_ui_app_js[],
    server_ui_app_js_end[], server_ui_cases_js[], server_ui_cases_js_end[], server_ui_users_js[],
    server_ui_users_js_end[], server_ui_share_js[], server_ui_share_js_end[], server_ui_upload_js[],
    server_ui_upload_js_end[], server_ui_monitor_js[], server_ui_monitor_js_end[], server_ui_app_css[],
    server_ui_app_css_end[], server_ui_echarts_js[], server_ui_echarts_js_end[];

int server_static(const char *path, struct server_static_file *out)
{
	static const struct {
		const char *path, *type;
		const char *start, *end;
	} files[] = {
		{ "/", "text/html; charset=utf-8", server_ui_index_html, server_ui_index_html_end },
		{ "/index.html", "text/html; charset=utf-8", server_ui_index_html, server_ui_index_html_end },
		{ "/app.js", "text/javascript; charset=utf-8", server_ui_app_js, server_ui_app_js_end },
		{ "/cases.js", "text/javascript; charset=utf-8", server_ui_cases_js, server_ui_cases_js_end },
		{ "/users.js", "text/javascript; charset=utf-8", server_ui_users_js, server_ui_users_js_end },
		{ "/share.js", "text/javascript; charset=utf-8", server_ui_share_js, server_ui_share_js_end },
		{ "/upload.js", "text/javascript; charset=utf-8", server_ui_upload_js,
		  server_ui_upload_js_end },
		{ "/monitor.js", "text/javascript; charset=utf-8", server_ui_monitor_js,
		  server_ui_monitor_js_end },
		{ "/app.css", "text/css; charset=utf-8", server_ui_app_css, server_ui_app_css_end },
		{ "/echarts.min.js", "text/javascript; charset=utf-8", server_ui_echarts_js,
		  server_ui_echarts_js_end },
	};
	for (size_t i = 0; i < ARRAY_SIZE(files); i++)
		if (!strcmp(path, files[i].path)) {
			out->data = files[i].start;
			out->len = (size_t)(files[i].end - files[i].start);
			out->type = files[i].type;
			return 1;
		}
	return 0;
}
