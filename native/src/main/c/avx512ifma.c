/*
 * AVX-512 IFMA52 kernels for moduli below 2^50. With q < 2^50 every lazy value (< 4q) fits in
 * 52 bits, so Shoup's product needs only three IFMA instructions: the quotient is the high half
 * of ws52 * y with ws52 = floor(w * 2^52 / q) = (64-bit Shoup constant) >> 12, and the remainder
 * is the difference of two low halves taken mod 2^52 (exact, since it lies in [0, 2q)).
 * Element-wise products of two vectors use Barrett reduction on 52-bit halves (barrett52).
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

/*
 * Element-wise (x y + c) mod q for q < 2^50 (x, y, c in [0, q)), by Barrett reduction on 52-bit
 * halves: z = x y + c = hi 2^52 + lo from two IFMA instructions; with b the bit length of q and
 * mu = floor(2^(2b) / q) < 2^51 (Modulus's Barrett constant), q1 = floor(z / 2^(b-1)) < 2^51,
 * q3 = floor(q1 mu / 2^(b+1)) underestimates floor(z / q) by at most 2, so z - q3 q lies in
 * [0, 3q) and is exact modulo 2^52. Five IFMA instructions per eight elements, against the
 * 64-bit path's emulated 64x64 high words.
 */
static inline __m512i barrett52(__m512i x, __m512i y, __m512i c, __m512i q, __m512i mu, __m128i sh_hi,
                                __m128i sh_lo, __m128i sh_q2hi, __m128i sh_q2lo) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i mask52 = _mm512_set1_epi64((1LL << 52) - 1);
    __m512i lo = _mm512_madd52lo_epu64(c, x, y); /* c + low half: below 2^53 */
    __m512i hi = _mm512_madd52hi_epu64(zero, x, y);
    __m512i q1 = _mm512_add_epi64(_mm512_sll_epi64(hi, sh_hi), _mm512_srl_epi64(lo, sh_lo));
    __m512i q2lo = _mm512_madd52lo_epu64(zero, q1, mu);
    __m512i q2hi = _mm512_madd52hi_epu64(zero, q1, mu);
    __m512i q3 = _mm512_add_epi64(_mm512_sll_epi64(q2hi, sh_q2hi), _mm512_srl_epi64(q2lo, sh_q2lo));
    __m512i r = _mm512_and_si512(_mm512_sub_epi64(lo, _mm512_madd52lo_epu64(zero, q3, q)), mask52);
    r = _mm512_min_epu64(r, _mm512_sub_epi64(r, q));
    return _mm512_min_epu64(r, _mm512_sub_epi64(r, q));
}

#define BARRETT52_SHIFTS(bits)                                     \
    const __m128i sh_hi = _mm_cvtsi32_si128(53 - (bits));          \
    const __m128i sh_lo = _mm_cvtsi32_si128((bits) - 1);           \
    const __m128i sh_q2hi = _mm_cvtsi32_si128(51 - (bits));        \
    const __m128i sh_q2lo = _mm_cvtsi32_si128((bits) + 1)

static void mul_ifma(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q64,
                     uint64_t mu64, int bits) {
    if (q64 >= IFMA_MAX_Q) {
        veil_avx512_mul(a, b, out, n, q64, mu64, bits);
        return;
    }
    const __m512i q = _mm512_set1_epi64((long long)q64), mu = _mm512_set1_epi64((long long)mu64);
    const __m512i zero = _mm512_setzero_si512();
    BARRETT52_SHIFTS(bits);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i x = _mm512_loadu_si512(a + i), y = _mm512_loadu_si512(b + i);
        _mm512_storeu_si512(out + i, barrett52(x, y, zero, q, mu, sh_hi, sh_lo, sh_q2hi, sh_q2lo));
    }
    if (i < n) veil_mul_portable(a + i, b + i, out + i, n - i, q64, mu64, bits);
}

static void mul_add_ifma(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t *out, size_t n,
                         uint64_t q64, uint64_t mu64, int bits) {
    if (q64 >= IFMA_MAX_Q) {
        veil_avx512_mul_add(a, b, c, out, n, q64, mu64, bits);
        return;
    }
    const __m512i q = _mm512_set1_epi64((long long)q64), mu = _mm512_set1_epi64((long long)mu64);
    BARRETT52_SHIFTS(bits);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i x = _mm512_loadu_si512(a + i), y = _mm512_loadu_si512(b + i), z = _mm512_loadu_si512(c + i);
        _mm512_storeu_si512(out + i, barrett52(x, y, z, q, mu, sh_hi, sh_lo, sh_q2hi, sh_q2lo));
    }
    if (i < n) veil_mul_add_portable(a + i, b + i, c + i, out + i, n - i, q64, mu64, bits);
}

const veil_kernel_table veil_kernels_avx512ifma = {
    .add = veil_avx512_add,
    .sub = veil_avx512_sub,
    .mul = mul_ifma,
    .mul_scalar = mul_scalar_ifma,
    .mul_add = mul_add_ifma,
    .dot = veil_dot_portable,
    .ntt_forward = ntt_forward_ifma,
    .ntt_inverse = ntt_inverse_ifma,
    .prg_blocks16 = veil_chacha20_blocks16_avx512,
    .prg_sample = veil_prg_sample_avx512,
};
