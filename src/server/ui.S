/* ui.S: the web UI's static files (ui/), and ECharts from its npm package, in the binary's
 * read-only data. */
	.section .rodata
	.balign 16
	.global sv_ui_index_html
	.global sv_ui_index_html_end
sv_ui_index_html:
	.incbin "index.html"
sv_ui_index_html_end:
	.byte 0

	.balign 16
	.global sv_ui_app_js
	.global sv_ui_app_js_end
sv_ui_app_js:
	.incbin "app.js"
sv_ui_app_js_end:
	.byte 0

	.balign 16
	.global sv_ui_cases_js
	.global sv_ui_cases_js_end
sv_ui_cases_js:
	.incbin "cases.js"
sv_ui_cases_js_end:
	.byte 0

	.balign 16
	.global sv_ui_users_js
	.global sv_ui_users_js_end
sv_ui_users_js:
	.incbin "users.js"
sv_ui_users_js_end:
	.byte 0

	.balign 16
	.global sv_ui_share_js
	.global sv_ui_share_js_end
sv_ui_share_js:
	.incbin "share.js"
sv_ui_share_js_end:
	.byte 0

	.balign 16
	.global sv_ui_upload_js
	.global sv_ui_upload_js_end
sv_ui_upload_js:
	.incbin "upload.js"
sv_ui_upload_js_end:
	.byte 0

	.balign 16
	.global sv_ui_app_css
	.global sv_ui_app_css_end
sv_ui_app_css:
	.incbin "app.css"
sv_ui_app_css_end:
	.byte 0

	.balign 16
	.global sv_ui_echarts_js
	.global sv_ui_echarts_js_end
sv_ui_echarts_js:
	.incbin "echarts.min.js"
sv_ui_echarts_js_end:
	.byte 0

	.section .note.GNU-stack,"",@progbits
