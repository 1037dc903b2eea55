/*
 * ChaCha20 keystream, eight blocks per pass (sixteen per call), for the AVX2 dispatch level.
 * AVX2 has no 32-bit rotate: 16 and 8 are byte shuffles, 12 and 7 shift pairs.
 */
#include "veil_kernels.h"

#include <immintrin.h>

static inline __m256i rotl_avx2(__m256i x, int n) {
    if (n == 16)
        return _mm256_shuffle_epi8(x, _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
                                                       2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
    if (n == 8)
        return _mm256_shuffle_epi8(x, _mm256_setr_epi8(3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14,
                                                       3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14));
    return _mm256_or_si256(_mm256_slli_epi32(x, n), _mm256_srli_epi32(x, 32 - n));
}

#define VEC __m256i
#define ADD(a, b) _mm256_add_epi32((a), (b))
#define XOR(a, b) _mm256_xor_si256((a), (b))
#define ROTL(x, n) rotl_avx2((x), (n))
#define SET1(v) _mm256_set1_epi32((int)(v))
#define COUNTER_OFFSETS _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7)
#define FN(name) avx2_##name

/* Rows x[i] (word i of eight blocks) to eight 64-byte blocks: after the 32- and 64-bit
 * interleaves, b[4k+m] holds words 4k..4k+3 of block m in its low 128 bits and of block 4+m
 * in its high 128 bits. */
static inline void transpose_store(const __m256i x[16], uint8_t *out) {
    __m256i a[16], b[16];
    for (int k = 0; k < 8; k++) {
        a[2 * k] = _mm256_unpacklo_epi32(x[2 * k], x[2 * k + 1]);
        a[2 * k + 1] = _mm256_unpackhi_epi32(x[2 * k], x[2 * k + 1]);
    }
    for (int k = 0; k < 4; k++) {
        b[4 * k] = _mm256_unpacklo_epi64(a[4 * k], a[4 * k + 2]);
        b[4 * k + 1] = _mm256_unpackhi_epi64(a[4 * k], a[4 * k + 2]);
        b[4 * k + 2] = _mm256_unpacklo_epi64(a[4 * k + 1], a[4 * k + 3]);
        b[4 * k + 3] = _mm256_unpackhi_epi64(a[4 * k + 1], a[4 * k + 3]);
    }
    for (int m = 0; m < 4; m++) {
        /* block m: low halves of b[m], b[4+m], b[8+m], b[12+m]; block 4+m: the high halves */
        _mm256_storeu_si256((void *)(out + 64 * m), _mm256_permute2x128_si256(b[m], b[4 + m], 0x20));
        _mm256_storeu_si256((void *)(out + 64 * m + 32), _mm256_permute2x128_si256(b[8 + m], b[12 + m], 0x20));
        _mm256_storeu_si256((void *)(out + 64 * (4 + m)), _mm256_permute2x128_si256(b[m], b[4 + m], 0x31));
        _mm256_storeu_si256((void *)(out + 64 * (4 + m) + 32), _mm256_permute2x128_si256(b[8 + m], b[12 + m], 0x31));
    }
}
#define TRANSPOSE_STORE(x, out) transpose_store((x), (out))

#include "prg_simd.inc"

void veil_chacha20_blocks16_avx2(const uint32_t state[16], uint32_t counter, uint8_t out[1024]) {
    avx2_chacha_blocks(state, counter, out);
    avx2_chacha_blocks(state, counter + 8, out + 512);
}
