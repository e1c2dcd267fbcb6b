/* Segmentation (src/engine/segment.h): onset, pauses, the window and
 * syllable nuclei. First on hand-made frame streams, where every label is
 * known exactly; then end to end on signals, where pause time and syllable
 * counts are known from the signal's construction. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "engine/segment.h"
#include "signals.h"

#define N_OF(a) (sizeof a / sizeof a[0])
#define MAX_FRAMES 4000

/* ---- frame streams ----------------------------------------------------- */

typedef struct stream {
    mot_segment seg;
    mot_frame in[MAX_FRAMES], out[MAX_FRAMES];
    int n_in, n_out;
} stream;

/* The unit tests set the segmentation parameters they test against, so
 * that retuning the defaults does not move them: onset 10 frames, pause 25
 * frames, nucleus dip 2 dB and 25 dB under the loudest, 14 s window. */
static void unit_config(mot_config *cfg)
{
    mot_config_default(cfg);
    cfg->onset_min_s = 0.10;
    cfg->min_pause_s = 0.25;
    cfg->nucleus_dip_db = 2.0;
    cfg->nucleus_below_peak_db = 25.0;
    cfg->window_s = 14.0;
}

static stream *new_stream(const mot_config *cfg)
{
    stream *s = calloc(1, sizeof *s);
    assert_non_null(s);
    mot_config defaults;
    if (!cfg) {
        unit_config(&defaults);
        cfg = &defaults;
    }
    mot_segment_init(&s->seg, cfg);
    return s;
}

/* Push `count` frames with these raw labels and levels: full band,
 * telephone band, vowel band. */
static void push_levels(stream *s, int count, int speech, float energy_dbfs, float band_dbfs,
                        float vowel_dbfs, float f0_hz)
{
    for (int i = 0; i < count; i++) {
        assert_true(s->n_in < MAX_FRAMES);
        mot_frame f = {
            .time_s = (s->n_in + 0.5) * MOT_HOP_S,
            .f0_hz = f0_hz,
            .energy_dbfs = energy_dbfs,
            .band_dbfs = band_dbfs,
            .vowel_dbfs = vowel_dbfs,
            .speech = (unsigned char)speech,
        };
        s->in[s->n_in++] = f;
        mot_frame out[MOT_SEGMENT_MAX_OUT];
        int n = mot_segment_push(&s->seg, &f, out);
        assert_true(n >= 0 && n <= MOT_SEGMENT_MAX_OUT);
        memcpy(s->out + s->n_out, out, (size_t)n * sizeof *out);
        s->n_out += n;
    }
}

/* Push `count` frames with these raw labels and one level in every band. */
static void push(stream *s, int count, int speech, float energy_dbfs, float f0_hz)
{
    push_levels(s, count, speech, energy_dbfs, energy_dbfs, energy_dbfs, f0_hz);
}

static void flush(stream *s)
{
    mot_frame out[MOT_SEGMENT_MAX_OUT];
    int n = mot_segment_flush(&s->seg, out);
    memcpy(s->out + s->n_out, out, (size_t)n * sizeof *out);
    s->n_out += n;
    assert_int_equal(mot_segment_flush(&s->seg, out), 0);
}

/* Every frame came out once, in order, with its time and energy intact. */
static void assert_all_out_in_order(const stream *s)
{
    assert_int_equal(s->n_out, s->n_in);
    for (int k = 0; k < s->n_out; k++) {
        SIG_ASSERT_NEAR(s->out[k].time_s, s->in[k].time_s, 0.0);
        SIG_ASSERT_NEAR(s->out[k].energy_dbfs, s->in[k].energy_dbfs, 0.0);
    }
}

static int count_label(const stream *s, int from, int to, int speech)
{
    int n = 0;
    for (int k = from; k < to; k++)
        n += s->out[k].speech == speech;
    return n;
}

static int count_nuclei(const stream *s, int from, int to)
{
    int n = 0;
    for (int k = from; k < to; k++)
        n += s->out[k].nucleus;
    return n;
}

/* ---- unit tests on frame streams ---------------------------------------- */

/* The onset is the leading edge of the first run of onset_min_s (10 frames)
 * of speech; a shorter run before it is not speech. */
