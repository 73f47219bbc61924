#ifndef LLMCACHE_SIMILARITY_KERNELS_H
#define LLMCACHE_SIMILARITY_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Approximate similarities of an int8 query against `count` contiguous int8 rows of `dimension` components:
/// `out[r] = (rows[r] · query) × scales[r] × query_scale`, the products summed exactly in 32-bit integers.
void llmcache_int8_scores(const int8_t *rows, const float *scales, size_t count, size_t dimension,
                          const int8_t *query, float query_scale, float *out);

#endif
