#include "engine/pitch.h"
#include "engine/vec.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <kiss_fftr.h>
#include <speex/speex_resampler.h>

#define RING (MOT_PITCH_LAG_FRAMES + 1)
#define NC MOT_PITCH_MAX_CANDIDATES
#define MEDIAN_MIN_ST (-16.0) /* 40 Hz */
#define MEDIAN_BIN_ST 0.25
#define MEDIAN_BINS 240       /* up to 44 st re 100 Hz, 1270 Hz */
/* The harmonic check looks at the spectrum up to this frequency, where
 * harmonics stay resolved (50 ms frames at the default floor, a few % F0
 * drift; a higher floor shortens the frame and blunts the check, which
 * then charges nothing)... */
#define HARMONIC_LIMIT_HZ 1600.0
/* ...and charges cfg.harmonic_cost in full once peaks stand this far over
 * the half-way points, nothing under HARMONIC_FROM_DB (noise, leakage). */
#define HARMONIC_FROM_DB 3.0
#define HARMONIC_FULL_DB 12.0
/* The autocorrelation runs at half the analysis rate, after speexdsp's
 * resampler (quality DECIMATOR_QUALITY: flat to about 1.6 kHz): a quarter
 * of the FFT work, and the harmonics that decide the period lie below
 * 2 kHz. The resampler's output trails its input by DECIMATOR_LATENCY
 * samples, so frames carry that much context after the analysis window
 * (and as much before it, to keep the window centred). */
#define DECIMATED_RATE_HZ (MOT_ANALYSIS_RATE_HZ / 2)
#define DECIMATOR_QUALITY 2
#define DECIMATOR_LATENCY 32 /* speex_resampler_get_input_latency() at 8 -> 4 kHz, quality 2 */
/* Decimated samples from one frame to the next. */
#define HOP_DECIMATED ((size_t)(MOT_HOP_S * DECIMATED_RATE_HZ + 0.5))

typedef struct candidate {
    float f0_hz;  /* 0 for the unvoiced candidate */
    float r;      /* normalised autocorrelation at the peak, 0..1 */
    float local;  /* local score used by the path */
    float octave; /* log2 of f0_hz, for the path's jump costs */
} candidate;

struct mot_pitch {
    mot_config cfg;
    size_t n;         /* analysis window, samples (the frame without its pads) */
    size_t n_dec;     /* analysis window after decimation, samples */
    size_t nfft;      /* FFT length, >= n_dec + max lag + 2 - n_dec / 12, a multiple of 4 */
    int min_lag;      /* decimated samples, from the ceiling */
    int max_lag;      /* decimated samples, from the floor */
    SpeexResamplerState *decimator;
    float *dec;       /* the analysis window decimated, n_dec */
    float *dec_new;   /* decimator output scratch, frame length / 2 */
    int dec_ready;    /* dec holds the previous frame's: only a hop is new */
    float *windowed;  /* the frame windowed, n: the candidates' periods and
                       * strengths are measured on it */
    float *window;    /* Hann, n */
    float window_sum;   /* sum of window */
    float window_power; /* sum of window^2 */
    float *window_dec;  /* Hann, n_dec */
    float window_dec_sum;
    float *inv_window_ac; /* 1 / normalised autocorrelation of window_dec, max_lag + 2 */
    float *inv_window_ac_full; /* the same for window, 2 max_lag + 4 lags */
    float *buf;       /* nfft, time domain scratch */
    float *peaks;     /* nfft / 2 + 1: power spectrum, max over +-1 bin */
    kiss_fft_cpx *spec; /* nfft / 2 + 1 */
    kiss_fftr_cfg fwd;
    /* The inverse transform of the power spectrum, at half the size. */
    kiss_fftr_cfg half;
    float *half_in;       /* nfft / 2 */
    kiss_fft_cpx *half_out; /* nfft / 4 + 1 */
    float *half_sin, *half_cos; /* sin and cos of pi j / (nfft / 2), j < nfft / 2 */
    double from_ratio, full_ratio; /* HARMONIC_FROM_DB and _FULL_DB as power ratios */
    float global_peak;  /* loudest frame peak so far */
    /* Confidently voiced frames so far, in MEDIAN_BIN_ST semitone bins from
     * MEDIAN_MIN_ST re 100 Hz, and their median. */
    unsigned median_hist[MEDIAN_BINS];
    long n_confident;
    double median_st;