static void test_onset_is_first_long_enough_run(void **state)
{
    (void)state;
    stream *s = new_stream(NULL);
    push(s, 50, 0, -70.0f, 0.0f);
    push(s, 9, 1, -20.0f, 150.0f); /* 90 ms: too short */
    push(s, 41, 0, -70.0f, 0.0f);
    assert_true(isnan(mot_segment_window_start_s(&s->seg)));
    push(s, 300, 1, -20.0f, 150.0f); /* starts at frame 100 = 1.00 s */
    flush(s);
    assert_all_out_in_order(s);
    SIG_ASSERT_NEAR(mot_segment_window_start_s(&s->seg), 1.0, 1e-12);
    assert_int_equal(count_label(s, 0, 100, 1), 0);
    assert_int_equal(count_label(s, 100, 400, 1), 300);
    for (int k = 0; k < 400; k++)
        assert_int_equal(s->out[k].in_window, k >= 100);
    free(s);
}

/* Line hiss that the energy detector takes for speech, with stray voiced
 * frames (two in a row, then one) in it, is no onset: the window opens
 * MOT_SEGMENT_ONSET_LEAD_S before the first three voiced frames in a row. */
static void test_stray_voiced_frames_in_hiss_are_no_onset(void **state)
{
    (void)state;
    stream *s = new_stream(NULL);
    push(s, 50, 0, -80.0f, 0.0f);
    push(s, 20, 1, -35.0f, 0.0f);   /* hiss from 0.50 s */
    push(s, 2, 1, -33.0f, 300.0f);  /* a voiced blip at 0.70 s */
    push(s, 30, 1, -35.0f, 0.0f);
    push(s, 1, 1, -33.0f, 280.0f);  /* another at 1.02 s */
    push(s, 37, 1, -35.0f, 0.0f);
    push(s, 200, 1, -5.0f, 120.0f); /* the first word at 1.40 s */
    flush(s);
    assert_all_out_in_order(s);
    SIG_ASSERT_NEAR(mot_segment_window_start_s(&s->seg), 1.40 - MOT_SEGMENT_ONSET_LEAD_S,
                    1e-9);
    free(s);
}

/* When the lead kept before the first word begins inside a gap of the run
 * (hiss, a gap shorter than a pause, a little more hiss, the word), the
 * window opens at the hiss after the gap, not in the gap. */
static void test_onset_lead_skips_a_gap(void **state)
{
    (void)state;
    stream *s = new_stream(NULL);
    push(s, 50, 0, -80.0f, 0.0f);
    push(s, 20, 1, -35.0f, 0.0f);   /* hiss from 0.50 s */
    push(s, 24, 0, -80.0f, 0.0f);   /* a gap from 0.70 s, under a pause */
    push(s, 5, 1, -35.0f, 0.0f);    /* hiss from 0.94 s */
    push(s, 200, 1, -5.0f, 120.0f); /* the first word at 0.99 s */
    flush(s);
    assert_all_out_in_order(s);
    SIG_ASSERT_NEAR(mot_segment_window_start_s(&s->seg), 0.94, 1e-9);
    assert_int_equal(count_label(s, 0, 94, 1), 0);
    free(s);
}

/* The window holds exactly window_s / 10 ms frames, then window_complete. */
static void test_window_length(void **state)
{
    (void)state;
    mot_config cfg;
    unit_config(&cfg);
    cfg.window_s = 2.0;
    stream *s = new_stream(&cfg);
    push(s, 30, 0, -70.0f, 0.0f);
    push(s, 150, 1, -20.0f, 150.0f);
    assert_int_equal(mot_segment_window_complete(&s->seg), 0);
    push(s, 100, 1, -20.0f, 150.0f);
    push(s, 100, 0, -70.0f, 0.0f);
    flush(s);
    assert_int_equal(mot_segment_window_complete(&s->seg), 1);
    int in_window = 0;
    for (int k = 0; k < s->n_out; k++)
        in_window += s->out[k].in_window;
    assert_int_equal(in_window, 200);
    free(s);
}

/* Gaps shorter than min_pause_s (25 frames) inside speech are speech;
 * gaps of 25 frames or more are pauses; a trailing gap is a pause. */
