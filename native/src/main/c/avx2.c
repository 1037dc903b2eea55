/*
 * AVX2 kernels, for x86-64 machines without AVX-512. AVX2 has neither a 64-bit low multiply nor
 * an unsigned 64-bit compare, so both are built from 32x32 products and a sign-flipped signed
 * compare. NTT stages with butterfly distance t >= 4 run four lanes at a time; the last two
 * stages use the portable code. Compiled with -mavx2 -mbmi2.
 */
#include "veil_kernels.h"

#include <immintrin.h>

static inline __m256i mulhi_epu64(__m256i a, __m256i b) {
    const __m256i lo32 = _mm256_set1_epi64x(0xffffffffLL);
    __m256i a_hi = _mm256_srli_epi64(a, 32), b_hi = _mm256_srli_epi64(b, 32);
    __m256i ll = _mm256_mul_epu32(a, b);
    __m256i lh = _mm256_mul_epu32(a, b_hi);
    __m256i hl = _mm256_mul_epu32(a_hi, b);
    __m256i hh = _mm256_mul_epu32(a_hi, b_hi);
    __m256i mid = _mm256_add_epi64(_mm256_srli_epi64(ll, 32), _mm256_and_si256(lh, lo32));
    mid = _mm256_add_epi64(mid, _mm256_and_si256(hl, lo32));
    __m256i hi = _mm256_add_epi64(hh, _mm256_srli_epi64(lh, 32));
    hi = _mm256_add_epi64(hi, _mm256_srli_epi64(hl, 32));
    return _mm256_add_epi64(hi, _mm256_srli_epi64(mid, 32));
}

static inline __m256i mullo_epu64(__m256i a, __m256i b) {
    __m256i ll = _mm256_mul_epu32(a, b);
    __m256i cross = _mm256_add_epi64(_mm256_mul_epu32(a, _mm256_srli_epi64(b, 32)),
                                     _mm256_mul_epu32(_mm256_srli_epi64(a, 32), b));
    return _mm256_add_epi64(ll, _mm256_slli_epi64(cross, 32));
}

/* x >= m ? x - m : x, for unsigned 64-bit lanes. */
static inline __m256i cond_sub(__m256i x, __m256i m) {
    const __m256i sign = _mm256_set1_epi64x((long long)0x8000000000000000ULL);
    __m256i x_lt_m = _mm256_cmpgt_epi64(_mm256_xor_si256(m, sign), _mm256_xor_si256(x, sign));
    return _mm256_blendv_epi8(_mm256_sub_epi64(x, m), x, x_lt_m);
}

static inline __m256i mul_lazy(__m256i y, __m256i w, __m256i ws, __m256i q) {
    __m256i quot = mulhi_epu64(ws, y);
    return _mm256_sub_epi64(mullo_epu64(w, y), mullo_epu64(quot, q));
}

static void ntt_forward_avx2(uint64_t *a, int log_n, uint64_t q64, const uint64_t *roots,
                             const uint64_t *roots_shoup) {
    const size_t n = (size_t)1 << log_n;
    const __m256i q = _mm256_set1_epi64x((long long)q64);
    const __m256i two_q = _mm256_set1_epi64x((long long)(2 * q64));
    size_t m = 1, t = n >> 1;
    for (; t >= 4; m <<= 1, t >>= 1) {
        for (size_t i = 0; i < m; i++) {
            const __m256i w = _mm256_set1_epi64x((long long)roots[m + i]);
            const __m256i ws = _mm256_set1_epi64x((long long)roots_shoup[m + i]);
            uint64_t *px = a + 2 * i * t, *py = px + t;
            for (size_t j = 0; j < t; j += 4) {
                __m256i u = cond_sub(_mm256_loadu_si256((const void *)(px + j)), two_q);
                __m256i v = mul_lazy(_mm256_loadu_si256((const void *)(py + j)), w, ws, q);
                _mm256_storeu_si256((void *)(px + j), _mm256_add_epi64(u, v));
                _mm256_storeu_si256((void *)(py + j),
                                    _mm256_add_epi64(_mm256_sub_epi64(u, v), two_q));
            }
        }
    }
    for (; m < n; m <<= 1, t >>= 1) veil_ntt_forward_stage(a, m, t, q64, roots, roots_shoup);
    for (size_t j = 0; j < n; j += 4) {
        __m256i x = _mm256_loadu_si256((const void *)(a + j));
        _mm256_storeu_si256((void *)(a + j), cond_sub(cond_sub(x, two_q), q));
    }
}

