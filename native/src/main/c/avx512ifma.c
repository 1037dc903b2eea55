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

#include "avx512_shoup64.h"

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

/*
 * Dot products. Each row's 8-lane vectors are multiplied and their 52-bit halves added into
 * 64-bit lanes unreduced: up to VEIL_DOT_MAX_TERMS = 4096 rows fit without any carry handling,
 * since each half is below 2^52. One reduction per output at the end. A block reads its 8 NV
 * consecutive elements of every row once and never returns to them, so rows a power of two apart
 * (which share cache sets) are not refetched.
 *
 * Moduli below 2^51 (DOT52_MAX_Q): one IFMA pair per row, x y = hi 2^52 + lo. The sum
 * H 2^52 + L is reduced as H1 2^104 + H0 2^52 + L with 52-bit digits, each digit times
 * (2^(52 i) mod q) by a 52-bit Shoup product in [0, 2q); 2q < 2^52 is what lets those products
 * be taken modulo 2^52, hence the bound.
 *
 * Moduli of 2^51 and above: each input as x1 2^52 + x0 (x1 below 2^10), seven IFMA per row,
 * column sums in five accumulators (the three at weight 2^52 kept apart so none can overflow),
 * carried into digits d0, d1 < 2^52 and d2 < 2^34, and reduced as d0 + d1 (2^52 mod q) +
 * d2 (2^104 mod q) with 64-bit Shoup products (avx512_shoup64.h). At N = 16384, 16 rows, 60 bits
 * this ran at 0.31 ns per product against 0.77 for the scalar kernel's 128-bit products, and
 * 0.42 when the reduction was done in scalar code (docs/BENCHMARKS.md).
 */
#define DOT52_MAX_Q (1ULL << 51)
/* Vectors of eight outputs per block, enough independent accumulators to cover IFMA's latency
 * (measured: 2 or 8 for DOT52 and 2 or 3 for DOT104 were slower). */
#define DOT52_NV 4
#define DOT104_NV 4

/* Asks for the line the next block will read from this row, into L2: the rows are usually a power
 * of two apart, 16 or more of them in each input, more streams than the hardware prefetchers
 * follow, and all in one L1 set, where lines prefetched that far ahead evict each other. Through
 * JNI at N = 16384, 16 rows, 50 bits: 96 us without prefetches, 83 with T0 hints, 70 with T1
 * (one block ahead; two or four were no better). A prefetch never faults, so one past the end of
 * an array is harmless. always_inline: a prefetch has no visible effect, so GCC otherwise finds
 * the helper side-effect free and drops its calls. */
static inline __attribute__((always_inline)) void dot_prefetch(const uint64_t *p, int full) {
    if (full) _mm_prefetch((const char *)p, _MM_HINT_T1);
}

static inline __m512i dot_load(const uint64_t *p, int full, __mmask8 m) {
    return full ? _mm512_loadu_si512(p) : _mm512_maskz_loadu_epi64(m, p);
}

static inline void dot_store(uint64_t *p, __m512i v, int full, __mmask8 m) {
    if (full) _mm512_storeu_si512(p, v);
    else _mm512_mask_storeu_epi64(p, m, v);
}

