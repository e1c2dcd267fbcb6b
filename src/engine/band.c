#include "engine/band.h"

#include <math.h>
#include <stdlib.h>

#include "engine/vec.h"
#include "mot/config.h"

#define MAX_SECTIONS 4
#define HIGH_PASS_SECTIONS 2

struct mot_band {
    int sections; /* 2 (high-pass) or 4 (high-pass, then low-pass) */
    double b[MAX_SECTIONS][3], a[MAX_SECTIONS][2]; /* a0 = 1 */
    double z[MAX_SECTIONS][4]; /* direct form I state: x[n-1], x[n-2], y[n-1], y[n-2] */
    size_t frame_len, window_len;
    float *window;
    float *windowed; /* scratch: the windowed centre of a frame */
    double window_power;
};

void mot_band_free(mot_band *b)
{
    if (!b)
        return;
    free(b->window);
    free(b->windowed);
    free(b);
}

/* Sections s and s + 1 of b: a 4th-order Butterworth at `hz`, high- or
 * low-pass. Its pole pairs lie at 3 pi / 8 and pi / 8 from the imaginary
 * axis: Q = 1 / (2 cos) (bilinear transform, cut-off prewarped). */
static void butterworth4(mot_band *b, int s, double hz, int high)
{
    double w0 = 2.0 * M_PI * hz / MOT_ANALYSIS_RATE_HZ;
    for (int i = 0; i < 2; i++, s++) {
        double q = 1.0 / (2.0 * cos(M_PI * (2 * i + 1) / 8.0));
        double alpha = sin(w0) / (2.0 * q), c = cos(w0), a0 = 1.0 + alpha;
        double g = (high ? 1.0 + c : 1.0 - c) / 2.0 / a0;
        b->b[s][0] = g;
        b->b[s][1] = high ? -2.0 * g : 2.0 * g;
        b->b[s][2] = g;
        b->a[s][0] = -2.0 * c / a0;
        b->a[s][1] = (1.0 - alpha) / a0;
    }
}

mot_status mot_band_new(size_t frame_len, size_t window_len, double high_hz, mot_band **out)
{
    if (!out)
        return MOT_ERR_INVALID_ARG;
    *out = NULL;
    if (window_len == 0 || window_len > frame_len ||
        !(high_hz == 0.0 || (high_hz > MOT_BAND_LOW_HZ && high_hz < MOT_ANALYSIS_RATE_HZ / 2.0)))
        return MOT_ERR_INVALID_ARG;
    mot_band *b = calloc(1, sizeof *b);
    if (!b)
        return MOT_ERR_NOMEM;
    b->window = malloc(window_len * sizeof *b->window);
    b->windowed = malloc(window_len * sizeof *b->windowed);
    if (!b->window || !b->windowed) {
        mot_band_free(b);
        return MOT_ERR_NOMEM;
    }
    b->frame_len = frame_len;
    b->window_len = window_len;
    mot_hann(b->window, window_len);
    b->window_power = mot_dot(b->window, b->window, window_len);
    butterworth4(b, 0, MOT_BAND_LOW_HZ, 1);
    b->sections = HIGH_PASS_SECTIONS;
    if (high_hz > 0.0) {
        butterworth4(b, 2, high_hz, 0);
        b->sections = MAX_SECTIONS;
    }
    mot_band_reset(b);
    *out = b;
    return MOT_OK;
}

void mot_band_reset(mot_band *b)
{
    for (int s = 0; s < MAX_SECTIONS; s++)
        b->z[s][0] = b->z[s][1] = b->z[s][2] = b->z[s][3] = 0.0;
}

/* The sections two at a time (each filter is Butterworth pairs), over the
 * block, in direct form I: of each output only the last one waits on the
 * one before it (one multiply-add), where the transposed form chains two;
 * and the pair's second section works on sample i while the first goes on
 * to i + 1. Each section's output is rounded to float before the next
 * reads it. */
static void run(mot_band *b, int first, const float *x, float *y, size_t n)
{
    for (int s = first; s + 1 < b->sections; s += 2) {
        const double *p = b->b[s], *pa = b->a[s], *q = b->b[s + 1], *qa = b->a[s + 1];
        const double p0 = p[0], p1 = p[1], p2 = p[2], pa1 = pa[0], pa2 = pa[1];
        const double q0 = q[0], q1 = q[1], q2 = q[2], qa1 = qa[0], qa2 = qa[1];
        double *zp = b->z[s], *zq = b->z[s + 1];
        double px1 = zp[0], px2 = zp[1], py1 = zp[2], py2 = zp[3];
        double qx1 = zq[0], qx2 = zq[1], qy1 = zq[2], qy2 = zq[3];
        const float *in = s == first ? x : y;
        for (size_t i = 0; i < n; i++) {
            double v = in[i];
            double u = (p0 * v + p1 * px1 + p2 * px2 - pa2 * py2) - pa1 * py1;
            px2 = px1;
            px1 = v;
            py2 = py1;
            py1 = u;
            double w = (float)u;
            double out = (q0 * w + q1 * qx1 + q2 * qx2 - qa2 * qy2) - qa1 * qy1;
            qx2 = qx1;
            qx1 = w;
            qy2 = qy1;
            qy1 = out;
            y[i] = (float)out;
        }
        zp[0] = px1;
        zp[1] = px2;
        zp[2] = py1;
        zp[3] = py2;
        zq[0] = qx1;
        zq[1] = qx2;
        zq[2] = qy1;
        zq[3] = qy2;
    }
}

void mot_band_filter(mot_band *b, const float *x, float *y, size_t n)
{
    run(b, 0, x, y, n);
}

void mot_band_filter_high_passed(mot_band *b, const float *x, float *y, size_t n)
{
    run(b, HIGH_PASS_SECTIONS, x, y, n);
}

float mot_band_level_dbfs(mot_band *b, const float *frame)
{
    const float *x = frame + (b->frame_len - b->window_len) / 2;
    for (size_t i = 0; i < b->window_len; i++)
        b->windowed[i] = x[i] * b->window[i];
    double ms = mot_dot(b->windowed, b->windowed, b->window_len) / b->window_power;
    return ms > 1e-12 ? (float)(10.0 * log10(ms)) : -120.0f;
}