    /* Fixed-lag Viterbi state: a ring of the last RING frames. */
    candidate cand[RING][NC];
    int ncand[RING];
    unsigned char psi[RING][NC]; /* best predecessor in the previous frame */
    double score[NC];            /* cumulative score of the newest frame */
    long frames;                 /* frames pushed since reset */
    int held;                    /* frames pushed but not yet emitted */
    int flush_path[RING];        /* path through the held frames, on flush */
    int flushing;
};

/* Analysis window: 3 periods of the floor, an even number of samples. */
size_t mot_pitch_window_samples(const mot_config *cfg)
{
    return 2 * (size_t)lround(1.5 / cfg->f0_floor_hz * MOT_ANALYSIS_RATE_HZ);
}

size_t mot_pitch_frame_samples(const mot_config *cfg)
{
    return mot_pitch_window_samples(cfg) + 2 * DECIMATOR_LATENCY;
}

void mot_pitch_free(mot_pitch *p)
{
    if (!p)
        return;
    free(p->window);
    free(p->window_dec);
    free(p->dec);
    free(p->dec_new);
    if (p->decimator)
        speex_resampler_destroy(p->decimator);
    free(p->windowed);
    free(p->inv_window_ac_full);
    free(p->inv_window_ac);
    free(p->buf);
    free(p->peaks);
    free(p->spec);
    kiss_fftr_free(p->fwd);
    kiss_fftr_free(p->half);
    free(p->half_in);
    free(p->half_out);
    free(p->half_sin);
    free(p->half_cos);
    free(p);
}

/* p->dec for the frame `x` (with its context). The decimator keeps its own
 * history: the first frame goes in whole, then only the hop each new frame
 * adds. Output j stands for input sample 2 j - DECIMATOR_LATENCY, so the
 * last n_dec outputs are the analysis window, at any frame. */
static void decimate(mot_pitch *p, const float *x)
{
    size_t frame = p->n + 2 * DECIMATOR_LATENCY;
    spx_uint32_t in_len = (spx_uint32_t)frame, out_len = (spx_uint32_t)(frame / 2);
    const float *in = x;
    if (p->dec_ready) {
        in_len = (spx_uint32_t)(2 * HOP_DECIMATED);
        in = x + frame - in_len;
    } else {
        speex_resampler_reset_mem(p->decimator);
    }
    speex_resampler_process_float(p->decimator, 0, in, &in_len, p->dec_new, &out_len);
    size_t got = out_len < p->n_dec ? out_len : p->n_dec;
    memmove(p->dec, p->dec + got, (p->n_dec - got) * sizeof *p->dec);
    memcpy(p->dec + p->n_dec - got, p->dec_new + out_len - got, got * sizeof *p->dec);
    p->dec_ready = 1;
}

/* Autocorrelation of p->buf (n_dec samples, zero-padded to nfft) into p->buf,
 * lags 0..max_lag+1 valid (scaled by nfft), with the power spectrum left in
 * p->spec[k].r. Out-of-place FFTs: kiss_fft allocates otherwise.
 *
 * The power spectrum P is real and even, so its inverse transform is a
 * cosine transform of its h + 1 = nfft / 2 + 1 points: C_m = P_0 / 2 +
 * (-1)^m P_h / 2 + sum_{0<j<h} P_j cos(pi j m / h), the autocorrelation at
 * lag m being 2 C_m. That takes a real FFT of h points, half the work of the
 * full inverse: of f_j = (P_j + P_{h-j}) / 2 - sin(pi j / h) (P_j - P_{h-j}),
 * whose transform F (kiss's sign) gives C_{2k} = Re F_k and C_{2k+1} =
 * C_{2k-1} - Im F_k, from C_1 summed directly (Numerical Recipes' cosft1). */
static void autocorrelate(mot_pitch *p)
{
    kiss_fftr(p->fwd, p->buf, p->spec);
    const size_t h = p->nfft / 2;
    kiss_fft_cpx *s = p->spec;
    for (size_t k = 0; k <= h; k++)
        s[k].r = s[k].r * s[k].r + s[k].i * s[k].i;
    double c1 = 0.5 * ((double)s[0].r - s[h].r);
    p->half_in[0] = 0.5f * (s[0].r + s[h].r);
    for (size_t j = 1; j < h; j++) {
        float a = s[j].r, b = s[h - j].r;
        p->half_in[j] = 0.5f * (a + b) - p->half_sin[j] * (a - b);
        c1 += (double)a * p->half_cos[j];
    }
    kiss_fftr(p->half, p->half_in, p->half_out);
    const size_t last = (size_t)p->max_lag + 1;
    double odd = c1;
    for (size_t k = 0; 2 * k <= last; k++) {
        p->buf[2 * k] = 2.0f * p->half_out[k].r;
        if (k > 0)
            odd -= p->half_out[k].i;
        p->buf[2 * k + 1] = (float)(2.0 * odd);
    }
}


