#include "signals.h"

#include <complex.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiss_fftr.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* ---- PRNG ------------------------------------------------------------- */

void sig_rng_seed(sig_rng *r, uint64_t seed)
{
    r->state = seed;
}

/* splitmix64 (Steele, Lea & Flood 2014): passes BigCrush, one word of state. */
uint64_t sig_rng_next(sig_rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double sig_rng_uniform(sig_rng *r)
{
    return (double)(sig_rng_next(r) >> 11) * 0x1.0p-53;
}

double sig_rng_gauss(sig_rng *r)
{
    double u = 1.0 - sig_rng_uniform(r); /* (0, 1]: log is finite */
    double v = sig_rng_uniform(r);
    return sqrt(-2.0 * log(u)) * cos(2.0 * M_PI * v);
}

/* ---- F0 contours -------------------------------------------------------- */

sig_f0 sig_f0_constant(double f0_hz)
{
    return (sig_f0){.kind = SIG_F0_CONSTANT, .f0_hz = f0_hz};
}

sig_f0 sig_f0_glide(double from_hz, double to_hz, double over_s)
{
    return (sig_f0){.kind = SIG_F0_GLIDE, .f0_hz = from_hz, .end_hz = to_hz, .glide_s = over_s};
}

sig_f0 sig_f0_vibrato(double centre_hz, double depth_st, double rate_hz)
{
    return (sig_f0){
        .kind = SIG_F0_VIBRATO, .f0_hz = centre_hz, .depth_st = depth_st, .rate_hz = rate_hz};
}

double sig_f0_at(const sig_f0 *c, double t)
{
    switch (c->kind) {
    case SIG_F0_CONSTANT:
        return c->f0_hz;
    case SIG_F0_GLIDE:
        if (t <= 0.0)
            return c->f0_hz;
        if (t >= c->glide_s)
            return c->end_hz;
        return c->f0_hz + (c->end_hz - c->f0_hz) * t / c->glide_s;
    case SIG_F0_VIBRATO:
        return c->f0_hz * exp2(c->depth_st * sin(2.0 * M_PI * c->rate_hz * t) / 12.0);
    }
    return 0.0;
}

/* ---- generators --------------------------------------------------------- */

void sig_silence(float *x, size_t n)
{
    memset(x, 0, n * sizeof *x);
}

void sig_tone(float *x, size_t n, double rate_hz, double freq_hz, double amp)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(amp * sin(2.0 * M_PI * freq_hz * (double)i / rate_hz));
}

double sig_rms(const float *x, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += (double)x[i] * x[i];
    return n ? sqrt(s / (double)n) : 0.0;
}

double sig_noise_rms(double signal_rms, double snr_db)
{
    return signal_rms * pow(10.0, -snr_db / 20.0);
}

/* Highest harmonic synthesised: the same at every rate, so that a signal
 * made at 48 kHz and one made at 8 kHz differ only in sampling. */
#define SOURCE_TOP_HZ 3600.0
#define SOURCE_KNEE_HZ 200.0

/* One harmonic's amplitude: -6 dB/octave above the knee (glottal flow
 * derivative), tapered to nothing over the top 20 % so that harmonics
 * crossing the top as F0 moves do not click. */
static double harmonic_amp(double f)
{
    if (f >= SOURCE_TOP_HZ)
        return 0.0;
    double a = 1.0 / sqrt(1.0 + (f / SOURCE_KNEE_HZ) * (f / SOURCE_KNEE_HZ));
    double taper_from = 0.8 * SOURCE_TOP_HZ;
    if (f > taper_from)
        a *= 0.5 * (1.0 + cos(M_PI * (f - taper_from) / (SOURCE_TOP_HZ - taper_from)));
    return a;
}

/* Two-pole resonator at `freq_hz` with bandwidth `bw_hz`, unity gain at DC. */
typedef struct resonator {
    double a1, a2, g, y1, y2;
} resonator;

static resonator resonator_make(double rate_hz, double freq_hz, double bw_hz)
{
    double r = exp(-M_PI * bw_hz / rate_hz);
    resonator z = {.a1 = -2.0 * r * cos(2.0 * M_PI * freq_hz / rate_hz), .a2 = r * r};
    z.g = 1.0 + z.a1 + z.a2;
    return z;
}