static void ntt_inverse_avx2(uint64_t *a, int log_n, uint64_t q64, const uint64_t *inv_roots,
                             const uint64_t *inv_roots_shoup, uint64_t n_inv, uint64_t n_inv_shoup) {
    const size_t n = (size_t)1 << log_n;
    const __m256i q = _mm256_set1_epi64x((long long)q64);
    const __m256i two_q = _mm256_set1_epi64x((long long)(2 * q64));
    size_t h = n >> 1, t = 1;
    for (; t < 4; h >>= 1, t <<= 1) veil_ntt_inverse_stage(a, h, t, q64, inv_roots, inv_roots_shoup);
    for (; h >= 1; h >>= 1, t <<= 1) {
        for (size_t i = 0; i < h; i++) {
            const __m256i w = _mm256_set1_epi64x((long long)inv_roots[h + i]);
            const __m256i ws = _mm256_set1_epi64x((long long)inv_roots_shoup[h + i]);
            uint64_t *px = a + 2 * i * t, *py = px + t;
            for (size_t j = 0; j < t; j += 4) {
                __m256i u = _mm256_loadu_si256((const void *)(px + j));
                __m256i v = _mm256_loadu_si256((const void *)(py + j));
                _mm256_storeu_si256((void *)(px + j), cond_sub(_mm256_add_epi64(u, v), two_q));
                __m256i d = _mm256_add_epi64(_mm256_sub_epi64(u, v), two_q);
                _mm256_storeu_si256((void *)(py + j), mul_lazy(d, w, ws, q));
            }
        }
    }
    const __m256i ni = _mm256_set1_epi64x((long long)n_inv);
    const __m256i nis = _mm256_set1_epi64x((long long)n_inv_shoup);
    for (size_t j = 0; j < n; j += 4) {
        __m256i x = mul_lazy(_mm256_loadu_si256((const void *)(a + j)), ni, nis, q);
        _mm256_storeu_si256((void *)(a + j), cond_sub(x, q));
    }
}

static void add_avx2(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q64) {
    const __m256i q = _mm256_set1_epi64x((long long)q64);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256i s = _mm256_add_epi64(_mm256_loadu_si256((const void *)(a + i)),
                                     _mm256_loadu_si256((const void *)(b + i)));
        _mm256_storeu_si256((void *)(out + i), cond_sub(s, q));
    }
    for (; i < n; i++) {
        out[i] = veil_csub(a[i] + b[i], q64);
    }
}

static void sub_avx2(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q64) {
    const __m256i q = _mm256_set1_epi64x((long long)q64);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        /* (a + q - b) is in [1, 2q), then one conditional subtraction. */
        __m256i d = _mm256_sub_epi64(_mm256_add_epi64(_mm256_loadu_si256((const void *)(a + i)), q),
                                     _mm256_loadu_si256((const void *)(b + i)));
        _mm256_storeu_si256((void *)(out + i), cond_sub(d, q));
    }
    for (; i < n; i++) {
        uint64_t d = a[i] - b[i];
        out[i] = d + (q64 & (uint64_t)((int64_t)d >> 63));
    }
}

static void mul_scalar_avx2(const uint64_t *a, uint64_t s, uint64_t s_shoup, uint64_t *out,
                            size_t n, uint64_t q64) {
    const __m256i q = _mm256_set1_epi64x((long long)q64);
    const __m256i w = _mm256_set1_epi64x((long long)s);
    const __m256i ws = _mm256_set1_epi64x((long long)s_shoup);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        __m256i r = mul_lazy(_mm256_loadu_si256((const void *)(a + i)), w, ws, q);
        _mm256_storeu_si256((void *)(out + i), cond_sub(r, q));
    }
    for (; i < n; i++) {
        out[i] = veil_csub(veil_mul_shoup_lazy(a[i], s, s_shoup, q64), q64);
    }
}

const veil_kernel_table veil_kernels_avx2 = {
    .add = add_avx2,
    .sub = sub_avx2,
    .mul = veil_mul_portable,
    .mul_scalar = mul_scalar_avx2,
    .mul_add = veil_mul_add_portable,
    .sub_mul_scalar = veil_sub_mul_scalar_portable,
    .dot = veil_dot_portable,
    .reduce_add = veil_reduce_add,
    .ntt_forward = ntt_forward_avx2,
    .ntt_inverse = ntt_inverse_avx2,
    .prg_blocks16 = veil_chacha20_blocks16_avx2,
    .prg_sample = veil_prg_sample_portable,
};