mot_status mot_pitch_new(const mot_config *cfg, mot_pitch **out)
{
    *out = NULL;
    mot_pitch *p = calloc(1, sizeof *p);
    if (!p)
        return MOT_ERR_NOMEM;
    p->cfg = *cfg;
    p->n = mot_pitch_window_samples(cfg);
    p->n_dec = p->n / 2;
    p->min_lag = (int)floor(DECIMATED_RATE_HZ / cfg->f0_ceiling_hz);
    if (p->min_lag < 2)
        p->min_lag = 2;
    p->max_lag = (int)ceil(DECIMATED_RATE_HZ / cfg->f0_floor_hz);
    /* The circular autocorrelation adds r(nfft - lag) to r(lag). Letting the
     * Hann-tapered frame wrap onto its outermost n_dec/12 samples (window
     * under 0.07 there: the products that wrap stay under 1e-4 of r(0))
     * allows nfft = 256 instead of 270 at the default floor, a power of
     * two. */
    p->nfft = 2 * (size_t)kiss_fftr_next_fast_size_real(
        (int)(p->n_dec + (size_t)p->max_lag + 3 - p->n_dec / 12) / 2); /* h = nfft / 2 even */
    p->window = malloc(p->n * sizeof *p->window);
    p->windowed = malloc(p->n * sizeof *p->windowed);
    p->inv_window_ac_full = malloc((2 * (size_t)p->max_lag + 4) * sizeof *p->inv_window_ac_full);
    p->window_dec = malloc(p->n_dec * sizeof *p->window_dec);
    p->dec = malloc(p->n_dec * sizeof *p->dec);
    p->dec_new = malloc((p->n / 2 + DECIMATOR_LATENCY) * sizeof *p->dec_new);
    int err = 0;
    p->decimator = speex_resampler_init(1, MOT_ANALYSIS_RATE_HZ, DECIMATED_RATE_HZ,
                                        DECIMATOR_QUALITY, &err);
    p->inv_window_ac = malloc(((size_t)p->max_lag + 2) * sizeof *p->inv_window_ac);
    p->buf = malloc(p->nfft * sizeof *p->buf);
    p->spec = malloc((p->nfft / 2 + 1) * sizeof *p->spec);
    p->peaks = malloc((p->nfft / 2 + 1) * sizeof *p->peaks);
    p->fwd = kiss_fftr_alloc((int)p->nfft, 0, NULL, NULL);
    p->half = kiss_fftr_alloc((int)p->nfft / 2, 0, NULL, NULL);
    p->half_in = malloc(p->nfft / 2 * sizeof *p->half_in);
    p->half_out = malloc((p->nfft / 4 + 1) * sizeof *p->half_out);
    p->half_sin = malloc(p->nfft / 2 * sizeof *p->half_sin);
    p->half_cos = malloc(p->nfft / 2 * sizeof *p->half_cos);
    if (!p->window || !p->windowed || !p->inv_window_ac_full || !p->window_dec || !p->dec ||
        !p->dec_new || !p->decimator || !p->inv_window_ac || !p->buf || !p->spec || !p->peaks ||
        !p->fwd || !p->half || !p->half_in || !p->half_out || !p->half_sin || !p->half_cos) {
        mot_pitch_free(p);
        return MOT_ERR_NOMEM;
    }
    for (size_t j = 0; j < p->nfft / 2; j++) {
        p->half_sin[j] = (float)sin(M_PI * (double)j / (double)(p->nfft / 2));
        p->half_cos[j] = (float)cos(M_PI * (double)j / (double)(p->nfft / 2));
    }
    p->from_ratio = pow(10.0, HARMONIC_FROM_DB / 10.0);
    p->full_ratio = pow(10.0, HARMONIC_FULL_DB / 10.0);
    p->window_sum = mot_hann(p->window, p->n);
    p->window_power = mot_dot(p->window, p->window, p->n);
    p->window_dec_sum = mot_hann(p->window_dec, p->n_dec);
    if (speex_resampler_get_input_latency(p->decimator) != DECIMATOR_LATENCY) {
        mot_pitch_free(p); /* a speexdsp whose filter differs: frames would not line up */
        return MOT_ERR_RESAMPLER;
    }
    for (size_t lag = 0; lag < 2 * (size_t)p->max_lag + 4; lag++)
        p->inv_window_ac_full[lag] =
            lag < p->n ? p->window_power / mot_dot(p->window, p->window + lag, p->n - lag) : 0.0f;
    memset(p->buf, 0, p->nfft * sizeof *p->buf);
    memcpy(p->buf, p->window_dec, p->n_dec * sizeof *p->buf);
    autocorrelate(p);
    for (int lag = 0; lag < p->max_lag + 2; lag++)
        p->inv_window_ac[lag] = p->buf[0] / p->buf[lag];
    mot_pitch_reset(p);
    *out = p;
    return MOT_OK;
}

