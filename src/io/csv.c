/* CSV sink: the columns of mot_record_cells(), RFC 4180 quoting. */
#include <string.h>

#include "io/record.h"

/* Quote only when needed, so plain paths stay readable; bytes pass as is. */
static void field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

mot_status mot_csv_write_header(FILE *f)
{
    mot_file_result dummy;
    mot_cell cells[MOT_RECORD_N_KEYS];

    mot_file_result_init(&dummy, "", 0);
    mot_record_cells(&dummy, cells);
    for (size_t i = 0; i < MOT_RECORD_N_KEYS; i++)
        fprintf(f, "%s%s", i ? "," : "", cells[i].key);
    fputc('\n', f);
    return MOT_OK;
}

mot_status mot_csv_write(FILE *f, const mot_file_result *r)
{
    mot_cell cells[MOT_RECORD_N_KEYS];

    mot_record_cells(r, cells);
    for (size_t i = 0; i < MOT_RECORD_N_KEYS; i++) {
        const mot_cell *c = &cells[i];
        if (i)
            fputc(',', f);
        switch (c->kind) {
        case MOT_CELL_ABSENT:
        case MOT_CELL_NULL:
            break;
        case MOT_CELL_NUMBER:
        case MOT_CELL_STRING:
            field(f, c->text);
            break;
        case MOT_CELL_BOOL:
            fputs(c->flag ? "true" : "false", f);
            break;
        case MOT_CELL_REASONS:
            /* Codes are [a-z_]: joined with ';' they need no quoting. */
            for (unsigned bit = 0, n = 0;; n++) {
                const char *code = mot_record_next_reason(c->reasons, &bit);
                if (!code)
                    break;
                fprintf(f, "%s%s", n ? ";" : "", code);
            }
            break;
        }
    }
    fputc('\n', f);
    return MOT_OK;
}
