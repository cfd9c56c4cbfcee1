/* cmd_ingest.c: `safetynet ingest --data DIR RESOURCE FILE [--full|--incremental]`: one batch. */
#include "app/app.h"
#include "audit/audit.h"
#include "cmd/cmd.h"
#include "hub/hub_repo.h"

static int run(int argc, char **argv)
{
	const char *data = NULL, *pos[2] = { NULL, NULL };
	enum hub_mode mode = HUB_INCREMENTAL;
	bool link = true, quiet = false;
	int npos = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strcmp(argv[i], "--full"))
			mode = HUB_FULL;
		else if (!strcmp(argv[i], "--incremental"))
			mode = HUB_INCREMENTAL;
		else if (!strcmp(argv[i], "--check-only"))
			mode = HUB_CHECK;
		else if (!strcmp(argv[i], "--no-link"))
			link = false;
		else if (!strcmp(argv[i], "--quiet"))
			quiet = true;
		else if (npos < 2 && argv[i][0] != '-')
			pos[npos++] = argv[i];
		else
			return cmd_usage(&cmd_ingest, "不认识的参数 %s", "an argument not understood: %s",
			                 argv[i]);
	}
	if (!data || npos != 2)
		return cmd_usage(&cmd_ingest, "需要 --data、资源代码和文件",
		                 "needs --data, a resource code and a file");
	struct store *s = NULL;
	struct error e;
	error_clear(&e);
	int rc = cmd_open_data(data, &s, &e);
	/* by the data folder's operator, as the other commands */
	struct app_ingest in = { .datadir = data,
		                 .by = getenv("USER") ? getenv("USER") : "unknown",
		                 .resource = pos[0],
		                 .file = pos[1],
		                 .mode = mode,
		                 .link = link };
	struct progress pg;
	progress_init(&pg, quiet);
	in.progress = &pg;
	if (rc == 0)
		rc = app_ingest(s, &in, &e);
	store_close(s);
	const struct hub_batch_report rep = in.rep;
	const struct lk_run_report lr = in.linked;
	if (rc)
		return cmd_fail(&cmd_ingest, &e);
	if (rep.duplicate) {
		printf(L("该文件已作为批次 %" PRId64 " 入库，未做任何更改\n",
		         "this file was ingested before as batch %" PRId64 "; nothing changed\n"),
		       rep.batch);
		return EXIT_OK;
	}
	const struct hub_db_batch_counts *n = &rep.n;
	if (mode == HUB_CHECK) {
		printf(L("检查（未入库）：读取 %" PRId64 "，合格 %" PRId64 "，拒收 %" PRId64 "\n",
		         "checked (nothing stored): read %" PRId64 ", would accept %" PRId64
		         ", would reject %" PRId64 "\n"),
		       n->read, n->accepted, n->rejected);
		if (rep.reject_file[0])
			printf(L("拒收明细：%s\n", "rejects: %s\n"), rep.reject_file);
		return EXIT_OK;
	}
	printf(L("批次 %" PRId64 "：读取 %" PRId64 "，接收 %" PRId64 "，拒收 %" PRId64 "，新增 %" PRId64
	         "，更新 %" PRId64 "，未变 %" PRId64 "，关闭 %" PRId64 "，事实 %" PRId64
	         "，待关联身份证号 %" PRId64 "\n",
	         "batch %" PRId64 ": read %" PRId64 ", accepted %" PRId64 ", rejected %" PRId64
	         ", inserted %" PRId64 ", updated %" PRId64 ", unchanged %" PRId64 ", closed %" PRId64
	         ", facts %" PRId64 ", IDs to link %" PRId64 "\n"),
	       rep.batch, n->read, n->accepted, n->rejected, n->inserted, n->updated, n->unchanged, n->closed,
	       n->facts, n->unresolved_ids);
	if (rep.reject_file[0])
		printf(L("拒收明细：%s\n", "rejects: %s\n"), rep.reject_file);
	if (in.link_rc) {
		fprintf(
		    stderr,
		    L("safetynet ingest: 批次已入库，但人员关联失败：%s（可稍后运行 safetynet link run）\n",
		      "safetynet ingest: the batch is stored, but linking it failed: %s (run safetynet link run later)\n"),
		    error_msg(&in.link_err));
		return EXIT_FAIL;
	}
	if (link && lr.persons)
		printf(L("人员关联：精确 %" PRId64 "，自动 %" PRId64 "，待审核 %" PRId64 "，未关联 %" PRId64
		         "\n",
		         "linkage: exact %" PRId64 ", automatic %" PRId64 ", for review %" PRId64
		         ", unlinked %" PRId64 "\n"),
		       lr.exact, lr.auto_linked, lr.review, lr.unlinked);
	return EXIT_OK;
}

const struct command cmd_ingest = {
	"ingest",
	"--data DIR RESOURCE FILE [--full|--incremental|--check-only] [--no-link] [--quiet]",
	"导入一个部门数据文件（一个批次）",
	"ingest one department file (one batch)",
	run,
};