void mot_pitch_reset(mot_pitch *p)
{
    p->global_peak = 0.0f;
    p->dec_ready = 0;
    memset(p->median_hist, 0, sizeof p->median_hist);
    p->n_confident = 0;
    p->median_st = 0.0;
    p->frames = 0;
    p->held = 0;
    p->flushing = 0;
}

/* Insert `c` into the candidate list `list` (kept sorted by local score,
 * best first, at most NC - 1 voiced entries after the unvoiced slot 0). */
static void keep_candidate(candidate *list, int *count, candidate c)
{
    int n = *count;
    if (n == NC && list[NC - 1].local >= c.local)
        return;
    int pos = n < NC ? n : NC - 1;
    while (pos > 1 && list[pos - 1].local < c.local) {
        list[pos] = list[pos - 1];
        pos--;
    }
    list[pos] = c;
    if (n < NC)
        (*count)++;
}

/* Extra cost of a candidate far above the speaker's own pitch. Frication
 * and line noise narrowed by a telephone band correlate strongly at short
 * lags, and a telephone band that removed the fundamental leaves the second
 * or third harmonic looking like one. De Looze & Hirst (2008) put a
 * speaker's ceiling at 1.5 times the third quartile of their F0, about
 * RANGE_FREE_OCT over the median for a typical spread; beyond it each
 * octave costs cfg.range_cost (a soft cost: real excursions stay). Nothing
 * before MOT_PITCH_CONFIDENT_FRAMES confident frames have given the median. */
#define RANGE_FREE_OCT 0.75
static double range_cost(const mot_pitch *p, double octave)
{
    if (p->n_confident < MOT_PITCH_CONFIDENT_FRAMES)
        return 0.0;
    double above_oct = octave - log2(100.0) - p->median_st / 12.0 - RANGE_FREE_OCT;
    return above_oct > 0.0 ? p->cfg.range_cost * above_oct : 0.0;
}

/* A voiced candidate's local score before the spectral check: its strength
 * `r`, less Praat's octave cost (which favours the higher of candidates
 * alike) and the range cost. */
static double path_score(const mot_pitch *p, double r, double octave)
{
    return r - p->cfg.octave_cost * (log2(p->cfg.f0_ceiling_hz) - octave) - range_cost(p, octave);
}

/* Add (`step` 1) or take back (-1) a decided frame's count towards the
 * speaker's median if it is confidently voiced; the median is the middle of
 * the histogram's occupied bins. */
static void track_median(mot_pitch *p, float f0_hz, float voicing, int step)
{
    if (f0_hz <= 0.0f || voicing < MOT_PITCH_CONFIDENT_VOICING)
        return;
    long bin = lround(floor((12.0 * log2(f0_hz / 100.0) - MEDIAN_MIN_ST) / MEDIAN_BIN_ST));
    bin = bin < 0 ? 0 : bin >= MEDIAN_BINS ? MEDIAN_BINS - 1 : bin;
    if (step < 0 && p->median_hist[bin] == 0)
        return; /* never counted */
    p->median_hist[bin] += (unsigned)step;
    p->n_confident += step;
    long half = (p->n_confident + 1) / 2, seen = 0;
    for (int b = 0; b < MEDIAN_BINS && half > 0; b++) {
        seen += p->median_hist[b];
        if (seen >= half) {
            p->median_st = MEDIAN_MIN_ST + (b + 0.5) * MEDIAN_BIN_ST;
            break;
        }
    }
}

