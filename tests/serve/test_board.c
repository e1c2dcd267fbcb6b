/* Event lines (src/io/event.h) and the dashboard board
 * (src/io/dashboard_board.h): what the serve loop hands the log, stdout and
 * the web side. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <cmocka.h>

#include "io/dashboard_board.h"
#include "io/event.h"
#include "io/record.h"

static mot_file_result a_result(void)
{
    mot_file_result r;

    mot_file_result_init(&r, "call-1", 0);
    r.sample_rate_hz = 8000;
    r.channels = 1;
    r.duration_s = 14.5;
    r.summary.state = MOT_STATE_FINAL;
    r.summary.window_start_s = 0.5;
    r.summary.window_end_s = 14.5;
    r.summary.f0_median_hz = 130.0;
    r.summary.dull_score = 0.9;
    r.summary.dull = 1;
    r.summary.reasons = MOT_REASON_FLAT_PITCH | MOT_REASON_SLOW_PACE;
    return r;
}

/* The line is JSON with the event keys first, the batch keys in batch
 * order, then uuid, start_time and agent; strings are escaped. */
static void test_event_line(void **state)
{
    (void)state;
    const mot_file_result r = a_result();
    const mot_event ev = {.event = "final", .call = "call-1", .time_s = 14.8, .record = &r,
                          .uuid = "u-1", .start_unix_s = 1700000000.25,
                          .agent = "Zo\xc3\xab \"Z\""};
    char *line;
    size_t len;
    mot_cell cells[MOT_RECORD_N_KEYS];

    assert_int_equal(mot_event_format(&ev, &line, &len), MOT_OK);
    assert_int_equal(strlen(line), len);
    assert_int_equal(line[len - 1], '\n');
    assert_ptr_equal(strchr(line, '\n'), line + len - 1); /* one line */
    cJSON *o = cJSON_Parse(line);
    assert_non_null(o);
    const char *want[] = {"event", "call", "time_s"};
    const cJSON *it = o->child;
    for (size_t i = 0; i < 3; i++, it = it->next)
        assert_string_equal(it->string, want[i]);
    mot_record_cells(&r, cells);
    for (size_t i = 0; i < MOT_RECORD_N_KEYS; i++) {
        if (cells[i].kind == MOT_CELL_ABSENT)
            continue;
        assert_string_equal(it->string, cells[i].key);
        it = it->next;
    }
    assert_string_equal(it->string, "uuid");
    assert_string_equal(it->next->string, "start_time");
    assert_string_equal(it->next->valuestring, "2023-11-14T22:13:20.250Z");
    assert_string_equal(it->next->next->valuestring, "Zo\xc3\xab \"Z\"");
    assert_null(it->next->next->next);
    assert_string_equal(cJSON_GetObjectItem(o, "event")->valuestring, "final");
    assert_true(cJSON_GetObjectItem(o, "time_s")->valuedouble == 14.8);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "reasons")), 2);
    cJSON_Delete(o);
    free(line);

    /* Without the optional keys: nothing after the batch keys. */
    const mot_event bare = {.event = "provisional", .call = "c", .time_s = 4.5, .record = &r,
                            .start_unix_s = NAN};
    assert_int_equal(mot_event_format(&bare, &line, &len), MOT_OK);
    o = cJSON_Parse(line);
    assert_non_null(o);
    assert_null(cJSON_GetObjectItem(o, "uuid"));
    assert_null(cJSON_GetObjectItem(o, "start_time"));
    assert_null(cJSON_GetObjectItem(o, "agent"));
    assert_string_equal(cJSON_GetArrayItem(o, cJSON_GetArraySize(o) - 1)->string, "reasons");
    cJSON_Delete(o);
    free(line);
}

static mot_board_row a_row(const char *call)
{
    mot_board_row row;

    memset(&row, 0, sizeof row);
    snprintf(row.call, sizeof row.call, "%s", call);
    row.summary.state = MOT_STATE_PROVISIONAL;
    row.summary.dull_score = 0.8;
    row.summary.dull = 1;
    row.summary.reasons = MOT_REASON_FLAT_PITCH;
    row.summary.window_start_s = row.summary.f0_median_hz = NAN;
    row.n_spark = 3;
    row.spark_f0_hz[1] = 120.0f;
    return row;
}

