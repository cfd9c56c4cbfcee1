/* replay_main.c: a main() for the fuzz targets without libFuzzer: runs the target once on each
 * file of the corpus folders given, so `make test` replays every seed under the sanitizers. */
#include <dirent.h>

#include "base/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	struct buf b = BUF_INIT((size_t)16 << 20);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(&b, chunk, n))
			break;
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)buf_cstr(&b), b.len);
	buf_release(&b);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0;
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (!d) {
			fprintf(stderr, "replay: cannot open %s\n", argv[i]);
			return 1;
		}
		struct dirent *ent;
		while ((ent = readdir(d))) {
			if (ent->d_name[0] == '.')
				continue;
			struct buf path = BUF_INIT(4096);
			buf_addf(&path, "%s/%s", argv[i], ent->d_name);
			if (replay_file(path.data) == 0)
				files++;
			buf_release(&path);
		}
		closedir(d);
	}
	LLVMFuzzerTestOneInput((const uint8_t *)"", 0);
	printf("replayed %d inputs\n", files);
	return files > 0 ? 0 : 1;
}