static void test_gap_or_pause(void **state)
{
    (void)state;
    stream *s = new_stream(NULL);
    push(s, 20, 0, -70.0f, 0.0f);
    push(s, 30, 1, -20.0f, 150.0f); /* 20..49: onset */
    push(s, 10, 0, -70.0f, 0.0f);   /* 50..59: 0.1 s gap */
    push(s, 30, 1, -20.0f, 150.0f); /* 60..89 */
    push(s, 24, 0, -70.0f, 0.0f);   /* 90..113: one frame short of a pause */
    push(s, 30, 1, -20.0f, 150.0f); /* 114..143 */
    push(s, 25, 0, -70.0f, 0.0f);   /* 144..168: exactly min_pause_s */
    push(s, 30, 1, -20.0f, 150.0f); /* 169..198 */
    push(s, 50, 0, -70.0f, 0.0f);   /* 199..248: 0.5 s pause */
    push(s, 30, 1, -20.0f, 150.0f); /* 249..278 */
    push(s, 12, 0, -70.0f, 0.0f);   /* 279..290: trailing */
    flush(s);
    assert_all_out_in_order(s);
    assert_int_equal(count_label(s, 20, 144, 1), 124);
    assert_int_equal(count_label(s, 144, 169, 0), 25);
    assert_int_equal(count_label(s, 169, 199, 1), 30);
    assert_int_equal(count_label(s, 199, 249, 0), 50);
    assert_int_equal(count_label(s, 249, 279, 1), 30);
    assert_int_equal(count_label(s, 279, 291, 0), 12);
    free(s);
}

/* Push a linear ramp of speech frames from the last energy pushed to `to`
 * in `steps` frames, then `hold` frames at `to`; returns the index of the
 * first held frame. */
static int ramp_hold(stream *s, float to, int steps, int hold, float f0_hz)
{
    float from = s->in[s->n_in - 1].energy_dbfs;
    for (int i = 1; i <= steps; i++)
        push(s, 1, 1, from + (to - from) * (float)i / (float)steps, f0_hz);
    int first = s->n_in;
    push(s, hold, 1, to, f0_hz);
    return first;
}

/* Nuclei: voiced speech maxima standing nucleus_dip_db (2 dB) over the
 * lowest point since the previous maximum, and no more than
 * nucleus_below_peak_db (25 dB) under the loudest speech so far. Maxima and
 * dips are read on the energy smoothed over a fraction of the syllable
 * period (at most MOT_SEGMENT_SMOOTH_MAX frames either side), so every peak
 * and dip here is held level for longer than the smoothing reaches: the
 * smoothed contour then meets each level exactly, and the rules are tested
 * at their edges (2.5 dB nucleus, 1.5 dB not). */
#define HOLD (2 * MOT_SEGMENT_SMOOTH_MAX + 2)
static void test_nuclei_rules(void **state)
{
    (void)state;
    stream *s = new_stream(NULL);
    push(s, 20, 0, -80.0f, 0.0f);
    push(s, 1, 1, -30.0f, 150.0f);
    const float v = 150.0f;
    struct {
        int frame, nucleus;
        const char *what;
    } peaks[6];
    peaks[0].frame = ramp_hold(s, -10.0f, 4, HOLD, v);
    peaks[0].nucleus = 1, peaks[0].what = "a clear syllable";
    ramp_hold(s, -12.5f, 4, HOLD, v);
    peaks[1].frame = ramp_hold(s, -10.0f, 4, HOLD, v);
    peaks[1].nucleus = 1, peaks[1].what = "2.5 dB over its dip";
    ramp_hold(s, -11.5f, 4, HOLD, v);
    peaks[2].frame = ramp_hold(s, -10.0f, 4, HOLD, v);
    peaks[2].nucleus = 0, peaks[2].what = "1.5 dB over its dip (a ripple)";
    ramp_hold(s, -30.0f, 4, HOLD, v);
    peaks[3].frame = ramp_hold(s, -10.0f, 4, HOLD, 0.0f);
    peaks[3].nucleus = 0, peaks[3].what = "unvoiced (a fricative)";
    ramp_hold(s, -45.0f, 4, HOLD, v);
    peaks[4].frame = ramp_hold(s, -36.0f, 4, HOLD, v);
    peaks[4].nucleus = 0, peaks[4].what = "26 dB under the loudest";
    ramp_hold(s, -45.0f, 4, HOLD, v);
    peaks[5].frame = ramp_hold(s, -30.0f, 4, HOLD, v);
    peaks[5].nucleus = 1, peaks[5].what = "20 dB under the loudest";
    ramp_hold(s, -60.0f, 4, 4, v);
    push(s, 40, 0, -80.0f, 0.0f);
    flush(s);
    assert_all_out_in_order(s);
    for (size_t b = 0; b < N_OF(peaks); b++) {
        /* One nucleus at most per held peak, on the peak (the smoothed
         * maximum is where the held level starts to fill the smoothing). */
        int n = count_nuclei(s, peaks[b].frame, peaks[b].frame + HOLD);
        if (n != peaks[b].nucleus)
            fail_msg("peak %zu (%s): %d nuclei, want %d", b, peaks[b].what, n,
                     peaks[b].nucleus);
    }
    assert_int_equal(count_nuclei(s, 0, s->n_out), 3);
    free(s);
}