void mot_pitch_untrack(mot_pitch *p, float f0_hz, float voicing)
{
    track_median(p, f0_hz, voicing, -1);
}

/* p->peaks from the power spectrum that autocorrelate() leaves in
 * p->spec: each bin the largest of itself and its neighbours, so that a
 * harmonic is found within a bin of where a candidate puts it. */
static void find_peaks(mot_pitch *p)
{
    size_t last = p->nfft / 2;
    for (size_t k = 0; k <= last; k++) {
        float m = p->spec[k].r;
        if (k > 0 && p->spec[k - 1].r > m)
            m = p->spec[k - 1].r;
        if (k < last && p->spec[k + 1].r > m)
            m = p->spec[k + 1].r;
        p->peaks[k] = m;
    }
}

/* p->peaks at fractional bin `bin`. */
static double bin_power(const mot_pitch *p, double bin)
{
    long k = (long)(bin + 0.5); /* bin >= 0; a signed conversion costs less */
    return k <= (long)(p->nfft / 2) ? p->peaks[k] : 0.0;
}

/* How far the spectrum at the multiples j * step that are not multiples
 * of m * step stands over the spectrum half a step to either side, up to
 * HARMONIC_LIMIT_HZ, as a power ratio: well over 1 when those are
 * harmonics of a fundamental `step`, under 1 when they are the valleys
 * between the harmonics of m * step; 1 where the spectrum is empty. Power
 * sums, so the strongest harmonics decide and bands that a telephone line
 * removed add little. */
static double prominence(const mot_pitch *p, double step, int m)
{
    double bins = step * (double)p->nfft / DECIMATED_RATE_HZ; /* step in bins */
    double last = HARMONIC_LIMIT_HZ * (double)p->nfft / DECIMATED_RATE_HZ;
    double peak = 0.0, valley = 0.0, before = bin_power(p, 0.5 * bins);
    for (int j = 1, left = m - 1; j * bins <= last; j++, left--) { /* left: j % m != 0 */
        double after = bin_power(p, (j + 0.5) * bins);
        if (left != 0) {
            peak += bin_power(p, j * bins);
            valley += 0.5 * (before + after);
        } else {
            left = m;
        }
        before = after;
    }
    return peak > 0.0 && valley > 0.0 ? peak / valley : 1.0;
}

/* Whether the spectrum has a peak at `hz` itself, HARMONIC_FROM_DB over the
 * points half a partial to either side. */
static int partial_present(const mot_pitch *p, double hz)
{
    double bins = hz * (double)p->nfft / DECIMATED_RATE_HZ;
    double valley = 0.5 * (bin_power(p, 0.5 * bins) + bin_power(p, 1.5 * bins));
    double peak = bin_power(p, bins);
    return peak > 0.0 && valley > 0.0 && peak / valley >= p->from_ratio;
}

/* What a power ratio, or its inverse when `invert`, says: 0 up to
 * HARMONIC_FROM_DB, 1 from HARMONIC_FULL_DB, linear in dB between. The
 * logarithm is taken only between the two: most ratios lie outside. */
static double evidence(const mot_pitch *p, double ratio, int invert)
{
    double x = invert ? 1.0 / ratio : ratio;
    if (!(x > p->from_ratio))
        return 0.0;
    if (x >= p->full_ratio)
        return 1.0;
    double db = (invert ? -10.0 : 10.0) * log10(ratio);
    double e = (db - HARMONIC_FROM_DB) / (HARMONIC_FULL_DB - HARMONIC_FROM_DB);
    return e < 0.0 ? 0.0 : e > 1.0 ? 1.0 : e;
}

/* Spectral check of a candidate `f0` against its octave neighbours. The
 * autocorrelation scores f0, 2 f0 and f0 / 2 almost alike when the odd
 * harmonics are weak (high vowels; a fundamental removed by the line):
 * peaks at f0 / 2 or f0 / 3 and their multiples between f0's harmonics
 * say f0 is a multiple of a real fundamental (after Sun 2002's
 * subharmonic-to-harmonic ratio, but measured against the valleys rather
 * than the harmonics, so that weak subharmonics count). That is asked only
 * where the lower fundamental's own partial is missing, as on a telephone
 * band: where it is there, the autocorrelation sees its period, and weak
 * subharmonics of a rough or creaky voice must not pull the track down an
 * octave (Praat hears the higher pitch there, and so do listeners). Valleys at f0's
 * own harmonics other than those of 2 f0 (or of 3 f0) say f0 is a
 * subharmonic of 2 f0 (or 3 f0). */