static double resonator_step(resonator *z, double x)
{
    double y = z->g * x - z->a1 * z->y1 - z->a2 * z->y2;
    z->y2 = z->y1;
    z->y1 = y;
    return y;
}

void sig_voiced(float *x, size_t n, double rate_hz, const sig_f0 *c, double rms)
{
    sig_voiced_weak_odd(x, n, rate_hz, c, rms, 0.0);
}

void sig_voiced_weak_odd(float *x, size_t n, double rate_hz, const sig_f0 *c, double rms,
                         double odd_db)
{
    double odd_gain = pow(10.0, -odd_db / 20.0);
    /* Formants of /a/ (Peterson & Barney, male). */
    resonator f1 = resonator_make(rate_hz, 700.0, 130.0);
    resonator f2 = resonator_make(rate_hz, 1220.0, 70.0);
    resonator f3 = resonator_make(rate_hz, 2600.0, 160.0);
    double phase = 0.0; /* cycles */
    for (size_t i = 0; i < n; i++) {
        double f0 = sig_f0_at(c, (double)i / rate_hz);
        double theta = 2.0 * M_PI * phase;
        double c1 = cos(theta), two_c1 = 2.0 * c1;
        double prev = 1.0, cur = c1, sum = 0.0;
        for (int h = 1; h * f0 < SOURCE_TOP_HZ; h++) {
            sum += harmonic_amp(h * f0) * (h % 2 ? odd_gain : 1.0) * cur;
            double next = two_c1 * cur - prev; /* cos((h+1) theta) */
            prev = cur;
            cur = next;
        }
        double y = resonator_step(&f3, resonator_step(&f2, resonator_step(&f1, sum)));
        x[i] = (float)y;
        phase += f0 / rate_hz;
        phase -= floor(phase);
    }
    double now = sig_rms(x, n);
    if (now > 0.0)
        for (size_t i = 0; i < n; i++)
            x[i] = (float)(x[i] * rms / now);
}

int sig_syllables(float *x, size_t n, double rate_hz, const sig_f0 *c, double peak_rms,
                  double syl_rate_hz, double duty, double floor_db)
{
    sig_voiced(x, n, rate_hz, c, peak_rms);
    double period = 1.0 / syl_rate_hz, burst = duty * period;
    double floor_amp = isfinite(floor_db) ? pow(10.0, floor_db / 20.0) : 0.0;
    for (size_t i = 0; i < n; i++) {
        double t = (double)i / rate_hz;
        double in = fmod(t, period);
        double env = floor_amp;
        if (in < burst) {
            double hann = 0.5 - 0.5 * cos(2.0 * M_PI * in / burst);
            env = floor_amp + (1.0 - floor_amp) * hann;
        }
        x[i] = (float)(x[i] * env);
    }
    double total_s = (double)n / rate_hz;
    return (int)floor((total_s - burst) / period + 1e-9) + 1;
}

int sig_phrases(float *x, size_t n, double rate_hz, const sig_phrase *p, int count)
{
    int bursts = 0;
    for (int i = 0; i < count; i++) {
        size_t at = sig_samples(p[i].start_s, rate_hz), len = sig_samples(p[i].seconds, rate_hz);
        if (at >= n)
            continue;
        if (len > n - at)
            len = n - at;
        if (p[i].syl_rate_hz > 0.0)
            bursts += sig_syllables(x + at, len, rate_hz, &p[i].f0, p[i].peak_rms,
                                    p[i].syl_rate_hz, p[i].duty, p[i].floor_db);
        else
            sig_voiced(x + at, len, rate_hz, &p[i].f0, p[i].peak_rms);
    }
    return bursts;
}

void sig_add_noise(float *x, size_t n, double rms, uint64_t seed)
{
    sig_rng r;
    sig_rng_seed(&r, seed);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(x[i] + rms * sig_rng_gauss(&r));
}

void sig_add_phone_noise(float *x, size_t n, double rate_hz, double rms, uint64_t seed)
{
    float *noise = sig_alloc(n);
    sig_add_noise(noise, n, 1.0, seed);
    sig_phone_band(noise, n, rate_hz);
    double now = sig_rms(noise, n);
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(x[i] + noise[i] * rms / now);
    free(noise);
}