/* Rows, labels and retirement as the JSON snapshot shows them. */
static void test_board_rows(void **state)
{
    (void)state;
    mot_board *b;
    char agent[MOT_BOARD_AGENT_MAX + 1];
    mot_board_row row = a_row("A");

    assert_int_equal(mot_board_new(4, NULL, &b), MOT_OK);
    assert_int_equal(mot_board_set_agent(b, "A", "x"), -1);
    mot_board_put(b, 2, &row);
    assert_int_equal(mot_board_n_active(b), 1);
    assert_int_equal(mot_board_set_agent(b, "A", "Ann"), 0);
    mot_board_put(b, 2, &row); /* an update keeps the label */
    mot_board_agent(b, 2, agent, sizeof agent);
    assert_string_equal(agent, "Ann");

    char *json = mot_board_calls_json(b);
    cJSON *o = cJSON_Parse(json);
    const cJSON *calls = cJSON_GetObjectItem(o, "calls");
    assert_int_equal(cJSON_GetArraySize(calls), 1);
    const cJSON *c = cJSON_GetArrayItem(calls, 0);
    assert_string_equal(cJSON_GetObjectItem(c, "agent")->valuestring, "Ann");
    assert_string_equal(cJSON_GetObjectItem(c, "state")->valuestring, "provisional");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "dull")));
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(c, "reasons"), 0)->valuestring,
                        "flat_pitch");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(c, "f0_median_hz")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(c, "spark_f0_hz")), 3);
    cJSON_Delete(o);
    free(json);

    snprintf(row.ended, sizeof row.ended, "hung up");
    mot_board_retire(b, 2, &row);
    mot_board_row other = a_row("B");
    mot_board_put(b, 2, &other); /* a new call in the slot: no label */
    mot_board_agent(b, 2, agent, sizeof agent);
    assert_string_equal(agent, "");
    assert_int_equal(mot_board_set_agent(b, "A", "Anna"), 0); /* still labelable */
    json = mot_board_calls_json(b);
    o = cJSON_Parse(json);
    const cJSON *ended = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "ended"), 0);
    assert_string_equal(cJSON_GetObjectItem(ended, "call")->valuestring, "A");
    assert_string_equal(cJSON_GetObjectItem(ended, "agent")->valuestring, "Anna");
    assert_string_equal(cJSON_GetObjectItem(ended, "ended")->valuestring, "hung up");
    cJSON_Delete(o);
    free(json);
    mot_board_free(b);
}

/* Readers see every event in order; one that lags too far skips to the
 * oldest kept; closing ends every wait. */
static void test_board_events(void **state)
{
    (void)state;
    mot_board *b;
    char name[16], line[MOT_BOARD_EVENT_MAX], text[32];
    size_t len;
    uint64_t seq;

    assert_int_equal(mot_board_new(1, NULL, &b), MOT_OK);
    seq = mot_board_next_seq(b);
    assert_int_equal(mot_board_wait_event(b, &seq, name, line, &len, 10), 0);
    for (int i = 0; i < MOT_BOARD_EVENTS + 10; i++) {
        snprintf(text, sizeof text, "{\"n\":%d}\n", i);
        mot_board_post(b, "final", text, strlen(text));
    }
    assert_int_equal(mot_board_wait_event(b, &seq, name, line, &len, 10), 1);
    assert_string_equal(name, "final");
    assert_string_equal(line, "{\"n\":10}"); /* the first 10 fell out */
    assert_int_equal(len, strlen(line));
    assert_int_equal(mot_board_wait_event(b, &seq, name, line, &len, 10), 1);
    assert_string_equal(line, "{\"n\":11}");

    char *huge = malloc(MOT_BOARD_EVENT_MAX + 1);
    memset(huge, 'x', MOT_BOARD_EVENT_MAX);
    mot_board_post(b, "final", huge, MOT_BOARD_EVENT_MAX); /* dropped, not cut */
    free(huge);
    seq = mot_board_next_seq(b) - 1;
    mot_board_close(b); /* what is left is still read, then -1 */
    assert_int_equal(mot_board_wait_event(b, &seq, name, line, &len, 1000), 1);
    snprintf(text, sizeof text, "{\"n\":%d}", MOT_BOARD_EVENTS + 9);
    assert_string_equal(line, text);
    assert_int_equal(mot_board_wait_event(b, &seq, name, line, &len, 1000), -1);
    mot_board_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_event_line),
        cmocka_unit_test(test_board_rows),
        cmocka_unit_test(test_board_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