/* Nuclei read the vowel band (300-2000 Hz), not the telephone band: line
 * hiss or frication over 2 kHz that fills the dips between syllables in
 * the telephone band leaves them there, and a level that moves only over
 * 2 kHz (an "s" between two halves of a vowel) makes no syllable. */
static int nuclei_of_levels(int vowel_moves)
{
    stream *s = new_stream(NULL);
    push(s, 20, 0, -80.0f, 0.0f);
    for (int syl = 0; syl < 8; syl++) {
        /* 0.3 s syllables: 14 frames at the peak, 16 frames 8 dB under. */
        for (int k = 0; k < 30; k++) {
            float moving = k < 14 ? -10.0f : -18.0f;
            push_levels(s, 1, 1, -10.0f, vowel_moves ? -10.0f : moving,
                        vowel_moves ? moving : -10.0f, 150.0f);
        }
    }
    push(s, 40, 0, -80.0f, 0.0f);
    flush(s);
    assert_all_out_in_order(s);
    int n = count_nuclei(s, 0, s->n_out);
    free(s);
    return n;
}

static void test_nuclei_read_the_vowel_band(void **state)
{
    (void)state;
    assert_int_equal(nuclei_of_levels(1), 8);
    assert_int_equal(nuclei_of_levels(0), 1); /* one steady "vowel": its onset */
}

/* Vowels are not flat: a diphthong or a stressed vowel's energy often
 * ripples inside the syllable. Here each syllable is a consonant (-25 dB,
 * 30 % of the period) then a vowel whose energy has two humps with a 4 dB
 * dip between them, and the frame energies are what the engine's fixed
 * 50 ms Hann window reads from that (power averaged, 10 ms hop). The same
 * train slowed to 0.75x and sped up to 1.3x (every duration scaled, as by
 * `sox tempo`) must give nucleus counts 0.75 and 1.3 times the original's,
 * to 10 %, and one nucleus per syllable. With a fixed time scale the
 * ripple's dip read 2 dB or more at one tempo and less at another, so that
 * the vowels counted twice at some tempos and once at others. */
static double ripple_env_db(double u)
{
    const double cons = 0.3, floor_db = -25.0, dip_db = 4.0;
    if (u < cons)
        return floor_db;
    double w = (u - cons) / (1.0 - cons);
    double a = sqrt(sin(M_PI * w));
    double g = (w - 0.5) / 0.12;
    a *= 1.0 - (1.0 - pow(10.0, -dip_db / 20.0)) * exp(-g * g);
    double db = 20.0 * log10(a > 1e-9 ? a : 1e-9);
    return db > floor_db ? db : floor_db;
}

static int ripple_train_nuclei(double period_s, double seconds)
{
    const int ms = (int)(seconds * 1000.0);
    double *p = malloc((size_t)ms * sizeof *p);
    assert_non_null(p);
    for (int k = 0; k < ms; k++)
        p[k] = pow(10.0, ripple_env_db(fmod(k / 1000.0, period_s) / period_s) / 10.0);
    double w[50], wsum = 0.0;
    for (int i = 0; i < 50; i++)
        wsum += w[i] = pow(sin(M_PI * (i + 0.5) / 50.0), 2.0);
    stream *s = new_stream(NULL);
    for (int j = 0; j * 10 + 50 <= ms; j++) {
        double sum = 0.0;
        for (int i = 0; i < 50; i++)
            sum += w[i] * p[j * 10 + i];
        push(s, 1, 1, (float)(10.0 * log10(sum / wsum) - 20.0), 150.0f);
    }
    flush(s);
    assert_all_out_in_order(s);
    int n = count_nuclei(s, 0, s->n_out);
    free(s);
    free(p);
    return n;
}