/* ---- telephone band ---------------------------------------------------- */

#define HP_ORDER 12
#define HP_RIPPLE_DB 0.5
#define LP_ORDER 8

/* One biquad section from a z-plane pole pair `p` (and its conjugate) and a
 * double zero at z = `zero` (+1 high-pass, -1 low-pass), unity gain at the
 * opposite end of the band (z = -zero). */
static void add_section(sig_filter *f, double complex p, double zero)
{
    int k = f->n_sections++;
    double complex far = -zero;
    double num = cabs(far - zero) * cabs(far - zero);
    double den = cabs(far - p) * cabs(far - conj(p));
    double g = den / num;
    f->b[k][0] = g;
    f->b[k][1] = -2.0 * zero * g;
    f->b[k][2] = g;
    f->a[k][0] = 1.0;
    f->a[k][1] = -2.0 * creal(p);
    f->a[k][2] = creal(p * conj(p));
}

static double complex bilinear(double complex s, double rate_hz)
{
    double k = 2.0 * rate_hz;
    return (k + s) / (k - s);
}

void sig_filter_phone(sig_filter *f, double rate_hz)
{
    memset(f, 0, sizeof *f);
    f->gain = 1.0;

    /* Chebyshev-I high-pass: prototype low-pass poles p, high-pass poles
     * wc / p (prewarped edge), zeros at s = 0. */
    double eps = sqrt(pow(10.0, HP_RIPPLE_DB / 10.0) - 1.0);
    double mu = asinh(1.0 / eps) / HP_ORDER;
    double wc = 2.0 * rate_hz * tan(M_PI * 300.0 / rate_hz);
    for (int k = 1; k <= HP_ORDER / 2; k++) {
        double th = M_PI * (2.0 * k - 1.0) / (2.0 * HP_ORDER);
        double complex p = -sinh(mu) * sin(th) + I * cosh(mu) * cos(th);
        add_section(f, bilinear(wc / p, rate_hz), 1.0);
    }
    /* An even-order Chebyshev sits at the bottom of its ripple at the far
     * end of the band. */
    f->gain /= sqrt(1.0 + eps * eps);

    /* Butterworth low-pass: poles on the circle of radius wc. */
    wc = 2.0 * rate_hz * tan(M_PI * 3400.0 / rate_hz);
    for (int k = 1; k <= LP_ORDER / 2; k++) {
        double th = M_PI * (2.0 * k - 1.0) / (2.0 * LP_ORDER);
        double complex p = -sin(th) + I * cos(th);
        add_section(f, bilinear(wc * p, rate_hz), -1.0);
    }
}

void sig_filter_apply(const sig_filter *f, float *x, size_t n)
{
    double s1[SIG_FILTER_MAX_SECTIONS] = {0}, s2[SIG_FILTER_MAX_SECTIONS] = {0};
    for (size_t i = 0; i < n; i++) {
        double v = x[i] * f->gain;
        for (int k = 0; k < f->n_sections; k++) {
            /* Direct form II transposed. */
            double y = f->b[k][0] * v + s1[k];
            s1[k] = f->b[k][1] * v - f->a[k][1] * y + s2[k];
            s2[k] = f->b[k][2] * v - f->a[k][2] * y;
            v = y;
        }
        x[i] = (float)v;
    }
}

double sig_filter_gain_db(const sig_filter *f, double rate_hz, double freq_hz)
{
    double complex z1 = cexp(-I * 2.0 * M_PI * freq_hz / rate_hz); /* z^-1 */
    double complex h = f->gain;
    for (int k = 0; k < f->n_sections; k++)
        h *= (f->b[k][0] + f->b[k][1] * z1 + f->b[k][2] * z1 * z1) /
             (1.0 + f->a[k][1] * z1 + f->a[k][2] * z1 * z1);
    return 20.0 * log10(cabs(h));
}

void sig_phone_band(float *x, size_t n, double rate_hz)
{
    sig_filter f;
    sig_filter_phone(&f, rate_hz);
    sig_filter_apply(&f, x, n);
}

