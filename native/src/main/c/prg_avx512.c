/*
 * ChaCha20 keystream, sixteen blocks per call, for the AVX-512 dispatch levels. Compiled with
 * the AVX-512 flags; used by prg.c only after cpu.c has checked the CPU.
 */
#include "veil_kernels.h"

#include <immintrin.h>

#define VEC __m512i
#define ADD(a, b) _mm512_add_epi32((a), (b))
#define XOR(a, b) _mm512_xor_si512((a), (b))
#define ROTL(x, n) _mm512_rol_epi32((x), (n))
#define SET1(v) _mm512_set1_epi32((int)(v))
#define COUNTER_OFFSETS _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
#define FN(name) avx512_##name

/* Rows x[i] (word i of sixteen blocks) to sixteen 64-byte blocks: 32-bit then 64-bit
 * interleaves leave words 4k..4k+3 of block 4j+m in 128-bit lane j of b[4k+m]; a 4x4
 * transpose of 128-bit lanes finishes the job. */
static inline void transpose_store(const __m512i x[16], uint8_t *out) {
    __m512i a[16], b[16];
    for (int k = 0; k < 8; k++) {
        a[2 * k] = _mm512_unpacklo_epi32(x[2 * k], x[2 * k + 1]);
        a[2 * k + 1] = _mm512_unpackhi_epi32(x[2 * k], x[2 * k + 1]);
    }
    for (int k = 0; k < 4; k++) {
        b[4 * k] = _mm512_unpacklo_epi64(a[4 * k], a[4 * k + 2]);
        b[4 * k + 1] = _mm512_unpackhi_epi64(a[4 * k], a[4 * k + 2]);
        b[4 * k + 2] = _mm512_unpacklo_epi64(a[4 * k + 1], a[4 * k + 3]);
        b[4 * k + 3] = _mm512_unpackhi_epi64(a[4 * k + 1], a[4 * k + 3]);
    }
    for (int m = 0; m < 4; m++) {
        __m512i t0 = _mm512_shuffle_i32x4(b[m], b[4 + m], 0x44);      /* (1,0,1,0) */
        __m512i t1 = _mm512_shuffle_i32x4(b[m], b[4 + m], 0xee);      /* (3,2,3,2) */
        __m512i t2 = _mm512_shuffle_i32x4(b[8 + m], b[12 + m], 0x44);
        __m512i t3 = _mm512_shuffle_i32x4(b[8 + m], b[12 + m], 0xee);
        _mm512_storeu_si512(out + 64 * m, _mm512_shuffle_i32x4(t0, t2, 0x88));        /* (2,0,2,0) */
        _mm512_storeu_si512(out + 64 * (4 + m), _mm512_shuffle_i32x4(t0, t2, 0xdd));  /* (3,1,3,1) */
        _mm512_storeu_si512(out + 64 * (8 + m), _mm512_shuffle_i32x4(t1, t3, 0x88));
        _mm512_storeu_si512(out + 64 * (12 + m), _mm512_shuffle_i32x4(t1, t3, 0xdd));
    }
}
#define TRANSPOSE_STORE(x, out) transpose_store((x), (out))

#include "prg_simd.inc"

void veil_chacha20_blocks16_avx512(const uint32_t state[16], uint32_t counter, uint8_t out[1024]) {
    avx512_chacha_blocks(state, counter, out);
}

/* Rejection sampling of one 1 KiB chunk (128 words) with compress-stores; returns the new count.
 * Keeps the keystream order: accepted words are appended in the order they appear. */
size_t veil_prg_sample_avx512(const uint8_t *chunk, size_t words, uint64_t q, uint64_t mask,
                              uint64_t *out, size_t filled, size_t n) {
    const __m512i qv = _mm512_set1_epi64((long long)q), mv = _mm512_set1_epi64((long long)mask);
    size_t w = 0;
    for (; w + 8 <= words && filled + 8 <= n; w += 8) {
        __m512i v = _mm512_and_si512(_mm512_loadu_si512(chunk + 8 * w), mv);
        __mmask8 keep = _mm512_cmplt_epu64_mask(v, qv);
        _mm512_mask_compressstoreu_epi64(out + filled, keep, v);
        filled += (size_t)__builtin_popcount(keep);
    }
    return veil_prg_sample_portable(chunk + 8 * w, words - w, q, mask, out, filled, n);
}