static void test_nuclei_follow_tempo(void **state)
{
    (void)state;
    const double syl_rates[] = {3.5, 4.0};
    const double tempos[] = {0.75, 1.3};
    const double seconds = 15.0;
    for (size_t i = 0; i < N_OF(syl_rates); i++) {
        double period = 1.0 / syl_rates[i];
        int n1 = ripple_train_nuclei(period, seconds);
        sig_note("%.1f syllables/s, 4 dB vowel ripple: %d nuclei in %.0f s", syl_rates[i], n1,
                 seconds);
        SIG_ASSERT_NEAR(n1, seconds * syl_rates[i], 0.1 * seconds * syl_rates[i]);
        for (size_t t = 0; t < N_OF(tempos); t++) {
            int n = ripple_train_nuclei(period / tempos[t], seconds);
            double ratio = (double)n / n1;
            sig_note("  x%.2f: %d nuclei, ratio %.3f", tempos[t], n, ratio);
            SIG_ASSERT_NEAR(ratio, tempos[t], 0.1 * tempos[t]);
        }
    }
}

static void test_reset_forgets(void **state)
{
    (void)state;
    stream *s = new_stream(NULL);
    push(s, 20, 1, -20.0f, 150.0f);
    push(s, 7, 0, -70.0f, 0.0f);
    assert_false(isnan(mot_segment_window_start_s(&s->seg)));
    mot_segment_reset(&s->seg);
    s->n_in = s->n_out = 0;
    assert_true(isnan(mot_segment_window_start_s(&s->seg)));
    assert_int_equal(mot_segment_window_complete(&s->seg), 0);
    push(s, 30, 0, -70.0f, 0.0f);
    push(s, 30, 1, -20.0f, 150.0f);
    flush(s);
    assert_all_out_in_order(s);
    SIG_ASSERT_NEAR(mot_segment_window_start_s(&s->seg), 0.30, 1e-12);
    free(s);
}

/* ---- end to end on signals ----------------------------------------------- */

#define SNR_DB 30.0
#define PEAK_RMS 0.1

static sig_run analyse(float *x, size_t n, const mot_config *cfg)
{
    sig_run run = {0};
    assert_int_equal(sig_analyse(cfg, NULL, x, n, &run), MOT_OK);
    return run;
}

/* Phrases of fluent syllables (5 a second, level dipping 6 dB between
 * them) separated alternately by 0.1 s gaps (speech) and 0.5 s gaps
 * (pauses), over a background 30 dB down, through the telephone band.
 * Frames well inside a 0.1 s gap are speech, those well inside a 0.5 s gap
 * are not; each pause measures 0.5 s to 50 ms; the pause ratio is the
 * 0.5 s gaps' share of the 14 s window, to 0.01. */
