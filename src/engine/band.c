#include "engine/band.h"

#include <math.h>
#include <stdlib.h>

#include "mot/config.h"

#define SECTIONS 2

struct mot_band {
    double b[SECTIONS][3], a[SECTIONS][2]; /* a0 = 1 */
    double z[SECTIONS][2];                 /* transposed direct form II state */
    size_t frame_len, window_len;
    float *window;
    double window_power;
};

void mot_band_free(mot_band *b)
{
    if (!b)
        return;
    free(b->window);
    free(b);
}

mot_status mot_band_new(size_t frame_len, size_t window_len, mot_band **out)
{
    if (!out)
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    if (window_len == 0 || window_len > frame_len)
        return MOT_ERR_INVALID_ARG;
    mot_band *b = calloc(1, sizeof *b);
    if (!b)
        return MOT_ERR_NOMEM;
    b->window = malloc(window_len * sizeof *b->window);
    if (!b->window) {
        mot_band_free(b);
        return MOT_ERR_NOMEM;
    }
    b->frame_len = frame_len;
    b->window_len = window_len;
    for (size_t i = 0; i < window_len; i++) {
        double w = 0.5 - 0.5 * cos(2.0 * M_PI * ((double)i + 0.5) / (double)window_len);
        b->window[i] = (float)w;
        b->window_power += w * w;
    }
    /* The two sections of a 4th-order Butterworth high-pass: the pole pairs
     * at 3 pi / 8 and pi / 8 from the imaginary axis give Q = 1 / (2 cos). */
    double w0 = 2.0 * M_PI * MOT_BAND_LOW_HZ / MOT_ANALYSIS_RATE_HZ;
    for (int s = 0; s < SECTIONS; s++) {
        double q = 1.0 / (2.0 * cos(M_PI * (2 * s + 1) / 8.0));
        double alpha = sin(w0) / (2.0 * q), c = cos(w0), a0 = 1.0 + alpha;
        b->b[s][0] = (1.0 + c) / 2.0 / a0;
        b->b[s][1] = -(1.0 + c) / a0;
        b->b[s][2] = (1.0 + c) / 2.0 / a0;
        b->a[s][0] = -2.0 * c / a0;
        b->a[s][1] = (1.0 - alpha) / a0;
    }
    mot_band_reset(b);
    *out = b;
    return MOT_OK;
}

void mot_band_reset(mot_band *b)
{
    for (int s = 0; s < SECTIONS; s++)
        b->z[s][0] = b->z[s][1] = 0.0;
}

void mot_band_filter(mot_band *b, const float *x, float *y, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double v = x[i];
        for (int s = 0; s < SECTIONS; s++) {
            double out = b->b[s][0] * v + b->z[s][0];
            b->z[s][0] = b->b[s][1] * v - b->a[s][0] * out + b->z[s][1];
            b->z[s][1] = b->b[s][2] * v - b->a[s][1] * out;
            v = out;
        }
        y[i] = (float)v;
    }
}

float mot_band_level_dbfs(const mot_band *b, const float *frame)
{
    const float *x = frame + (b->frame_len - b->window_len) / 2;
    double sum = 0.0;
    for (size_t i = 0; i < b->window_len; i++) {
        double v = (double)x[i] * b->window[i];
        sum += v * v;
    }
    double ms = sum / b->window_power;
    return ms > 1e-12 ? (float)(10.0 * log10(ms)) : -120.0f;
}
