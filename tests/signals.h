/* Test signals with exact ground truth, made in code.
 *
 * - A seeded PRNG (splitmix64) for noise: no rand(), no global state.
 * - An F0 contour (constant, linear glide in Hz, sinusoidal vibrato in
 *   semitones) that gives the true F0 at any time.
 * - A voiced "vowel": a band-limited impulse train (harmonics of the
 *   contour's phase, -6 dB/octave above 200 Hz like a glottal flow
 *   derivative, none above 3.8 kHz) through three formant resonators (/a/).
 * - The telephone band: a 300 Hz Chebyshev-I high-pass (order 12, 0.5 dB
 *   ripple, > 45 dB down at 250 Hz) and a 3400 Hz Butterworth low-pass
 *   (order 8), as biquads in double precision. A fundamental under 250 Hz
 *   is then genuinely gone.
 * - Syllable trains: the vowel under a raised-cosine burst envelope at a
 *   known rate, with a known level between bursts.
 * - White Gaussian noise at a known RMS (hence a known SNR), tones, silence.
 *
 * Plus a harness that runs a mot_engine over a whole signal and keeps every
 * frame, so that tests can assert numbers on them.
 *
 * Lengths are in samples (n), rates in Hz, times in s, levels in dB. */
#ifndef MOT_TESTS_SIGNALS_H
#define MOT_TESTS_SIGNALS_H

#include <stddef.h>
#include <stdint.h>

#include "mot/mot.h"

/* ---- PRNG ------------------------------------------------------------- */

typedef struct sig_rng {
    uint64_t state;
} sig_rng;

void sig_rng_seed(sig_rng *r, uint64_t seed);
uint64_t sig_rng_next(sig_rng *r);
double sig_rng_uniform(sig_rng *r); /* [0, 1) */
double sig_rng_gauss(sig_rng *r);   /* N(0, 1), Box-Muller */

/* ---- F0 contours -------------------------------------------------------- */

typedef enum sig_f0_kind { SIG_F0_CONSTANT, SIG_F0_GLIDE, SIG_F0_VIBRATO } sig_f0_kind;

typedef struct sig_f0 {
    sig_f0_kind kind;
    double f0_hz;      /* constant F0, glide start, or vibrato centre */
    double end_hz;     /* glide: F0 at glide_s (linear in Hz, then held) */
    double glide_s;    /* glide duration */
    double depth_st;   /* vibrato: peak deviation, semitones */
    double rate_hz;    /* vibrato rate */
} sig_f0;

sig_f0 sig_f0_constant(double f0_hz);
sig_f0 sig_f0_glide(double from_hz, double to_hz, double over_s);
sig_f0 sig_f0_vibrato(double centre_hz, double depth_st, double rate_hz);

/* True F0 at `t_s` seconds after the start of the voiced segment. */
double sig_f0_at(const sig_f0 *c, double t_s);

/* ---- generators (all write n samples into x) ---------------------------- */

void sig_silence(float *x, size_t n);
void sig_tone(float *x, size_t n, double rate_hz, double freq_hz, double amp);

/* The voiced vowel following `c` from x[0], scaled to RMS `rms`. */
void sig_voiced(float *x, size_t n, double rate_hz, const sig_f0 *c, double rms);

/* sig_voiced() with the odd harmonics (the fundamental, 3 f0, 5 f0, ...)
 * `odd_db` dB weaker: the autocorrelation at half the period then nearly
 * equals that at the period, as in telephone recordings of high voices
 * whose first formant lifts the 2nd harmonic. */
void sig_voiced_weak_odd(float *x, size_t n, double rate_hz, const sig_f0 *c, double rms,
                         double odd_db);

/* A syllable train: the vowel following `c` under bursts at `syl_rate_hz`.
 * Each period starts with a raised-cosine (Hann) burst lasting `duty` of
 * the period, then holds the level `floor_db` (relative to the burst peak;
 * -INFINITY for silence). The burst peaks have RMS `peak_rms` (approximately:
 * the vowel is scaled so the envelope maximum 1 corresponds to peak_rms).
 * Returns the number of complete bursts. */
int sig_syllables(float *x, size_t n, double rate_hz, const sig_f0 *c, double peak_rms,
                  double syl_rate_hz, double duty, double floor_db);

/* A phrase: a syllable train of `seconds` from `start_s`, written over
 * (not added to) the buffer. */
typedef struct sig_phrase {
    double start_s, seconds;
    double syl_rate_hz; /* 0: one steady vowel, no bursts */
    sig_f0 f0;
    double peak_rms;
    double duty;     /* burst share of each syllable period */
    double floor_db; /* level between bursts re the peak (-INFINITY: silence) */
} sig_phrase;

