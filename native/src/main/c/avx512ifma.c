/*
 * AVX-512 IFMA52 kernels for moduli below 2^50. With q < 2^50 every lazy value (< 4q) fits in
 * 52 bits, so Shoup's product needs only three IFMA instructions: the quotient is the high half
 * of ws52 * y with ws52 = floor(w * 2^52 / q) = (64-bit Shoup constant) >> 12, and the remainder
 * is the difference of two low halves taken mod 2^52 (exact, since it lies in [0, 2q)).
 * Larger moduli take the 64-bit AVX-512 path.
 */
#include "veil_kernels.h"

#include <immintrin.h>

#define IFMA_MAX_Q (1ULL << 50)

static inline __m512i mul_lazy52(__m512i y, __m512i w, __m512i ws52, __m512i q) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i mask52 = _mm512_set1_epi64((1LL << 52) - 1);
    __m512i quot = _mm512_madd52hi_epu64(zero, ws52, y);
    __m512i wy = _mm512_madd52lo_epu64(zero, w, y);
    __m512i qq = _mm512_madd52lo_epu64(zero, quot, q);
    return _mm512_and_si512(_mm512_sub_epi64(wy, qq), mask52);
}

#define FN(name) ifma_##name
#define PREP_WS(v) _mm512_srli_epi64((v), 12)
#define MUL_LAZY(y, w, ws, q) mul_lazy52((y), (w), (ws), (q))
#include "ntt_avx512_body.inc"

static void ntt_forward_ifma(uint64_t *a, int log_n, uint64_t q, const uint64_t *roots,
                             const uint64_t *roots_shoup) {
    if (q < IFMA_MAX_Q) ifma_ntt_forward(a, log_n, q, roots, roots_shoup);
    else veil_avx512_ntt_forward(a, log_n, q, roots, roots_shoup);
}

static void ntt_inverse_ifma(uint64_t *a, int log_n, uint64_t q, const uint64_t *inv_roots,
                             const uint64_t *inv_roots_shoup, uint64_t n_inv, uint64_t n_inv_shoup) {
    if (q < IFMA_MAX_Q) ifma_ntt_inverse(a, log_n, q, inv_roots, inv_roots_shoup, n_inv, n_inv_shoup);
    else veil_avx512_ntt_inverse(a, log_n, q, inv_roots, inv_roots_shoup, n_inv, n_inv_shoup);
}

static void mul_scalar_ifma(const uint64_t *a, uint64_t s, uint64_t s_shoup, uint64_t *out,
                            size_t n, uint64_t q) {
    if (q < IFMA_MAX_Q) ifma_mul_scalar(a, s, s_shoup, out, n, q);
    else veil_avx512_mul_scalar(a, s, s_shoup, out, n, q);
}

const veil_kernel_table veil_kernels_avx512ifma = {
    .add = veil_avx512_add,
    .sub = veil_avx512_sub,
    .mul = veil_avx512_mul,
    .mul_scalar = mul_scalar_ifma,
    .mul_add = veil_avx512_mul_add,
    .ntt_forward = ntt_forward_ifma,
    .ntt_inverse = ntt_inverse_ifma,
    .prg_blocks16 = veil_chacha20_blocks16_avx512,
    .prg_sample = veil_prg_sample_avx512,
};
