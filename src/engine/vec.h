/* Small vector helpers shared by the stages. */
#ifndef MOT_ENGINE_VEC_H
#define MOT_ENGINE_VEC_H

#include <math.h>
#include <stddef.h>

/* Sum of a[i] * b[i] in eight interleaved partial sums: independent
 * additions pipeline and vectorise, where a single accumulator waits for
 * each add. Frames are short (hundreds of samples of at most unit
 * magnitude), so float partial sums lose nothing that matters. */
static inline float mot_dot(const float *a, const float *b, size_t n)
{
    float acc[8] = {0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++)
            acc[k] += a[i + k] * b[i + k];
    float sum = 0.0f;
    for (; i < n; i++)
        sum += a[i] * b[i];
    for (int k = 0; k < 8; k++)
        sum += acc[k];
    return sum;
}

/* A Hann window of n samples (taken at half-sample points) into w; returns
 * its sum. */
static inline float mot_hann(float *w, size_t n)
{
    float sum = 0.0f;
    for (size_t i = 0; i < n; i++) {
        w[i] = (float)(0.5 - 0.5 * cos(2.0 * M_PI * ((double)i + 0.5) / (double)n));
        sum += w[i];
    }
    return sum;
}

#endif
