#include "engine/tone.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <kiss_fftr.h>

#include "engine/band.h"
#include "engine/vec.h"
#include "mot/config.h"

#define HOP 80                      /* MOT_HOP_S at MOT_ANALYSIS_RATE_HZ */
#define STRIDE MOT_TONE_STRIDE      /* frames per spectrum */
#define STEP (STRIDE * HOP)         /* samples between spectra */
#define LAG (MOT_TONE_STEADY_LAG / STRIDE)
#define RUN (MOT_TONE_FRAMES / STRIDE)
#define REACH (MOT_TONE_REACH / STRIDE)
#define RING (MOT_TONE_RING / STRIDE)
#define DECIMATE 2                  /* every second sample is read */
#define RATE (MOT_ANALYSIS_RATE_HZ / DECIMATE)
#define SPAN 800                    /* MOT_TONE_WINDOW_S at MOT_ANALYSIS_RATE_HZ */
#define WINDOW (SPAN / DECIMATE)    /* the same at RATE */
#define NFFT WINDOW                 /* 2^4 5^2: a fast size for kiss_fftr */
#define BINS (NFFT / 2 + 1)
#define LINE_HALF_BINS 2            /* the Hann main lobe, either side */
#define LOW_BIN ((int)(MOT_BAND_LOW_HZ * NFFT / RATE))
#define SPECTRA (LAG + 1)
_Static_assert(MOT_TONE_STEADY_LAG % STRIDE == 0 && MOT_TONE_FRAMES % STRIDE == 0 &&
                   MOT_TONE_REACH % STRIDE == 0 && MOT_TONE_RING % STRIDE == 0,
               "the tone lag, run, reach and ring are whole spectra");

enum { PURE = 1, STRICT = 2 };

struct mot_tone {
    float window[WINDOW];
    float samples[WINDOW]; /* the latest WINDOW samples read, a ring at `pos` */
    size_t pos;
    unsigned long long n;  /* samples pushed */
    long spectra;          /* spectra read: spectrum j is centred on frame j * STRIDE */
    float buf[NFFT];
    kiss_fft_cpx spec[BINS];
    float power[BINS];
    float mag[SPECTRA][BINS]; /* magnitude spectra of the latest spectra */
    double total[SPECTRA];    /* and their power over LOW_BIN */
    float level[RING];
    unsigned char flags[RING];
    kiss_fftr_cfg fft;
};

void mot_tone_free(mot_tone *t)
{
    if (!t)
        return;
    kiss_fftr_free(t->fft);
    free(t);
}

mot_status mot_tone_new(mot_tone **out)
{
    if (!out)
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    mot_tone *t = calloc(1, sizeof *t);
    if (!t)
        return MOT_ERR_NOMEM;
    t->fft = kiss_fftr_alloc(NFFT, 0, NULL, NULL);
    if (!t->fft) {
        mot_tone_free(t);
        return MOT_ERR_NOMEM;
    }
    mot_hann(t->window, WINDOW);
    mot_tone_reset(t);
    *out = t;
    return MOT_OK;
}

void mot_tone_reset(mot_tone *t)
{
    memset(t->samples, 0, sizeof t->samples);
    t->pos = 0;
    t->n = 0;
    t->spectra = 0;
}

/* Power of the line around bin k, cleared so that the next search finds
 * another line. */
static double take_line(float *power, int k)
{
    double sum = 0.0;
    for (int i = k - LINE_HALF_BINS; i <= k + LINE_HALF_BINS; i++)
        if (i >= LOW_BIN && i < BINS) {
            sum += power[i];
            power[i] = 0.0f;
        }
    return sum;
}

/* Whether lines at bins `a` and `b` (as read, the band over 2 kHz folded)
 * can be harmonics 1 and 2, 1 and 3, or 2 and 3 of one voice: then they are
 * a voice's, not a call-progress tone's (no pair of E.180 tones is so
 * related, the nearest being 3 x 400 against 2 x 450 Hz, 30 bins off; a
 * generator's own harmonics lie some 30 dB down). */
#define HARMONIC_PAIR_BINS 3
static int harmonic_pair(int a, int b)
{
    static const int pairs[][2] = {{1, 2}, {1, 3}, {2, 3}};
    for (int fa = 0; fa < 2; fa++)
        for (int fb = 0; fb < 2; fb++) {
            int x = fa ? NFFT - a : a, y = fb ? NFFT - b : b;
            int lo = x < y ? x : y, hi = x < y ? y : x;
            for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
                if (abs(pairs[i][1] * lo - pairs[i][0] * hi) <= HARMONIC_PAIR_BINS)
                    return 1;
        }
    return 0;
}

static int strongest(const float *power)
{
    int best = LOW_BIN;
    for (int i = LOW_BIN + 1; i < BINS; i++)
        if (power[i] > power[best])
            best = i;
    return best;
}