/* NV vectors of eight outputs (the last one masked unless full), q below 2^51. */
static inline __attribute__((always_inline)) void dot52_block(const veil_dot_consts *k,
        const uint64_t *a, size_t a_stride, const uint64_t *b, size_t b_stride, size_t terms,
        uint64_t *out, int nv, int full, __mmask8 last, int accumulate) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i mask52 = _mm512_set1_epi64((1LL << 52) - 1);
    __m512i lo[DOT52_NV], hi[DOT52_NV];
    for (int v = 0; v < nv; v++) lo[v] = hi[v] = zero;
    for (size_t t = 0; t < terms; t++) {
        const uint64_t *pa = a + t * a_stride, *pb = b + t * b_stride;
        for (int v = 0; v < nv; v++) {
            const int f = full || v < nv - 1;
            __m512i x = dot_load(pa + 8 * v, f, last), y = dot_load(pb + 8 * v, f, last);
            /* Keep y in a register: GCC would otherwise fold its load into both IFMAs, and
             * three loads per vector instead of two would set the pace, not the multiplies. */
            __asm__("" : "+v"(y));
            dot_prefetch(pa + 8 * (v + nv), f);
            dot_prefetch(pb + 8 * (v + nv), f);
            lo[v] = _mm512_madd52lo_epu64(lo[v], x, y);
            hi[v] = _mm512_madd52hi_epu64(hi[v], x, y);
        }
    }
    const __m512i q = _mm512_set1_epi64((long long)k->q);
    const __m512i two_q = _mm512_add_epi64(q, q), four_q = _mm512_add_epi64(two_q, two_q);
    const __m512i r52 = _mm512_set1_epi64((long long)k->r52);
    const __m512i r52s = _mm512_set1_epi64((long long)k->r52_shoup52);
    const __m512i r104 = _mm512_set1_epi64((long long)k->r104);
    const __m512i r104s = _mm512_set1_epi64((long long)k->r104_shoup52);
    const __m512i one_s = _mm512_set1_epi64((long long)k->one_shoup52);
    for (int v = 0; v < nv; v++) {
        const int f = full || v < nv - 1;
        /* H 2^52 + L with H < 4096 2^50 + 2^12: digits L0, H0 < 2^52 and H1 < 2^11. */
        __m512i h = _mm512_add_epi64(hi[v], _mm512_srli_epi64(lo[v], 52));
        __m512i l0 = _mm512_and_si512(lo[v], mask52);
        __m512i h0 = _mm512_and_si512(h, mask52), h1 = _mm512_srli_epi64(h, 52);
        __m512i s = _mm512_add_epi64(mul_lazy52(h0, r52, r52s, q), mul_lazy52(h1, r104, r104s, q));
        /* L0 mod q by Shoup with w = 1: L0 - q floor(L0 floor(2^52/q) / 2^52), in [0, 2q). */
        __m512i quot = _mm512_madd52hi_epu64(zero, l0, one_s);
        s = _mm512_add_epi64(s, _mm512_sub_epi64(l0, _mm512_madd52lo_epu64(zero, quot, q))); /* [0, 6q) */
        s = _mm512_min_epu64(s, _mm512_sub_epi64(s, four_q)); /* [0, 4q): s - 4q wraps when s < 4q */
        s = _mm512_min_epu64(s, _mm512_sub_epi64(s, two_q));
        s = _mm512_min_epu64(s, _mm512_sub_epi64(s, q));
        if (accumulate) {
            s = _mm512_add_epi64(s, dot_load(out + 8 * v, f, last));
            s = _mm512_min_epu64(s, _mm512_sub_epi64(s, q));
        }
        dot_store(out + 8 * v, s, f, last);
    }
}

/* NV vectors of eight outputs, q of 2^51 and above (below 2^62, so x1, y1 < 2^10). */
static inline __attribute__((always_inline)) void dot104_block(const veil_dot_consts *k,
        const uint64_t *a, size_t a_stride, const uint64_t *b, size_t b_stride, size_t terms,
        uint64_t *out, int nv, int full, __mmask8 last, int accumulate) {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i mask52 = _mm512_set1_epi64((1LL << 52) - 1);
    /* Column sums: c0 at weight 1; c1a, c1b, c1c at 2^52 (x0 y0 high, x0 y1 and x1 y0 low
     * halves); c2 at 2^104 (x0 y1 and x1 y0 high halves, below 2^10, and x1 y1 < 2^20). */
    __m512i c0[DOT104_NV], c1a[DOT104_NV], c1b[DOT104_NV], c1c[DOT104_NV], c2[DOT104_NV];
    for (int v = 0; v < nv; v++) c0[v] = c1a[v] = c1b[v] = c1c[v] = c2[v] = zero;
    for (size_t t = 0; t < terms; t++) {
        const uint64_t *pa = a + t * a_stride, *pb = b + t * b_stride;
        for (int v = 0; v < nv; v++) {
            const int f = full || v < nv - 1;
            __m512i x = dot_load(pa + 8 * v, f, last), y = dot_load(pb + 8 * v, f, last);
            dot_prefetch(pa + 8 * (v + nv), f);
            dot_prefetch(pb + 8 * (v + nv), f);
            __m512i x1 = _mm512_srli_epi64(x, 52), y1 = _mm512_srli_epi64(y, 52);
            /* IFMA reads only the low 52 bits of each operand: x itself serves as x0. */
            c0[v] = _mm512_madd52lo_epu64(c0[v], x, y);
            c1a[v] = _mm512_madd52hi_epu64(c1a[v], x, y);
            c1b[v] = _mm512_madd52lo_epu64(c1b[v], x, y1);
            c1c[v] = _mm512_madd52lo_epu64(c1c[v], x1, y);
            c2[v] = _mm512_madd52hi_epu64(c2[v], x, y1);
            c2[v] = _mm512_madd52hi_epu64(c2[v], x1, y);
            c2[v] = _mm512_madd52lo_epu64(c2[v], x1, y1);
        }
    }
    const __m512i q = _mm512_set1_epi64((long long)k->q), two_q = _mm512_add_epi64(q, q);
    const __m512i r52 = _mm512_set1_epi64((long long)k->r52);
    const __m512i r52s = _mm512_set1_epi64((long long)k->r52_shoup);
    const __m512i r104 = _mm512_set1_epi64((long long)k->r104);
    const __m512i r104s = _mm512_set1_epi64((long long)k->r104_shoup);
    for (int v = 0; v < nv; v++) {
        const int f = full || v < nv - 1;
        /* Carry-propagate into d0 + d1 2^52 + d2 2^104 with 52-bit digits d0, d1 and d2 below
         * 4096 (2^10 + 2^10 + 2^20) + 2^14 < 2^34. */
        __m512i d0 = _mm512_and_si512(c0[v], mask52);
        __m512i s1 = _mm512_add_epi64(_mm512_add_epi64(_mm512_and_si512(c1a[v], mask52),
                                                       _mm512_and_si512(c1b[v], mask52)),
                                      _mm512_add_epi64(_mm512_and_si512(c1c[v], mask52),
                                                       _mm512_srli_epi64(c0[v], 52)));
        __m512i d1 = _mm512_and_si512(s1, mask52);
        __m512i k1 = _mm512_add_epi64(_mm512_add_epi64(_mm512_srli_epi64(s1, 52),
                                                       _mm512_srli_epi64(c1a[v], 52)),
                                      _mm512_add_epi64(_mm512_srli_epi64(c1b[v], 52),
                                                       _mm512_srli_epi64(c1c[v], 52)));
        __m512i d2 = _mm512_add_epi64(c2[v], k1);
        /* d0 + d1 (2^52 mod q) + d2 (2^104 mod q); d0 < 2^52 <= 2q. */
        __m512i s = _mm512_add_epi64(mul_lazy64(d1, r52, r52s, q), mul_lazy64(d2, r104, r104s, q));
        s = _mm512_min_epu64(s, _mm512_sub_epi64(s, two_q));                            /* [0, 2q) */
        s = _mm512_add_epi64(s, _mm512_min_epu64(d0, _mm512_sub_epi64(d0, q)));         /* [0, 3q) */
        s = _mm512_min_epu64(s, _mm512_sub_epi64(s, two_q));
        s = _mm512_min_epu64(s, _mm512_sub_epi64(s, q));
        if (accumulate) {
            s = _mm512_add_epi64(s, dot_load(out + 8 * v, f, last));
            s = _mm512_min_epu64(s, _mm512_sub_epi64(s, q));
        }
        dot_store(out + 8 * v, s, f, last);
    }
}

