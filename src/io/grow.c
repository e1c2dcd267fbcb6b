#include "io/grow.h"

#include <stdlib.h>

int mot_grow(void **buf, size_t *cap, size_t need, size_t size)
{
    size_t n = *cap ? *cap : 1024;
    void *p;

    if (need <= *cap)
        return 0;
    while (n < need)
        n *= 2;
    p = realloc(*buf, n * size);
    if (!p)
        return -1;
    *buf = p;
    *cap = n;
    return 0;
}
