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

void veil_mul_add_portable(const uint64_t *a, const uint64_t *b, const uint64_t *c,
                             uint64_t *out, size_t n, uint64_t q, uint64_t mu, int bits) {
    for (size_t i = 0; i < n; i++)
        out[i] = veil_barrett128((u128)a[i] * b[i] + c[i], q, mu, bits);
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
    .ntt_forward = ntt_forward_portable,
    .ntt_inverse = ntt_inverse_portable,
    .prg_blocks16 = veil_chacha20_blocks16_portable,
    .prg_sample = veil_prg_sample_portable,
};
