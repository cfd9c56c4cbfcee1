/* embedded.S: places the committed data files into the binary's read-only data. */
	.section .rodata
	.balign 16
	.global safetynet_regions_tsv
	.global safetynet_regions_tsv_end
safetynet_regions_tsv:
	.incbin "regions-43.tsv"
safetynet_regions_tsv_end:
	.byte 0

	.balign 16
	.global safetynet_holidays_tsv
	.global safetynet_holidays_tsv_end
safetynet_holidays_tsv:
	.incbin "holidays.tsv"
safetynet_holidays_tsv_end:
	.byte 0

	.balign 16
	.global safetynet_policy_params_tsv
	.global safetynet_policy_params_tsv_end
safetynet_policy_params_tsv:
	.incbin "policy-params.tsv"
safetynet_policy_params_tsv_end:
	.byte 0

	.balign 16
	.global safetynet_pinyin_tsv
	.global safetynet_pinyin_tsv_end
safetynet_pinyin_tsv:
	.incbin "pinyin.tsv"
safetynet_pinyin_tsv_end:
	.byte 0

	.section .note.GNU-stack,"",@progbits