/* Features of spectrum `j`, whose window the ring now holds. */
static void analyse(mot_tone *t, long j)
{
    /* The ring from `pos` on is the oldest part of the window. */
    size_t old = WINDOW - t->pos;
    for (size_t i = 0; i < old; i++)
        t->buf[i] = t->samples[t->pos + i] * t->window[i];
    for (size_t i = old; i < WINDOW; i++)
        t->buf[i] = t->samples[i - old] * t->window[i];
    kiss_fftr(t->fft, t->buf, t->spec);
    float *power = t->power, *mag = t->mag[j % SPECTRA];
    const float *before = t->mag[(j + SPECTRA - LAG) % SPECTRA];
    for (int i = LOW_BIN; i < BINS; i++)
        power[i] = t->spec[i].r * t->spec[i].r + t->spec[i].i * t->spec[i].i;
    for (int i = LOW_BIN; i < BINS; i++)
        mag[i] = sqrtf(power[i]);
    double total = mot_dot(mag + LOW_BIN, mag + LOW_BIN, BINS - LOW_BIN);
    double dot = mot_dot(mag + LOW_BIN, before + LOW_BIN, BINS - LOW_BIN);
    double total_before = t->total[(j + SPECTRA - LAG) % SPECTRA];
    t->total[j % SPECTRA] = total;
    /* The same scale as mot_band_level_dbfs(): the RMS of the windowed
     * frame over the window's own power (3/8 of its length for Hann). */
    double ms = 2.0 * total / ((double)NFFT * WINDOW * 0.375);
    float level = ms > 1e-12 ? (float)(10.0 * log10(ms)) : -120.0f;
    unsigned char flags = 0;
    if (ms > 1e-12) {
        int first = strongest(power);
        double lines = take_line(power, first);
        int second = strongest(power);
        double weaker = take_line(power, second);
        lines += weaker;
        if (lines >= MOT_TONE_PURITY * total &&
            !(weaker >= MOT_TONE_HARMONIC_SHARE * total && harmonic_pair(first, second)))
            flags |= PURE;
    }
    if (flags && j >= LAG && total_before > 0.0) {
        int prev = (int)((j - 1) % RING);
        double steady = dot / sqrt(total * total_before);
        if (steady >= MOT_TONE_STEADY && (t->flags[prev] & PURE) &&
            fabsf(level - t->level[prev]) <= MOT_TONE_STEP_DB)
            flags |= STRICT;
    }
    t->level[j % RING] = level;
    t->flags[j % RING] = flags;
}

void mot_tone_push(mot_tone *t, const float *x, size_t n)
{
    while (n > 0) {
        /* Spectrum j's window ends SPAN / 2 after the centre of frame
         * j * STRIDE. */
        unsigned long long end = (unsigned long long)t->spectra * STEP + HOP / 2 + SPAN / 2;
        size_t take = n;
        if (take > end - t->n)
            take = (size_t)(end - t->n);
        for (size_t i = (size_t)((DECIMATE - t->n % DECIMATE) % DECIMATE); i < take; i += DECIMATE) {
            t->samples[t->pos] = x[i];
            t->pos = t->pos + 1 == WINDOW ? 0 : t->pos + 1;
        }
        t->n += take;
        x += take;
        n -= take;
        if (t->n == end) {
            analyse(t, t->spectra);
            t->spectra++;
        }
    }
}

static unsigned char flags_at(const mot_tone *t, long j)
{
    return t->flags[j % RING];
}

int mot_tone_is_tone(const mot_tone *t, long k)
{
    long j = (k + STRIDE / 2) / STRIDE; /* the spectrum nearest frame k */
    long oldest = t->spectra - RING;
    if (oldest < 0)
        oldest = 0;
    if (k < 0 || j < oldest || j >= t->spectra || !(flags_at(t, j) & PURE))
        return 0;
    /* The pure spectra around j, as far as a run could reach j from. */
    long lo = j, hi = j;
    long lo_limit = j - REACH - RUN + 1;
    long hi_limit = j + REACH + RUN - 1;
    while (lo - 1 >= oldest && lo - 1 >= lo_limit && (flags_at(t, lo - 1) & PURE))
        lo--;
    while (hi + 1 < t->spectra && hi + 1 <= hi_limit && (flags_at(t, hi + 1) & PURE))
        hi++;
    /* A run of strict spectra in there that comes within the reach of j. */
    int run = 0;
    for (long i = lo; i <= hi; i++) {
        run = (flags_at(t, i) & STRICT) ? run + 1 : 0;
        if (run >= RUN && i >= j - REACH && i - run + 1 <= j + REACH)
            return 1;
    }
    return 0;
}