static double harmonic_cost(const mot_pitch *p, double f0)
{
    double e = 0.0;
    for (int m = 2; m <= 3; m++) {
        e = fmax(e, evidence(p, prominence(p, f0, m), 1));
        double g = f0 / m;
        if (g >= p->cfg.f0_floor_hz && !partial_present(p, g))
            e = fmax(e, evidence(p, prominence(p, g, m), 0));
    }
    return p->cfg.harmonic_cost * e;
}

/* A normalised autocorrelation peak as a strength: beyond 1 only by
 * window-edge effects, folded back under 1 as Praat does. */
static double strength(double r)
{
    return r > 1.0 ? 1.0 / r : r;
}

/* Autocorrelation of the full-rate windowed frame `w` at `lag`, normalised
 * by the window's own (divide by the frame's power for a strength). */
static double full_rate_ac(const mot_pitch *p, const float *w, size_t lag)
{
    return mot_dot(w, w + lag, p->n - lag) * p->inv_window_ac_full[lag];
}

/* The candidate's period on the full-rate frame, and the full-band
 * strength there (returned). The autocorrelation's peak nearest the
 * decimated estimate (climbing at most two lags to it), then a parabola
 * through it and its neighbours. The period moves only within
 * REFINE_MAX_LAGS of the decimated estimate and inside the pitch range: a
 * tone above the decimated band (a whistle, in-band signalling at 2600 Hz)
 * ripples the full-band autocorrelation with its own period, a few lags,
 * and would pull the peak by as much. */
#define REFINE_MAX_LAGS 0.5
static double refine(const mot_pitch *p, const float *w, double power, candidate *c)
{
    double lag0 = MOT_ANALYSIS_RATE_HZ / (double)c->f0_hz;
    size_t lo = 2, hi = 2 * (size_t)p->max_lag + 2;
    if (!(lag0 > (double)lo + 0.5 && lag0 < (double)hi - 0.5))
        return c->r;
    size_t lag = (size_t)(lag0 + 0.5);
    if (lag + 3 >= p->n)
        return c->r;
    double a = full_rate_ac(p, w, lag - 1), b = full_rate_ac(p, w, lag),
           d = full_rate_ac(p, w, lag + 1);
    for (int step = 0; step < 2 && (a > b || d > b); step++) {
        if (a > b && lag - 1 > lo) {
            lag--;
            d = b;
            b = a;
            a = full_rate_ac(p, w, lag - 1);
        } else if (d > b && lag + 1 < hi) {
            lag++;
            a = b;
            b = d;
            d = full_rate_ac(p, w, lag + 1);
        } else {
            break;
        }
    }
    double den = a - 2.0 * b + d;
    if (!(b >= a && b >= d && den < 0.0))
        return strength(b / power);
    double shift = 0.5 * (a - d) / den;
    double refined = (double)lag + shift;
    double f = MOT_ANALYSIS_RATE_HZ / refined;
    if (fabs(refined - lag0) <= REFINE_MAX_LAGS && f >= p->cfg.f0_floor_hz &&
        f <= p->cfg.f0_ceiling_hz)
        c->f0_hz = (float)f;
    return strength((b - 0.25 * (a - d) * shift) / power);
}

