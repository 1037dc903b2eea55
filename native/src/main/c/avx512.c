/*
 * AVX-512 (F, DQ, VL, BW) kernels for any modulus below 2^62. There is no 64x64->128 vector
 * multiply, so the Shoup quotient's high word is assembled from four 32x32 products; the low
 * words come from vpmullq. Compiled with -mavx512f -mavx512dq -mavx512vl -mavx512bw; only called
 * after cpu.c has checked the CPU and OS support it.
 */
#include "veil_kernels.h"

#include <immintrin.h>

/* The exact high word of a * b, from four 32x32 products. */
static inline __m512i mulhi_exact_epu64(__m512i a, __m512i b) {
    const __m512i lo32 = _mm512_set1_epi64(0xffffffffLL);
    __m512i a_hi = _mm512_srli_epi64(a, 32), b_hi = _mm512_srli_epi64(b, 32);
    __m512i ll = _mm512_mul_epu32(a, b);
    __m512i lh = _mm512_mul_epu32(a, b_hi);
    __m512i hl = _mm512_mul_epu32(a_hi, b);
    __m512i hh = _mm512_mul_epu32(a_hi, b_hi);
    __m512i mid = _mm512_add_epi64(_mm512_srli_epi64(ll, 32), _mm512_and_si512(lh, lo32));
    mid = _mm512_add_epi64(mid, _mm512_and_si512(hl, lo32));
    __m512i hi = _mm512_add_epi64(hh, _mm512_srli_epi64(lh, 32));
    hi = _mm512_add_epi64(hi, _mm512_srli_epi64(hl, 32));
    return _mm512_add_epi64(hi, _mm512_srli_epi64(mid, 32));
}

#include "avx512_shoup64.h"

#define FN(name) avx512_##name
#define PREP_WS(v) (v)
#define MUL_LAZY(y, w, ws, q) mul_lazy64((y), (w), (ws), (q))
#include "ntt_avx512_body.inc"

static void add_avx512(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q64) {
    const __m512i q = _mm512_set1_epi64((long long)q64);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i s = _mm512_add_epi64(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
        _mm512_storeu_si512(out + i, cond_sub(s, q));
    }
    for (; i < n; i++) {
        out[i] = veil_csub(a[i] + b[i], q64);
    }
}

static void sub_avx512(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q64) {
    const __m512i q = _mm512_set1_epi64((long long)q64);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        /* a - b wraps to a huge value when a < b; then d + q is the answer and the smaller. */
        __m512i d = _mm512_sub_epi64(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
        _mm512_storeu_si512(out + i, _mm512_min_epu64(d, _mm512_add_epi64(d, q)));
    }
    for (; i < n; i++) {
        uint64_t d = a[i] - b[i];
        out[i] = d + (q64 & (uint64_t)((int64_t)d >> 63));
    }
}

/* x mod q for any 64-bit x, then + addend mod q: the scalar mod64's Barrett step with the
 * approximate high product (at most 2 low), so x - quot q lies in [0, 4q) (below 2^64 as
 * q < 2^62) and two conditional subtractions finish it. Same results as veil_reduce_add. */
void veil_avx512_reduce_add(const uint64_t *in, uint64_t addend, uint64_t *out, size_t n,
                            uint64_t q64, uint64_t m64) {
    const __m512i q = _mm512_set1_epi64((long long)q64), two_q = _mm512_set1_epi64((long long)(2 * q64));
    const __m512i m = _mm512_set1_epi64((long long)m64), add = _mm512_set1_epi64((long long)addend);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i x = _mm512_loadu_si512(in + i);
        __m512i r = _mm512_sub_epi64(x, _mm512_mullo_epi64(mulhi_approx_epu64(x, m), q));
        r = _mm512_min_epu64(r, _mm512_sub_epi64(r, two_q));
        r = _mm512_min_epu64(r, _mm512_sub_epi64(r, q));
        r = _mm512_add_epi64(r, add);
        _mm512_storeu_si512(out + i, _mm512_min_epu64(r, _mm512_sub_epi64(r, q)));
    }
    if (i < n) veil_reduce_add(in + i, addend, out + i, n - i, q64, m64);
}

/* (a - b) s [+ out] mod q in one pass: the modular difference (as sub_avx512), Shoup's product
 * with the approximate quotient (mul_lazy64, [0, 2q)), one subtraction to [0, q), and with
 * accumulate out added and reduced. Loads precede the store, so out may coincide with a or b. */
