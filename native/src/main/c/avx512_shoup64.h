/*
 * Shoup products with 64-bit lanes for the AVX-512 files (avx512.c's NTT and vector kernels,
 * avx512ifma.c's dot products for moduli of 2^51 and above). AVX-512 has no 64x64 high product;
 * the quotient is estimated from 32x32 products instead. Include after <immintrin.h>, in files
 * compiled with AVX-512 F and DQ.
 */
#ifndef VEIL_AVX512_SHOUP64_H
#define VEIL_AVX512_SHOUP64_H

/* An under-estimate of the high word of a * b, by at most 2: the carry out of the low
 * 32x32 product and the middle sums is dropped, saving a multiply and five other operations. */
static inline __m512i mulhi_approx_epu64(__m512i a, __m512i b) {
    __m512i a_hi = _mm512_srli_epi64(a, 32), b_hi = _mm512_srli_epi64(b, 32);
    __m512i lh = _mm512_mul_epu32(a, b_hi);
    __m512i hl = _mm512_mul_epu32(a_hi, b);
    __m512i hh = _mm512_mul_epu32(a_hi, b_hi);
    return _mm512_add_epi64(hh, _mm512_add_epi64(_mm512_srli_epi64(lh, 32), _mm512_srli_epi64(hl, 32)));
}

/* Shoup's product with the approximate quotient: w*y - q*quot lies in [0, 4q) (exact, since
 * 4q < 2^64) for any 64-bit y, and one conditional subtraction brings it to the usual [0, 2q). */
static inline __m512i mul_lazy64(__m512i y, __m512i w, __m512i ws, __m512i q) {
    __m512i quot = mulhi_approx_epu64(ws, y);
    __m512i r = _mm512_sub_epi64(_mm512_mullo_epi64(w, y), _mm512_mullo_epi64(quot, q));
    __m512i two_q = _mm512_add_epi64(q, q);
    return _mm512_min_epu64(r, _mm512_sub_epi64(r, two_q));
}

#endif