/* Write each phrase into x (n samples at rate_hz); returns the number of
 * syllable bursts written. */
int sig_phrases(float *x, size_t n, double rate_hz, const sig_phrase *p, int count);

/* Add white Gaussian noise of RMS `rms` (seeded: same seed, same noise). */
void sig_add_noise(float *x, size_t n, double rms, uint64_t seed);

/* Add white Gaussian noise band-limited to the telephone band (see below),
 * scaled to RMS `rms` after filtering: the same in-band level at every
 * input rate. */
void sig_add_phone_noise(float *x, size_t n, double rate_hz, double rms, uint64_t seed);

/* RMS of x[0..n). */
double sig_rms(const float *x, size_t n);

/* Noise RMS that puts `signal_rms` at `snr_db` above it. */
double sig_noise_rms(double signal_rms, double snr_db);

/* ---- telephone band ---------------------------------------------------- */

#define SIG_FILTER_MAX_SECTIONS 12

typedef struct sig_filter {
    int n_sections;
    double b[SIG_FILTER_MAX_SECTIONS][3];
    double a[SIG_FILTER_MAX_SECTIONS][3]; /* a[.][0] = 1 */
    double gain;
} sig_filter;

/* The 300-3400 Hz band-pass described above, at `rate_hz`. */
void sig_filter_phone(sig_filter *f, double rate_hz);

/* Filter x in place from a zero state. */
void sig_filter_apply(const sig_filter *f, float *x, size_t n);

/* The filter's magnitude response at `freq_hz`, dB. */
double sig_filter_gain_db(const sig_filter *f, double rate_hz, double freq_hz);

/* Band-pass x in place to the telephone band. */
void sig_phone_band(float *x, size_t n, double rate_hz);

/* Energy of x in [lo_hz, hi_hz) measured with a Hann-windowed real FFT,
 * dB re the whole spectrum's energy (so the whole band gives 0 dB). */
double sig_band_share_db(const float *x, size_t n, double rate_hz, double lo_hz, double hi_hz);

/* ---- running the engine ------------------------------------------------ */

typedef struct sig_run {
    mot_frame *frames;
    size_t n_frames;
    size_t cap_frames;
    mot_summary summary;          /* after finish */
    int window_complete;          /* after finish */
    int status_after_finish;      /* mot_engine_process() after finish */
} sig_run;

/* Feed x to `engine` (reset first) in blocks of `block` samples, with an
 * output buffer of `out_cap` frames, then finish and drain. Frames are
 * appended to run->frames (grown with realloc; the harness allocates, the
 * engine never does). Returns MOT_OK or the first error. */
mot_status sig_run_engine(mot_engine *engine, const float *x, size_t n, size_t block,
                          size_t out_cap, sig_run *run);

/* sig_analyse: as above with a new engine made from cfg (NULL = defaults) and model. */
mot_status sig_analyse(const mot_config *cfg, const mot_model *model, const float *x, size_t n,
                   sig_run *run);

void sig_run_free(sig_run *run);

/* Allocation helpers that abort on failure (tests only). */
float *sig_alloc(size_t n);

/* Samples in `s` seconds at `rate_hz` (rounded). */
size_t sig_samples(double s, double rate_hz);

/* Print a measured figure when MOT_TEST_VERBOSE is set (for reports);
 * tests assert, they do not rely on prints. */
void sig_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Assertions on doubles that say what was measured (need <cmocka.h>). */
#define SIG_ASSERT_NEAR(got, want, tol)                                                   \
    do {                                                                                 \
        double got_ = (got), want_ = (want), tol_ = (tol);                               \
        if (!(fabs(got_ - want_) <= tol_))                                               \
            fail_msg("%s = %.6g, want %.6g +- %.3g", #got, got_, want_, tol_);            \
    } while (0)
#define SIG_ASSERT_GE(got, bound)                                                         \
    do {                                                                                 \
        double got_ = (got), bound_ = (bound);                                           \
        if (!(got_ >= bound_))                                                           \
            fail_msg("%s = %.6g, want >= %.6g", #got, got_, bound_);                      \
    } while (0)
#define SIG_ASSERT_LE(got, bound)                                                         \
    do {                                                                                 \
        double got_ = (got), bound_ = (bound);                                           \
        if (!(got_ <= bound_))                                                           \
            fail_msg("%s = %.6g, want <= %.6g", #got, got_, bound_);                      \
    } while (0)

#endif
