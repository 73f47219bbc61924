// The int8 similarity scan. Written in C, not Swift, for one reason: function multi-versioning. On x86-64
// Linux the compiler builds each kernel for the baseline, AVX2 and AVX-512BW, and the loader picks the best
// one the processor has (an ifunc), so one binary runs everywhere and uses the wide integer instructions
// where they exist. Swift has no per-function target attribute, and the baseline x86-64 build it makes
// has no AVX at all. Elsewhere the plain loop is compiled for the target's baseline (NEON on arm64).

#include "SimilarityKernels.h"

#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define LLMCACHE_CLONES __attribute__((target_clones("default", "avx2", "avx512bw")))
#else
#define LLMCACHE_CLONES
#endif

static inline int32_t dot_int8(const int8_t *restrict row, const int8_t *restrict query, size_t dimension) {
    int32_t sum = 0;
    for (size_t i = 0; i < dimension; i++) sum += (int32_t)row[i] * (int32_t)query[i];
    return sum;
}

LLMCACHE_CLONES
void llmcache_int8_scores(const int8_t *restrict rows, const float *restrict scales, size_t count,
                          size_t dimension, const int8_t *restrict query, float query_scale,
                          float *restrict out) {
    for (size_t r = 0; r < count; r++) {
        out[r] = (float)dot_int8(rows + r * dimension, query, dimension) * scales[r] * query_scale;
    }
}