static void dot_ifma(const veil_dot_consts *k, const uint64_t *a, size_t a_stride, const uint64_t *b,
                     size_t b_stride, size_t terms, uint64_t *out, size_t n, int accumulate) {
    /* A masked block first, up to the element where a's rows start a cache line (when a_stride
     * is a multiple of 8, as for polynomial rows): Java arrays' elements start 16 bytes into a
     * line, and loads that straddle two lines made the whole kernel about 1.5x slower. b usually
     * has the same offset and is aligned with a. */
    size_t head = (64 - ((uintptr_t)a & 63)) % 64 / 8;
    if (head > n) head = n;
    const __mmask8 head_mask = (__mmask8)((1u << head) - 1);
    const size_t rest = (n - head) % 8;
    const __mmask8 last = (__mmask8)((1u << rest) - 1);
    size_t j = head;
#define DOT_RUN(BLOCK, NV, ACC)                                                                  \
    do {                                                                                         \
        if (head) BLOCK(k, a, a_stride, b, b_stride, terms, out, 1, 0, head_mask, (ACC));         \
        for (; j + 8 * (NV) <= n; j += 8 * (NV))                                                 \
            BLOCK(k, a + j, a_stride, b + j, b_stride, terms, out + j, (NV), 1, 0xff, (ACC));    \
        for (; j + 8 <= n; j += 8)                                                               \
            BLOCK(k, a + j, a_stride, b + j, b_stride, terms, out + j, 1, 1, 0xff, (ACC));       \
        if (rest) BLOCK(k, a + j, a_stride, b + j, b_stride, terms, out + j, 1, 0, last, (ACC)); \
    } while (0)
    if (k->q < DOT52_MAX_Q) {
        if (accumulate) DOT_RUN(dot52_block, DOT52_NV, 1);
        else DOT_RUN(dot52_block, DOT52_NV, 0);
    } else {
        if (accumulate) DOT_RUN(dot104_block, DOT104_NV, 1);
        else DOT_RUN(dot104_block, DOT104_NV, 0);
    }
#undef DOT_RUN
}

const veil_kernel_table veil_kernels_avx512ifma = {
    .add = veil_avx512_add,
    .sub = veil_avx512_sub,
    .mul = mul_ifma,
    .mul_scalar = mul_scalar_ifma,
    .mul_add = mul_add_ifma,
    .sub_mul_scalar = veil_avx512_sub_mul_scalar,
    .dot = dot_ifma,
    .reduce_add = veil_avx512_reduce_add,
    .ntt_forward = ntt_forward_ifma,
    .ntt_inverse = ntt_inverse_ifma,
    .prg_blocks16 = veil_chacha20_blocks16_avx512,
    .prg_sample = veil_prg_sample_avx512,
};