#define PHRASE_S 2.2
static void test_pause_accounting(void **state)
{
    (void)state;
    const double rates[] = {8000.0, 44100.0};
    for (size_t r = 0; r < N_OF(rates); r++) {
        double rate = rates[r];
        size_t n = sig_samples(17.0, rate);
        float *x = sig_alloc(n);
        sig_phrase p[16];
        double gap_start[16], gap_len[16];
        int np = 0;
        double t = 1.0;
        while (t + PHRASE_S + 0.5 < 17.0 && np < 16) { /* every gap ends in the signal */
            p[np] = (sig_phrase){t, PHRASE_S, 5.0, sig_f0_vibrato(150.0, 2.0, 1.0), PEAK_RMS,
                                 0.6, -6.0};
            gap_start[np] = t + PHRASE_S;
            gap_len[np] = np % 2 ? 0.5 : 0.1;
            t += PHRASE_S + gap_len[np];
            np++;
        }
        sig_phrases(x, n, rate, p, np);
        /* The voice and the background both come down the line: the SNR is
         * the same in the analysed band at every input rate. */
        sig_phone_band(x, n, rate);
        sig_add_phone_noise(x, n, rate, sig_noise_rms(PEAK_RMS, SNR_DB), 30 + r);
        mot_config cfg;
        mot_config_default(&cfg);
        cfg.input_rate_hz = rate;
        sig_run run = analyse(x, n, &cfg);

        double w0 = run.summary.window_start_s, w1 = w0 + cfg.window_s;
        SIG_ASSERT_NEAR(w0, 1.0, 0.03);
        double pause = 0.0;
        for (int i = 0; i < np; i++) {
            if (gap_len[i] < cfg.min_pause_s)
                continue;
            double a = fmax(gap_start[i], w0), b = fmin(gap_start[i] + gap_len[i], w1);
            pause += fmax(0.0, b - a);
        }
        int short_gap_frames = 0, short_gap_speech = 0, pause_frames = 0, pause_silent = 0;
        for (int i = 0; i + 1 < np; i++) { /* the last gap runs into the trailing silence */
            int measured = 0; /* non-speech frames from 0.1 s before to 0.1 s after */
            for (size_t k = 0; k < run.n_frames; k++) {
                double tc = run.frames[k].time_s;
                int speech = run.frames[k].speech;
                if (tc > gap_start[i] - 0.1 && tc < gap_start[i] + gap_len[i] + 0.1)
                    measured += !speech;
                if (tc < gap_start[i] + 0.03 || tc > gap_start[i] + gap_len[i] - 0.03)
                    continue;
                if (gap_len[i] < cfg.min_pause_s) {
                    short_gap_frames++;
                    short_gap_speech += speech;
                } else {
                    pause_frames++;
                    pause_silent += !speech;
                }
            }
            if (gap_len[i] >= cfg.min_pause_s) {
                sig_note("pause at %.1f s (%.0f Hz): %.2f s of %.2f s", gap_start[i], rate,
                         measured * MOT_HOP_S, gap_len[i]);
                SIG_ASSERT_NEAR(measured * MOT_HOP_S, gap_len[i], 0.05);
            }
        }
        sig_note("pauses at %.0f Hz: pause_ratio %.4f (truth %.4f), short-gap frames speech "
                 "%d/%d, pause frames silent %d/%d",
                 rate, run.summary.pause_ratio, pause / cfg.window_s, short_gap_speech,
                 short_gap_frames, pause_silent, pause_frames);
        assert_true(short_gap_frames > 0 && pause_frames > 0);
        assert_int_equal(short_gap_speech, short_gap_frames);
        assert_int_equal(pause_silent, pause_frames);
        SIG_ASSERT_NEAR(run.summary.pause_ratio, pause / cfg.window_s, 0.01);
        SIG_ASSERT_NEAR(run.summary.speech_s, cfg.window_s - pause, 0.14);
        sig_run_free(&run);
        free(x);
    }
}

/* Fluent speech with no pause at all for 8 s (syllables dipping 8 dB
 * between nuclei, never down to the background) has pause_ratio 0. */
static void test_fluent_speech_has_no_pauses(void **state)
{
    (void)state;
    const double rate = 8000.0;
    size_t n = sig_samples(10.0, rate);
    float *x = sig_alloc(n);
    const sig_phrase p = {1.0, 8.0, 4.0, sig_f0_vibrato(140.0, 2.0, 1.5), PEAK_RMS, 0.6, -8.0};
    sig_phrases(x, n, rate, &p, 1);
    sig_phone_band(x, n, rate);
    sig_add_phone_noise(x, n, rate, sig_noise_rms(PEAK_RMS, SNR_DB), 40);
    mot_config cfg;
    mot_config_default(&cfg);
    cfg.window_s = 7.0;
    sig_run run = analyse(x, n, &cfg);
    sig_note("fluent speech: pause_ratio %.3f, speech_s %.2f of %.1f", run.summary.pause_ratio,
             run.summary.speech_s, cfg.window_s);
    SIG_ASSERT_NEAR(run.summary.window_start_s, 1.0, 0.03);
    SIG_ASSERT_NEAR(run.summary.pause_ratio, 0.0, 0.01);
    sig_run_free(&run);
    free(x);
}

/* De Jong & Wempe nuclei on syllable trains at 3, 4, 5 and 6 a second that
 * fill the whole window (bursts with dips 20 dB deep between them, like
 * vowels between consonants): the count is the number of bursts whose peak
 * lies in the window, to 10 %, at 8 kHz and through the resampler, on the
 * telephone band. */