/* Candidates for one frame into list (slot 0 = unvoiced). */
static int find_candidates(mot_pitch *p, const float *x, float *energy_dbfs, candidate *list)
{
    const mot_config *c = &p->cfg;
    decimate(p, x);
    /* The window-weighted mean: what is left has no DC once windowed. */
    const float *in = x + DECIMATOR_LATENCY;
    float mean = mot_dot(in, p->window, p->n) / p->window_sum;
    float *w = p->windowed;
    for (size_t i = 0; i < p->n; i++)
        w[i] = (in[i] - mean) * p->window[i];
    double power = mot_dot(w, w, p->n);
    /* As in Praat, the frame's peak is that of the windowed frame within
     * half a longest period of its centre. */
    float peak = 0.0f;
    size_t half = (size_t)p->max_lag + 1; /* decimated lags: half a period at full rate */
    for (size_t i = p->n / 2 - half; i < p->n / 2 + half; i++)
        peak = fabsf(w[i]) > peak ? fabsf(w[i]) : peak;
    double ms = power / p->window_power;
    *energy_dbfs = ms > 1e-12 ? (float)(10.0 * log10(ms)) : -120.0f;
    if (peak > p->global_peak)
        p->global_peak = peak;

    /* Praat's unvoiced strength: quiet frames (relative to the loudest peak)
     * lean unvoiced. */
    double intensity = p->global_peak > 0.0f ? peak / p->global_peak : 0.0;
    double unvoiced = c->silence_threshold > 0.0
                          ? 2.0 - intensity / (c->silence_threshold / (1.0 + c->voicing_threshold))
                          : 0.0;
    list[0] = (candidate){0.0f, 0.0f, (float)(c->voicing_threshold + fmax(unvoiced, 0.0)), 0.0f};
    int count = 1;
    /* Skip the autocorrelation where no voiced candidate could win: with an
     * unvoiced strength of at least 1 plus twice the voiced/unvoiced cost,
     * any r <= 1 loses whatever the neighbouring frames are. Such frames
     * report voicing 0, as do frames under -120 dBFS (denormal float
     * "silence": its autocorrelation is rounding noise, or 0 / 0). */
    if (peak <= 0.0f || !(ms > 1e-12) || list[0].local >= 1.0 + 2.0 * c->voiced_unvoiced_cost)
        return count;

    float mean_dec = mot_dot(p->dec, p->window_dec, p->n_dec) / p->window_dec_sum;
    for (size_t i = 0; i < p->n_dec; i++)
        p->buf[i] = (p->dec[i] - mean_dec) * p->window_dec[i];
    memset(p->buf + p->n_dec, 0, (p->nfft - p->n_dec) * sizeof *p->buf);
    autocorrelate(p);
    float r0 = p->buf[0];
    if (!(r0 >= FLT_MIN)) /* nothing under 2 kHz: 1 / r0 would overflow */
        return count;
    float *r = p->buf;
    float scale = 1.0f / r0;
    for (int lag = 1; lag <= p->max_lag + 1; lag++)
        r[lag] *= scale * p->inv_window_ac[lag];

    candidate best = {0.0f, 0.0f, 0.0f, 0.0f}; /* the strongest peak, kept or not */
    for (int lag = p->min_lag; lag <= p->max_lag; lag++) {
        if (!(r[lag] > r[lag - 1] && r[lag] >= r[lag + 1]))
            continue;
        /* Parabolic refinement of the peak's lag and height (the period
         * is refined again at the full rate below). */
        double a = r[lag - 1], b = r[lag], d = r[lag + 1];
        double den = a - 2.0 * b + d;
        double shift = den < 0.0 ? 0.5 * (a - d) / den : 0.0;
        double height = b - 0.25 * (a - d) * shift;
        double f0 = DECIMATED_RATE_HZ / ((double)lag + shift);
        height = strength(height);
        if (height > best.r)
            best = (candidate){(float)f0, (float)height, 0.0f, 0.0f};
        if (!(height >= 0.5 * c->voicing_threshold && f0 >= c->f0_floor_hz &&
              f0 <= c->f0_ceiling_hz))
            continue;
        double octave = log2(f0);
        candidate v = {(float)f0, (float)height, (float)path_score(p, height, octave),
                       (float)octave};
        keep_candidate(list, &count, v);
    }
    /* The candidates' strengths, the voicing, as Praat measures it over
     * the whole band. The decimated frame is low-passed, and low-passed
     * noise correlates at long lags (near the floor, where the window's own
     * autocorrelation is small) about twice as strongly as the full band
     * does, so that breath and hiss between words would pass for a voice
     * at 60-65 Hz. But the candidates are ranked on the decimated strengths:
     * a tone above the decimated band, periodic at every multiple of its
     * own period, lines up with some candidates and not others in the full
     * band, and would have the path follow it instead of the voice. So the
     * frame's strengths are scaled by how much weaker the best full-band
     * one (each capped at its decimated one, which a tone cannot raise) is
     * than the best decimated one. Each candidate's period is refined on
     * the full-rate frame; then its score: the strength, Praat's octave
     * cost, the range cost and the spectral check. With no candidate kept,
     * the strongest peak stands for the frame's voicing. */
    candidate *first = count > 1 ? &list[1] : &best;
    int last = count > 1 ? count - 1 : 1;
    float dec_best = 0.0f, full_best = 0.0f;
    for (int i = 0; i < last; i++) {
        candidate *v = first + i;
        if (v->r <= 0.0f)
            continue;
        dec_best = fmaxf(dec_best, v->r);
        float full = (float)refine(p, p->windowed, power, v);
        if (full > 0.0f) /* and not NaN */
            full_best = fmaxf(full_best, fminf(v->r, full));
    }
    float weaker = dec_best > 0.0f ? fminf(1.0f, full_best / dec_best) : 0.0f;
    if (c->harmonic_cost > 0.0 && count > 1)
        find_peaks(p);
    for (int i = 1; i < count; i++) {
        candidate *v = &list[i];
        v->r *= weaker;
        v->octave = log2f(v->f0_hz);
        v->local = (float)path_score(p, v->r, v->octave);
        if (c->harmonic_cost > 0.0)
            v->local -= (float)harmonic_cost(p, v->f0_hz);
    }
    /* Reported as voicing when the path chooses unvoiced. */
    list[0].r = dec_best * weaker;
    return count;
}

