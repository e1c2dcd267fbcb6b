/* JSON Lines sink: one object per file, built with cJSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "io/record.h"

size_t mot_utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        unsigned lo = s[0] == 0xE0 ? 0xA0 : 0x80, hi = s[0] == 0xED ? 0x9F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        unsigned lo = s[0] == 0xF0 ? 0x90 : 0x80, hi = s[0] == 0xF4 ? 0x8F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 &&
               (s[3] & 0xC0) == 0x80 ? 4 : 0;
    }
    return 0;
}

/* `in` as a JSON string, quotes included (malloc'd). cJSON copies bytes
 * >= 0x80 verbatim, so a file name that is not UTF-8 would make invalid
 * JSON; each such byte 0xXY is written as the escape \udcXY instead: a lone
 * low surrogate, by the convention of PEP 383 (Python's "surrogateescape",
 * which os.fsencode() turns back into the very byte). Unlike a character
 * of the byte's value, it cannot be confused with a real character of the
 * name, so every name comes back exactly. Quotes, backslashes and control
 * characters are escaped as cJSON does. */
static char *json_string(const char *in)
{
    const unsigned char *s = (const unsigned char *)in;
    char *out = malloc(6 * strlen(in) + 3), *o = out;

    if (!out)
        return NULL;
    *o++ = '"';
    while (*s) {
        size_t n = mot_utf8_len(s);
        const char *esc = *s == '"' ? "\\\"" : *s == '\\' ? "\\\\" : *s == '\b' ? "\\b"
                        : *s == '\f' ? "\\f" : *s == '\n' ? "\\n" : *s == '\r' ? "\\r"
                        : *s == '\t' ? "\\t" : NULL;
        if (esc) {
            o += sprintf(o, "%s", esc);
            s++;
        } else if (*s < 0x20) {
            o += sprintf(o, "\\u%04x", *s++);
        } else if (n) {
            memcpy(o, s, n);
            o += n;
            s += n;
        } else {
            o += sprintf(o, "\\udc%02x", *s++);
        }
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

static cJSON *reasons_array(unsigned reasons)
{
    cJSON *a = cJSON_CreateArray();
    const char *code;

    for (unsigned bit = 0; a && (code = mot_record_next_reason(reasons, &bit));) {
        if (!cJSON_AddItemToArray(a, cJSON_CreateString(code))) {
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static cJSON *item(const mot_cell *c)
{
    cJSON *it = NULL;
    char *text;

    switch (c->kind) {
    case MOT_CELL_ABSENT: /* not called for: the key is skipped */
    case MOT_CELL_NULL:
        return cJSON_CreateNull();
    case MOT_CELL_NUMBER:
        /* Raw keeps our rounding; cJSON would print up to 17 digits. */
        return cJSON_CreateRaw(c->text);
    case MOT_CELL_STRING:
        text = json_string(c->text);
        it = text ? cJSON_CreateRaw(text) : NULL;
        free(text);
        return it;
    case MOT_CELL_BOOL:
        return cJSON_CreateBool(c->flag);
    case MOT_CELL_REASONS:
        return reasons_array(c->reasons);
    }
    return NULL;
}

mot_status mot_jsonl_write(FILE *f, const mot_file_result *r)
{
    mot_status st = MOT_ERR_NOMEM;
    mot_cell cells[MOT_RECORD_N_KEYS];
    cJSON *obj = cJSON_CreateObject();
    char *line = NULL;

    if (!obj)
        goto done;
    mot_record_cells(r, cells);
    for (size_t i = 0; i < MOT_RECORD_N_KEYS; i++) {
        if (cells[i].kind == MOT_CELL_ABSENT)
            continue;
        cJSON *it = item(&cells[i]);
        if (!it || !cJSON_AddItemToObject(obj, cells[i].key, it)) {
            cJSON_Delete(it);
            goto done;
        }
    }
    line = cJSON_PrintUnformatted(obj);
    if (!line)
        goto done;
    fputs(line, f);
    fputc('\n', f);
    st = MOT_OK;
done:
    cJSON_free(line);
    cJSON_Delete(obj);
    return st;
}