double sig_band_share_db(const float *x, size_t n, double rate_hz, double lo_hz, double hi_hz)
{
    int nfft = kiss_fftr_next_fast_size_real((int)n);
    kiss_fftr_cfg cfg = kiss_fftr_alloc(nfft, 0, NULL, NULL);
    kiss_fft_scalar *buf = calloc((size_t)nfft, sizeof *buf);
    kiss_fft_cpx *spec = malloc(((size_t)nfft / 2 + 1) * sizeof *spec);
    if (!cfg || !buf || !spec)
        abort();
    for (size_t i = 0; i < n; i++)
        buf[i] = x[i] * (float)(0.5 - 0.5 * cos(2.0 * M_PI * ((double)i + 0.5) / (double)n));
    kiss_fftr(cfg, buf, spec);
    double band = 0.0, total = 0.0;
    for (int k = 0; k <= nfft / 2; k++) {
        double p = (double)spec[k].r * spec[k].r + (double)spec[k].i * spec[k].i;
        double freq = k * rate_hz / nfft;
        total += p;
        if (freq >= lo_hz && freq < hi_hz)
            band += p;
    }
    kiss_fftr_free(cfg);
    free(buf);
    free(spec);
    return 10.0 * log10((band + 1e-300) / (total + 1e-300));
}

/* ---- running the engine ------------------------------------------------ */

static void append(sig_run *run, const mot_frame *f, size_t n)
{
    if (n == 0)
        return;
    if (run->n_frames + n > run->cap_frames) {
        size_t cap = run->cap_frames ? run->cap_frames : 1024;
        while (cap < run->n_frames + n)
            cap *= 2;
        mot_frame *grown = realloc(run->frames, cap * sizeof *grown);
        if (!grown)
            abort();
        run->frames = grown;
        run->cap_frames = cap;
    }
    memcpy(run->frames + run->n_frames, f, n * sizeof *f);
    run->n_frames += n;
}

mot_status sig_run_engine(mot_engine *engine, const float *x, size_t n, size_t block,
                          size_t out_cap, sig_run *run)
{
    mot_frame *out = malloc(out_cap * sizeof *out);
    if (!out)
        abort();
    mot_engine_reset(engine);
    run->n_frames = 0;
    mot_status st = MOT_OK;
    size_t pos = 0;
    while (pos < n) {
        size_t want = n - pos < block ? n - pos : block;
        size_t n_in = want, n_out = out_cap;
        st = mot_engine_process(engine, x + pos, &n_in, out, &n_out);
        if (st != MOT_OK)
            goto done;
        append(run, out, n_out);
        if (n_in == 0 && n_out == 0) {
            st = MOT_ERR_INVALID_ARG; /* no progress: the engine is stuck */
            goto done;
        }
        pos += n_in;
    }
    for (int guard = 0;; guard++) {
        size_t n_out = out_cap;
        st = mot_engine_finish(engine, out, &n_out);
        if (st != MOT_OK)
            goto done;
        if (n_out == 0)
            break;
        append(run, out, n_out);
        if (guard > 10000000) {
            st = MOT_ERR_INVALID_ARG;
            goto done;
        }
    }
    mot_engine_summary(engine, &run->summary);
    run->window_complete = mot_engine_window_complete(engine);
    {
        float one = 0.0f;
        size_t n_in = 1, n_out = out_cap;
        run->status_after_finish = mot_engine_process(engine, &one, &n_in, out, &n_out);
    }
done:
    free(out);
    return st;
}

mot_status sig_analyse(const mot_config *cfg, const mot_model *model, const float *x, size_t n,
                   sig_run *run)
{
    mot_engine *e = NULL;
    mot_status st = mot_engine_new(cfg, model, &e, NULL, 0);
    if (st != MOT_OK)
        return st;
    st = sig_run_engine(e, x, n, 4096, 256, run);
    mot_engine_free(e);
    return st;
}

void sig_run_free(sig_run *run)
{
    free(run->frames);
    memset(run, 0, sizeof *run);
}

float *sig_alloc(size_t n)
{
    float *x = calloc(n ? n : 1, sizeof *x);
    if (!x)
        abort();
    return x;
}

size_t sig_samples(double s, double rate_hz)
{
    return (size_t)llround(s * rate_hz);
}

void sig_note(const char *fmt, ...)
{
    if (!getenv("MOT_TEST_VERBOSE"))
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
}
