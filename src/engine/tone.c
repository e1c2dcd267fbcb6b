#include "engine/tone.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <kiss_fftr.h>

#include "engine/band.h"
#include "engine/vec.h"
#include "mot/config.h"

#define HOP 80                      /* MOT_HOP_S at MOT_ANALYSIS_RATE_HZ */
#define WINDOW 800                  /* MOT_TONE_WINDOW_S at MOT_ANALYSIS_RATE_HZ */
#define NFFT WINDOW                 /* 2^5 5^2: a fast size for kiss_fftr */
#define BINS (NFFT / 2 + 1)
#define LINE_HALF_BINS 2            /* the Hann main lobe, either side */
#define LOW_BIN ((int)(MOT_BAND_LOW_HZ * NFFT / MOT_ANALYSIS_RATE_HZ))
#define SPECTRA (MOT_TONE_STEADY_LAG + 1)

enum { PURE = 1, STRICT = 2 };

struct mot_tone {
    float window[WINDOW];
    float samples[WINDOW]; /* the latest WINDOW samples, a ring at `pos` */
    size_t pos;
    unsigned long long n;  /* samples read */
    long frames;           /* frames whose features are known */
    float buf[NFFT];
    kiss_fft_cpx spec[BINS];
    float power[BINS];
    float mag[SPECTRA][BINS]; /* magnitude spectra of the latest frames */
    float level[MOT_TONE_RING];
    unsigned char flags[MOT_TONE_RING];
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
    t->frames = 0;
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

static int strongest(const float *power)
{
    int best = LOW_BIN;
    for (int i = LOW_BIN + 1; i < BINS; i++)
        if (power[i] > power[best])
            best = i;
    return best;
}

/* Features of frame `k`, whose window the ring now holds. */
static void analyse(mot_tone *t, long k)
{
    for (size_t i = 0; i < WINDOW; i++)
        t->buf[i] = t->samples[(t->pos + i) % WINDOW] * t->window[i];
    kiss_fftr(t->fft, t->buf, t->spec);
    float *mag = t->mag[k % SPECTRA];
    const float *before = t->mag[(k + SPECTRA - MOT_TONE_STEADY_LAG) % SPECTRA];
    double total = 0.0, dot = 0.0, norm_before = 0.0;
    for (int i = LOW_BIN; i < BINS; i++) {
        t->power[i] = t->spec[i].r * t->spec[i].r + t->spec[i].i * t->spec[i].i;
        mag[i] = sqrtf(t->power[i]);
        total += t->power[i];
        dot += (double)mag[i] * before[i];
        norm_before += (double)before[i] * before[i];
    }
    /* The same scale as mot_band_level_dbfs(): the RMS of the windowed
     * frame over the window's own power (3/8 of its length for Hann). */
    double ms = 2.0 * total / ((double)NFFT * WINDOW * 0.375);
    float level = ms > 1e-12 ? (float)(10.0 * log10(ms)) : -120.0f;
    unsigned char flags = 0;
    if (ms > 1e-12) {
        double lines = take_line(t->power, strongest(t->power));
        lines += take_line(t->power, strongest(t->power));
        if (lines >= MOT_TONE_PURITY * total)
            flags |= PURE;
    }
    if (flags && k >= MOT_TONE_STEADY_LAG && norm_before > 0.0) {
        int prev = (int)((k - 1) % MOT_TONE_RING);
        double steady = dot / sqrt(total * norm_before);
        if (steady >= MOT_TONE_STEADY && (t->flags[prev] & PURE) &&
            fabsf(level - t->level[prev]) <= MOT_TONE_STEP_DB)
            flags |= STRICT;
    }
    t->level[k % MOT_TONE_RING] = level;
    t->flags[k % MOT_TONE_RING] = flags;
}

void mot_tone_push(mot_tone *t, const float *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        t->samples[t->pos] = x[i];
        t->pos = (t->pos + 1) % WINDOW;
        t->n++;
        /* Frame k's window ends WINDOW / 2 after its centre. */
        unsigned long long end = (unsigned long long)t->frames * HOP + HOP / 2 + WINDOW / 2;
        if (t->n == end) {
            analyse(t, t->frames);
            t->frames++;
        }
    }
}

static unsigned char flags_at(const mot_tone *t, long k)
{
    return t->flags[k % MOT_TONE_RING];
}

int mot_tone_is_tone(const mot_tone *t, long k)
{
    long oldest = t->frames - MOT_TONE_RING;
    if (oldest < 0)
        oldest = 0;
    if (k < oldest || k >= t->frames || !(flags_at(t, k) & PURE))
        return 0;
    /* The pure frames around k, as far as a run could reach k from. */
    long lo = k, hi = k;
    long lo_limit = k - MOT_TONE_REACH - MOT_TONE_FRAMES + 1;
    long hi_limit = k + MOT_TONE_REACH + MOT_TONE_FRAMES - 1;
    while (lo - 1 >= oldest && lo - 1 >= lo_limit && (flags_at(t, lo - 1) & PURE))
        lo--;
    while (hi + 1 < t->frames && hi + 1 <= hi_limit && (flags_at(t, hi + 1) & PURE))
        hi++;
    /* A run of strict frames in there that comes within the reach of k. */
    int run = 0;
    for (long j = lo; j <= hi; j++) {
        run = (flags_at(t, j) & STRICT) ? run + 1 : 0;
        if (run >= MOT_TONE_FRAMES && j >= k - MOT_TONE_REACH &&
            j - run + 1 <= k + MOT_TONE_REACH)
            return 1;
    }
    return 0;
}