void veil_avx512_sub_mul_scalar(const uint64_t *a, const uint64_t *b, uint64_t s, uint64_t s_shoup,
                                uint64_t *out, size_t n, uint64_t q64, int accumulate) {
    const __m512i q = _mm512_set1_epi64((long long)q64);
    const __m512i w = _mm512_set1_epi64((long long)s), ws = _mm512_set1_epi64((long long)s_shoup);
    size_t i = 0;
    if (accumulate) {
        for (; i + 8 <= n; i += 8) {
            __m512i d = _mm512_sub_epi64(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
            d = _mm512_min_epu64(d, _mm512_add_epi64(d, q));
            __m512i p = mul_lazy64(d, w, ws, q);
            p = _mm512_min_epu64(p, _mm512_sub_epi64(p, q));
            p = _mm512_add_epi64(p, _mm512_loadu_si512(out + i));
            _mm512_storeu_si512(out + i, _mm512_min_epu64(p, _mm512_sub_epi64(p, q)));
        }
    } else {
        for (; i + 8 <= n; i += 8) {
            __m512i d = _mm512_sub_epi64(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
            d = _mm512_min_epu64(d, _mm512_add_epi64(d, q));
            __m512i p = mul_lazy64(d, w, ws, q);
            _mm512_storeu_si512(out + i, _mm512_min_epu64(p, _mm512_sub_epi64(p, q)));
        }
    }
    if (i < n) veil_sub_mul_scalar_portable(a + i, b + i, s, s_shoup, out + i, n - i, q64, accumulate);
}

/* Barrett reduction of the 128-bit (hi, lo) < q^2, the same steps as veil_barrett128. */
static inline __m512i barrett_avx512(__m512i hi, __m512i lo, __m512i q, __m512i mu, __m128i sh_hi,
                                     __m128i sh_lo, __m128i sh_p_hi, __m128i sh_p_lo) {
    __m512i q1 = _mm512_or_si512(_mm512_sll_epi64(hi, sh_hi), _mm512_srl_epi64(lo, sh_lo));
    __m512i p_hi = mulhi_exact_epu64(q1, mu);
    __m512i p_lo = _mm512_mullo_epi64(q1, mu);
    __m512i q3 = _mm512_or_si512(_mm512_sll_epi64(p_hi, sh_p_hi), _mm512_srl_epi64(p_lo, sh_p_lo));
    __m512i r = _mm512_sub_epi64(lo, _mm512_mullo_epi64(q3, q)); /* [0, 3q) */
    return cond_sub(cond_sub(r, q), q);
}

#define BARRETT_SHIFTS(bits)                                   \
    const __m128i sh_hi = _mm_cvtsi32_si128(65 - (bits));      \
    const __m128i sh_lo = _mm_cvtsi32_si128((bits) - 1);       \
    const __m128i sh_p_hi = _mm_cvtsi32_si128(63 - (bits));    \
    const __m128i sh_p_lo = _mm_cvtsi32_si128((bits) + 1)

static void mul_avx512(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q64,
                       uint64_t mu64, int bits) {
    const __m512i q = _mm512_set1_epi64((long long)q64), mu = _mm512_set1_epi64((long long)mu64);
    BARRETT_SHIFTS(bits);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i x = _mm512_loadu_si512(a + i), y = _mm512_loadu_si512(b + i);
        __m512i hi = mulhi_exact_epu64(x, y), lo = _mm512_mullo_epi64(x, y);
        _mm512_storeu_si512(out + i, barrett_avx512(hi, lo, q, mu, sh_hi, sh_lo, sh_p_hi, sh_p_lo));
    }
    if (i < n) veil_mul_portable(a + i, b + i, out + i, n - i, q64, mu64, bits);
}

static void mul_add_avx512(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t *out,
                           size_t n, uint64_t q64, uint64_t mu64, int bits) {
    const __m512i q = _mm512_set1_epi64((long long)q64), mu = _mm512_set1_epi64((long long)mu64);
    const __m512i one = _mm512_set1_epi64(1);
    BARRETT_SHIFTS(bits);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m512i x = _mm512_loadu_si512(a + i), y = _mm512_loadu_si512(b + i);
        __m512i z = _mm512_loadu_si512(c + i);
        __m512i hi = mulhi_exact_epu64(x, y);
        __m512i lo = _mm512_add_epi64(_mm512_mullo_epi64(x, y), z);
        hi = _mm512_mask_add_epi64(hi, _mm512_cmplt_epu64_mask(lo, z), hi, one); /* carry */
        _mm512_storeu_si512(out + i, barrett_avx512(hi, lo, q, mu, sh_hi, sh_lo, sh_p_hi, sh_p_lo));
    }
    if (i < n) veil_mul_add_portable(a + i, b + i, c + i, out + i, n - i, q64, mu64, bits);
}

const veil_kernel_table veil_kernels_avx512 = {
    .add = add_avx512,
    .sub = sub_avx512,
    .mul = mul_avx512,
    .mul_scalar = avx512_mul_scalar,
    .mul_add = mul_add_avx512,
    .sub_mul_scalar = veil_avx512_sub_mul_scalar,
    .dot = veil_dot_portable,
    .reduce_add = veil_avx512_reduce_add,
    .ntt_forward = avx512_ntt_forward,
    .ntt_inverse = avx512_ntt_inverse,
    .prg_blocks16 = veil_chacha20_blocks16_avx512,
    .prg_sample = veil_prg_sample_avx512,
};

/* Exported for the IFMA table, which reuses the 64-bit paths for moduli of 2^50 and above. */
void veil_avx512_add(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q) {
    add_avx512(a, b, out, n, q);
}
void veil_avx512_sub(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q) {
    sub_avx512(a, b, out, n, q);
}
void veil_avx512_mul(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q,
                     uint64_t mu, int bits) {
    mul_avx512(a, b, out, n, q, mu, bits);
}
void veil_avx512_mul_add(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t *out,
                         size_t n, uint64_t q, uint64_t mu, int bits) {
    mul_add_avx512(a, b, c, out, n, q, mu, bits);
}
void veil_avx512_mul_scalar(const uint64_t *a, uint64_t s, uint64_t s_shoup, uint64_t *out,
                            size_t n, uint64_t q) {
    avx512_mul_scalar(a, s, s_shoup, out, n, q);
}
void veil_avx512_ntt_forward(uint64_t *a, int log_n, uint64_t q, const uint64_t *r,
                             const uint64_t *rs) {
    avx512_ntt_forward(a, log_n, q, r, rs);
}
void veil_avx512_ntt_inverse(uint64_t *a, int log_n, uint64_t q, const uint64_t *r,
                             const uint64_t *rs, uint64_t ni, uint64_t nis) {
    avx512_ntt_inverse(a, log_n, q, r, rs, ni, nis);
}
