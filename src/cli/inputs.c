/* Which input a file about to be written would overwrite: the inputs are
 * stat()ed once and sorted by device and inode, so that checking the pages
 * of a report over thousands of calls stays one stat() and a binary search
 * each. */
#include <stdlib.h>
#include <sys/stat.h>

#include "cli/cli.h"

struct mot_cli_file_id {
    dev_t dev;
    ino_t ino;
    size_t index; /* into the names given */
};

static int by_id(const void *pa, const void *pb)
{
    const mot_cli_file_id *a = pa, *b = pb;
    if (a->dev != b->dev)
        return a->dev < b->dev ? -1 : 1;
    if (a->ino != b->ino)
        return a->ino < b->ino ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

int mot_cli_inputs_add(mot_cli_inputs *in, const char *const *names, size_t n)
{
    if (n == 0)
        return 0;
    mot_cli_file_id *ids = realloc(in->ids, (in->n + n) * sizeof *ids);
    if (!ids)
        return -1;
    in->ids = ids;
    for (size_t i = 0; i < n; i++) {
        struct stat sb;
        /* What cannot be stat()ed now cannot be overwritten by mistake. */
        if (names[i] && stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode))
            in->ids[in->n++] = (mot_cli_file_id){sb.st_dev, sb.st_ino, in->n_names + i};
    }
    in->n_names += n;
    qsort(in->ids, in->n, sizeof *in->ids, by_id);
    return 0;
}

long mot_cli_inputs_find(const mot_cli_inputs *in, const char *path)
{
    struct stat sb;
    if (!path || in->n == 0 || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
        return -1;
    size_t lo = 0, hi = in->n; /* the first id not below (dev, ino) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const mot_cli_file_id *m = &in->ids[mid];
        if (m->dev < sb.st_dev || (m->dev == sb.st_dev && m->ino < sb.st_ino))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < in->n && in->ids[lo].dev == sb.st_dev && in->ids[lo].ino == sb.st_ino)
        return (long)in->ids[lo].index;
    return -1;
}

void mot_cli_inputs_free(mot_cli_inputs *in)
{
    free(in->ids);
    *in = (mot_cli_inputs){0};
}