static void test_syllable_counts(void **state)
{
    (void)state;
    const double syl_rates[] = {3.0, 4.0, 5.0, 6.0};
    const double rates[] = {8000.0, 48000.0};
    const double start = 1.0, duty = 0.6;
    for (size_t r = 0; r < N_OF(rates); r++) {
        for (size_t i = 0; i < N_OF(syl_rates); i++) {
            double rate = rates[r], syl = syl_rates[i];
            size_t n = sig_samples(16.0, rate);
            float *x = sig_alloc(n);
            const sig_phrase p = {start, 15.0, syl, sig_f0_glide(180.0, 110.0, 15.0),
                                  PEAK_RMS, duty, -20.0};
            sig_phrases(x, n, rate, &p, 1);
            sig_phone_band(x, n, rate);
            sig_add_phone_noise(x, n, rate, sig_noise_rms(PEAK_RMS, SNR_DB), 50 + i);
            mot_config cfg;
            mot_config_default(&cfg);
            cfg.input_rate_hz = rate;
            sig_run run = analyse(x, n, &cfg);
            const mot_summary *s = &run.summary;
            int truth = 0;
            for (int k = 0; start + k / syl < 16.0; k++) {
                double peak = start + (k + 0.5 * duty) / syl;
                truth += peak >= s->window_start_s && peak < s->window_end_s;
            }
            sig_note("%.0f syllables/s at %.0f Hz: %d nuclei (truth %d), syllable_rate %.2f, "
                     "articulation_rate %.2f, pause_ratio %.3f, onset %.3f",
                     syl, rate, s->n_nuclei, truth, s->syllable_rate_hz,
                     s->articulation_rate_hz, s->pause_ratio, s->window_start_s);
            SIG_ASSERT_NEAR(s->window_start_s, start, 0.03);
            SIG_ASSERT_NEAR(s->n_nuclei, truth, 0.1 * truth);
            SIG_ASSERT_NEAR(s->syllable_rate_hz, syl, 0.1 * syl);
            /* The dips between syllables are speech: nothing is a pause. */
            SIG_ASSERT_NEAR(s->pause_ratio, 0.0, 0.01);
            SIG_ASSERT_NEAR(s->articulation_rate_hz, syl, 0.1 * syl);
            /* Each nucleus sits inside a burst. */
            for (size_t k = 0; k < run.n_frames; k++) {
                if (!run.frames[k].nucleus)
                    continue;
                double in = fmod(run.frames[k].time_s - start, 1.0 / syl);
                SIG_ASSERT_LE(in, duty / syl + 0.02);
            }
            sig_run_free(&run);
            free(x);
        }
    }
}

/* Crisp fast speech: 6 and 7 syllables a second, each a 90-100 ms vowel
 * with silence (the background) between, as on a clean line with voiceless
 * stops. No single syllable lasts onset_min_s above the speech threshold,
 * but 15 s of it is plainly speech from its first syllable: the window
 * must open there (within 0.3 s), not seconds later or never. */
static void test_onset_of_fast_staccato_speech(void **state)
{
    (void)state;
    const double syl_rates[] = {6.0, 7.0};
    for (size_t i = 0; i < N_OF(syl_rates); i++) {
        const double rate = 8000.0;
        size_t n = sig_samples(16.0, rate);
        float *x = sig_alloc(n);
        const sig_phrase p = {1.0, 15.0, syl_rates[i], sig_f0_glide(180.0, 110.0, 15.0),
                              PEAK_RMS, 0.6, -INFINITY};
        sig_phrases(x, n, rate, &p, 1);
        sig_phone_band(x, n, rate);
        sig_add_phone_noise(x, n, rate, sig_noise_rms(PEAK_RMS, SNR_DB), 60 + i);
        mot_config cfg;
        mot_config_default(&cfg);
        sig_run run = analyse(x, n, &cfg);
        mot_summary s = run.summary;
        sig_run_free(&run);
        free(x);
        sig_note("staccato %.0f syllables/s: onset %.3f s, %d nuclei", syl_rates[i],
                 s.window_start_s, s.n_nuclei);
        assert_false(isnan(s.window_start_s));
        SIG_ASSERT_NEAR(s.window_start_s, 1.0, 0.3);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_onset_is_first_long_enough_run),
        cmocka_unit_test(test_stray_voiced_frames_in_hiss_are_no_onset),
        cmocka_unit_test(test_onset_lead_skips_a_gap),
        cmocka_unit_test(test_window_length),
        cmocka_unit_test(test_gap_or_pause),
        cmocka_unit_test(test_nuclei_rules),
        cmocka_unit_test(test_nuclei_follow_tempo),
        cmocka_unit_test(test_nuclei_read_the_vowel_band),
        cmocka_unit_test(test_reset_forgets),
        cmocka_unit_test(test_pause_accounting),
        cmocka_unit_test(test_fluent_speech_has_no_pauses),
        cmocka_unit_test(test_syllable_counts),
        cmocka_unit_test(test_onset_of_fast_staccato_speech),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