static double transition(const mot_config *c, const candidate *from, const candidate *to)
{
    int v1 = from->f0_hz > 0.0f, v2 = to->f0_hz > 0.0f;
    if (v1 && v2)
        return c->octave_jump_cost * fabsf(from->octave - to->octave);
    return v1 != v2 ? c->voiced_unvoiced_cost : 0.0;
}

static int best_index(const double *score, int n)
{
    int best = 0;
    for (int j = 1; j < n; j++)
        if (score[j] > score[best])
            best = j;
    return best;
}

/* Slot of the frame `back` frames before the newest. */
static int slot(const mot_pitch *p, int back)
{
    return (int)((p->frames - 1 - back) % RING);
}

static void emit(mot_pitch *p, const candidate *c, float *f0_hz, float *voicing)
{
    *f0_hz = c->f0_hz;
    *voicing = c->r < 0.0f ? 0.0f : c->r > 1.0f ? 1.0f : c->r;
    track_median(p, *f0_hz, *voicing, 1);
}

int mot_pitch_push(mot_pitch *p, const float *frame, float *energy_dbfs, float *f0_hz,
                   float *voicing)
{
    int s = (int)(p->frames % RING);
    candidate *cur = p->cand[s];
    int n = p->ncand[s] = find_candidates(p, frame, energy_dbfs, cur);
    double next[NC];
    if (p->frames == 0) {
        for (int j = 0; j < n; j++) {
            next[j] = cur[j].local;
            p->psi[s][j] = 0;
        }
    } else {
        int ps = (int)((p->frames - 1) % RING);
        const candidate *prev = p->cand[ps];
        int pn = p->ncand[ps];
        for (int j = 0; j < n; j++) {
            int arg = 0;
            double best = -INFINITY;
            for (int i = 0; i < pn; i++) {
                double v = p->score[i] - transition(&p->cfg, &prev[i], &cur[j]);
                if (v > best) {
                    best = v;
                    arg = i;
                }
            }
            next[j] = best + cur[j].local;
            p->psi[s][j] = (unsigned char)arg;
        }
    }
    /* Keep scores near zero: only differences matter. */
    double top = next[best_index(next, n)];
    for (int j = 0; j < n; j++)
        p->score[j] = next[j] - top;
    p->frames++;
    p->held++;
    if (p->held <= MOT_PITCH_LAG_FRAMES)
        return 0;

    /* Trace the best path back to the oldest held frame and emit it. */
    int j = best_index(p->score, n);
    for (int back = 0; back < p->held - 1; back++) {
        j = p->psi[s][j];
        s = s == 0 ? RING - 1 : s - 1; /* slot(p, back + 1), without a division */
    }
    emit(p, &p->cand[s][j], f0_hz, voicing);
    p->held--;
    return 1;
}

int mot_pitch_flush(mot_pitch *p, float *f0_hz, float *voicing)
{
    if (p->held == 0)
        return 0;
    if (!p->flushing) {
        /* One trace from the best final candidate fixes all held frames. */
        int j = best_index(p->score, p->ncand[slot(p, 0)]);
        for (int back = 0; back < p->held; back++) {
            p->flush_path[back] = j;
            j = p->psi[slot(p, back)][j];
        }
        p->flushing = 1;
    }
    int back = p->held - 1;
    emit(p, &p->cand[slot(p, back)][p->flush_path[back]], f0_hz, voicing);
    p->held--;
    if (p->held == 0)
        p->flushing = 0;
    return 1;
}
