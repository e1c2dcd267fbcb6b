/* Symbol visibility for libmot's public API. The library is built with
 * -fvisibility=hidden; only functions marked MOT_API are exported. */
#ifndef MOT_EXPORT_H
#define MOT_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define MOT_API __attribute__((visibility("default")))
#else
#define MOT_API
#endif

#endif
