/* embedded.S: places the committed data files, and the shipped policy's rule files, into the
 * binary's read-only data. */
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

	.balign 16
	.global safetynet_policy_dibao
	.global safetynet_policy_dibao_end
safetynet_policy_dibao:
	.incbin "dibao.rules"
safetynet_policy_dibao_end:
	.byte 0

	.balign 16
	.global safetynet_policy_tekun
	.global safetynet_policy_tekun_end
safetynet_policy_tekun:
	.incbin "tekun.rules"
safetynet_policy_tekun_end:
	.byte 0

	.balign 16
	.global safetynet_policy_marginal
	.global safetynet_policy_marginal_end
safetynet_policy_marginal:
	.incbin "marginal.rules"
safetynet_policy_marginal_end:
	.byte 0

	.balign 16
	.global safetynet_policy_rigid
	.global safetynet_policy_rigid_end
safetynet_policy_rigid:
	.incbin "rigid.rules"
safetynet_policy_rigid_end:
	.byte 0

	.balign 16
	.global safetynet_policy_temp_aid
	.global safetynet_policy_temp_aid_end
safetynet_policy_temp_aid:
	.incbin "temp-aid.rules"
safetynet_policy_temp_aid_end:
	.byte 0

	.balign 16
	.global safetynet_policy_monitor
	.global safetynet_policy_monitor_end
safetynet_policy_monitor:
	.incbin "monitor/indicators.rules"
safetynet_policy_monitor_end:
	.byte 0

	.section .note.GNU-stack,"",@progbits
