/*
 * Portable kernels: plain C with 128-bit products. These define the results every other path
 * must reproduce exactly (outputs are canonical, in [0, q)), and they run on any x86-64.
 *
 * NTT: Harvey's lazy butterflies ("Faster arithmetic for number-theoretic transforms", 2014)
 * with Shoup's precomputed quotients; the negacyclic twist is folded into the twiddles as in
 * Longa and Naehrig (2016): forward is Cooley-Tukey over powers of psi (a primitive 2N-th root)
 * stored in bit-reversed order, inverse is Gentleman-Sande over powers of psi^-1.
 */
#include "veil_kernels.h"

static void add_portable(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n,
                         uint64_t q) {
    for (size_t i = 0; i < n; i++) {
        out[i] = veil_csub(a[i] + b[i], q);
    }
}

static void sub_portable(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n,
                         uint64_t q) {
    for (size_t i = 0; i < n; i++) {
        uint64_t d = a[i] - b[i]; /* wraps negative when a < b */
        out[i] = d + (q & (uint64_t)((int64_t)d >> 63));
    }
}

void veil_mul_portable(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n,
                         uint64_t q, uint64_t mu, int bits) {
    for (size_t i = 0; i < n; i++) out[i] = veil_barrett128((u128)a[i] * b[i], q, mu, bits);
}

static void mul_scalar_portable(const uint64_t *a, uint64_t s, uint64_t s_shoup, uint64_t *out,
                                size_t n, uint64_t q) {
    for (size_t i = 0; i < n; i++) {
        out[i] = veil_csub(veil_mul_shoup_lazy(a[i], s, s_shoup, q), q);
    }
}

void veil_sub_mul_scalar_portable(const uint64_t *a, const uint64_t *b, uint64_t s, uint64_t s_shoup,
                                  uint64_t *out, size_t n, uint64_t q, int accumulate) {
    for (size_t i = 0; i < n; i++) {
        uint64_t d = a[i] - b[i];
        d += q & (uint64_t)((int64_t)d >> 63);
        uint64_t p = veil_csub(veil_mul_shoup_lazy(d, s, s_shoup, q), q);
        out[i] = accumulate ? veil_csub(p + out[i], q) : p;
    }
}

void veil_mul_add_portable(const uint64_t *a, const uint64_t *b, const uint64_t *c,
                             uint64_t *out, size_t n, uint64_t q, uint64_t mu, int bits) {
    for (size_t i = 0; i < n; i++)
        out[i] = veil_barrett128((u128)a[i] * b[i] + c[i], q, mu, bits);
}

/*
 * Dot products, scalar. Eight outputs at a time (one cache line of each row): the rows of a
 * matrix-vector product are usually whole polynomials, a power of two apart, so they all fall
 * into the same L1 and L2 sets; reading each row's line once, whole, avoids refetching it for
 * every element (that order ran 7x slower at N = 16384 with 16 rows). The eight 128-bit sums stay
 * in registers while the products of up to `chunk` rows are added (add + adc per product, no
 * carry word): chunk (q - 1)^2 < 2^128. When there are more rows than that (`wide`), each chunk's
 * sum goes into a 192-bit total; either way each output is reduced once. Branches depend only on
 * the lengths and q, never on the data.
 */
#define DOT_BLOCK 8

static inline __attribute__((always_inline)) void dot_block(const veil_dot_consts *k,
        const uint64_t *a, size_t a_stride, const uint64_t *b, size_t b_stride, size_t terms,
        size_t chunk, uint64_t *out, size_t w, int wide, int accumulate) {
    uint64_t lo[DOT_BLOCK] = {0}, hi[DOT_BLOCK] = {0}, top[DOT_BLOCK] = {0};
    for (size_t t0 = 0; t0 < terms; t0 += chunk) {
        const size_t t1 = !wide || terms - t0 < chunk ? terms : t0 + chunk;
        u128 acc[DOT_BLOCK] = {0};
        for (size_t t = t0; t < t1; t++) {
            const uint64_t *pa = a + t * a_stride, *pb = b + t * b_stride;
            for (size_t u = 0; u < w; u++) acc[u] += (u128)pa[u] * pb[u];
        }
        for (size_t u = 0; u < w; u++) {
            u128 s = (((u128)hi[u] << 64) | lo[u]) + acc[u];
            if (wide) top[u] += (uint64_t)(s < acc[u]); /* the carry out, as adc */
            lo[u] = (uint64_t)s;
            hi[u] = (uint64_t)(s >> 64);
        }
        if (!wide) break;
    }
    for (size_t u = 0; u < w; u++) {
        /* With one chunk top is the constant 0 here, and its Shoup product folds away. */
        uint64_t r = veil_dot_reduce(k, top[u], hi[u], lo[u]);
        out[u] = accumulate ? veil_csub(r + out[u], k->q) : r;
    }
}

static __attribute__((noinline)) void dot_tail(const veil_dot_consts *k, const uint64_t *a,
        size_t a_stride, const uint64_t *b, size_t b_stride, size_t terms, size_t chunk,
        uint64_t *out, size_t w, int accumulate) {
    dot_block(k, a, a_stride, b, b_stride, terms, chunk, out, w, 1, accumulate);
}

/* Rows whose products may be summed in 128 bits: 2^(128 - 2 bits) for q of `bits` bits, since
 * (q - 1)^2 < 2^(2 bits); 16 at 62 bits, 256 at 60, every row up to the maximum below 58. */
static size_t dot_chunk(uint64_t q) {
    const int bits = 64 - __builtin_clzll(q);
    return bits >= 58 ? (size_t)1 << (128 - 2 * bits) : VEIL_DOT_MAX_TERMS;
}

