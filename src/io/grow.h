/* mot_grow: room for more items in a malloc'd array, made by doubling, for
 * the sources and sinks that collect what they cannot size in advance
 * (frames of a file, samples of a recording). */
#ifndef MOT_IO_GROW_H
#define MOT_IO_GROW_H

#include <stddef.h>

/* Grow the array *buf (room for *cap items of `size` bytes; NULL and 0 to
 * start) to hold at least `need` items: the room doubles from 1024 items.
 * Returns 0, or -1 when memory ran out (*buf and *cap are then untouched). */
int mot_grow(void **buf, size_t *cap, size_t need, size_t size);

#endif
