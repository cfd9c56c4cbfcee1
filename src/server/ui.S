/* ui.S: the web UI's static files (ui/), and ECharts from its npm package, in the binary's
 * read-only data. */
	.section .rodata
	.balign 16
	.global server_ui_index_html
	.global server_ui_index_html_end
server_ui_index_html:
	.incbin "index.html"
server_ui_index_html_end:
	.byte 0

	.balign 16
	.global server_ui_app_js
	.global server_ui_app_js_end
server_ui_app_js:
	.incbin "app.js"
server_ui_app_js_end:
	.byte 0

	.balign 16
	.global server_ui_cases_js
	.global server_ui_cases_js_end
server_ui_cases_js:
	.incbin "cases.js"
server_ui_cases_js_end:
	.byte 0

	.balign 16
	.global server_ui_users_js
	.global server_ui_users_js_end
server_ui_users_js:
	.incbin "users.js"
server_ui_users_js_end:
	.byte 0

	.balign 16
	.global server_ui_share_js
	.global server_ui_share_js_end
server_ui_share_js:
	.incbin "share.js"
server_ui_share_js_end:
	.byte 0

	.balign 16
	.global server_ui_upload_js
	.global server_ui_upload_js_end
server_ui_upload_js:
	.incbin "upload.js"
server_ui_upload_js_end:
	.byte 0

	.balign 16
	.global server_ui_monitor_js
	.global server_ui_monitor_js_end
server_ui_monitor_js:
	.incbin "monitor.js"
server_ui_monitor_js_end:
	.byte 0

	.balign 16
	.global server_ui_app_css
	.global server_ui_app_css_end
server_ui_app_css:
	.incbin "app.css"
server_ui_app_css_end:
	.byte 0

	.balign 16
	.global server_ui_echarts_js
	.global server_ui_echarts_js_end
server_ui_echarts_js:
	.incbin "echarts.min.js"
server_ui_echarts_js_end:
	.byte 0

	.section .note.GNU-stack,"",@progbits