void veil_dot_portable(const veil_dot_consts *k, const uint64_t *a, size_t a_stride,
                       const uint64_t *b, size_t b_stride, size_t terms, uint64_t *out, size_t n,
                       int accumulate) {
    const size_t chunk = dot_chunk(k->q);
    const int wide = terms > chunk;
    size_t j = 0;
    /* wide and accumulate are constants in each inlined body, so none tests them per element. */
#define DOT_RUN(WIDE, ACC)                                                                         \
    for (; j + DOT_BLOCK <= n; j += DOT_BLOCK)                                                     \
        dot_block(k, a + j, a_stride, b + j, b_stride, terms, chunk, out + j, DOT_BLOCK, WIDE, ACC)
    if (wide) {
        if (accumulate) DOT_RUN(1, 1);
        else DOT_RUN(1, 0);
    } else {
        if (accumulate) DOT_RUN(0, 1);
        else DOT_RUN(0, 0);
    }
#undef DOT_RUN
    if (j < n) dot_tail(k, a + j, a_stride, b + j, b_stride, terms, chunk, out + j, n - j, accumulate);
}

void veil_ntt_forward_stage(uint64_t *a, size_t m, size_t t, uint64_t q,
                            const uint64_t *roots, const uint64_t *roots_shoup) {
    const uint64_t two_q = 2 * q;
    for (size_t i = 0; i < m; i++) {
        const uint64_t w = roots[m + i], ws = roots_shoup[m + i];
        uint64_t *x = a + 2 * i * t, *y = x + t;
        for (size_t j = 0; j < t; j++) {
            uint64_t u = veil_csub(x[j], two_q);              /* [0, 2q) */
            uint64_t v = veil_mul_shoup_lazy(y[j], w, ws, q); /* [0, 2q) */
            x[j] = u + v;                                     /* [0, 4q) */
            y[j] = u - v + two_q;                             /* [0, 4q) */
        }
    }
}

void veil_ntt_forward_finish(uint64_t *a, size_t n, uint64_t q) {
    const uint64_t two_q = 2 * q;
    for (size_t j = 0; j < n; j++) {
        a[j] = veil_csub(veil_csub(a[j], two_q), q);
    }
}

void veil_ntt_inverse_stage(uint64_t *a, size_t h, size_t t, uint64_t q,
                            const uint64_t *inv_roots, const uint64_t *inv_roots_shoup) {
    const uint64_t two_q = 2 * q;
    for (size_t i = 0; i < h; i++) {
        const uint64_t w = inv_roots[h + i], ws = inv_roots_shoup[h + i];
        uint64_t *x = a + 2 * i * t, *y = x + t;
        for (size_t j = 0; j < t; j++) {
            uint64_t u = x[j], v = y[j];                         /* [0, 2q) */
            x[j] = veil_csub(u + v, two_q);                      /* [0, 2q) */
            y[j] = veil_mul_shoup_lazy(u - v + two_q, w, ws, q); /* [0, 2q) */
        }
    }
}

void veil_ntt_inverse_finish(uint64_t *a, size_t n, uint64_t q, uint64_t n_inv,
                             uint64_t n_inv_shoup) {
    for (size_t j = 0; j < n; j++) {
        a[j] = veil_csub(veil_mul_shoup_lazy(a[j], n_inv, n_inv_shoup, q), q);
    }
}

void veil_ntt_forward_portable(uint64_t *a, int log_n, uint64_t q,
                               const uint64_t *roots, const uint64_t *roots_shoup) {
    const size_t n = (size_t)1 << log_n;
    for (size_t m = 1, t = n >> 1; m < n; m <<= 1, t >>= 1)
        veil_ntt_forward_stage(a, m, t, q, roots, roots_shoup);
    veil_ntt_forward_finish(a, n, q);
}

void veil_ntt_inverse_portable(uint64_t *a, int log_n, uint64_t q,
                               const uint64_t *inv_roots, const uint64_t *inv_roots_shoup,
                               uint64_t n_inv, uint64_t n_inv_shoup) {
    const size_t n = (size_t)1 << log_n;
    for (size_t h = n >> 1, t = 1; h >= 1; h >>= 1, t <<= 1)
        veil_ntt_inverse_stage(a, h, t, q, inv_roots, inv_roots_shoup);
    veil_ntt_inverse_finish(a, n, q, n_inv, n_inv_shoup);
}

static void ntt_forward_portable(uint64_t *a, int log_n, uint64_t q,
                                 const uint64_t *roots, const uint64_t *roots_shoup) {
    veil_ntt_forward_portable(a, log_n, q, roots, roots_shoup);
}

static void ntt_inverse_portable(uint64_t *a, int log_n, uint64_t q,
                                 const uint64_t *inv_roots, const uint64_t *inv_roots_shoup,
                                 uint64_t n_inv, uint64_t n_inv_shoup) {
    veil_ntt_inverse_portable(a, log_n, q, inv_roots, inv_roots_shoup, n_inv, n_inv_shoup);
}

const veil_kernel_table veil_kernels_portable = {
    .add = add_portable,
    .sub = sub_portable,
    .mul = veil_mul_portable,
    .mul_scalar = mul_scalar_portable,
    .mul_add = veil_mul_add_portable,
    .sub_mul_scalar = veil_sub_mul_scalar_portable,
    .dot = veil_dot_portable,
    .reduce_add = veil_reduce_add,
    .ntt_forward = ntt_forward_portable,
    .ntt_inverse = ntt_inverse_portable,
    .prg_blocks16 = veil_chacha20_blocks16_portable,
    .prg_sample = veil_prg_sample_portable,
};
