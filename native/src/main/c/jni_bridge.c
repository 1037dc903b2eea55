/*
 * JNI entry points for org.veilgrid.kernels.NativeKernels. Each call does a whole vector or
 * polynomial (never one element), so the JNI crossing is paid once per batch. Java validates
 * every argument before calling; this file only pins arrays and dispatches.
 *
 * Arrays are pinned with Get/ReleasePrimitiveArrayCritical. Callers may pass the same array as
 * input and output (in-place operations); such arrays are found (IsSameObject) before anything
 * is pinned and pinned once, since no other JNI call is allowed inside a critical region.
 */
#include <jni.h>
#include <string.h>

#include "org_veilgrid_kernels_NativeKernels.h"
#include "veil_kernels.h"

#define VEIL_NATIVE_VERSION "veilgrid-kernels 1"
#define MAX_PINNED 4
#define MAX_RNS_PRIMES 256

typedef struct {
    JNIEnv *env;
    int count;
    jarray arrays[MAX_PINNED];
    void *ptrs[MAX_PINNED];
} pins;

/* Registers an array and returns its slot. Arrays that are the same object share a slot, so
 * that an in-place call pins once. Must run before pin_all: no JNI function other than the
 * critical-array pair may be called while arrays are pinned, IsSameObject included. */
static int add(pins *p, jarray arr) {
    for (int i = 0; i < p->count; i++)
        if ((*p->env)->IsSameObject(p->env, p->arrays[i], arr)) return i;
    p->arrays[p->count] = arr;
    p->ptrs[p->count] = NULL;
    return p->count++;
}

/* Pins every registered array; returns 0 if one could not be pinned (then none stays pinned). */
static int pin_all(pins *p) {
    for (int i = 0; i < p->count; i++) {
        p->ptrs[i] = (*p->env)->GetPrimitiveArrayCritical(p->env, p->arrays[i], NULL);
        if (p->ptrs[i] == NULL) {
            for (int j = i - 1; j >= 0; j--)
                (*p->env)->ReleasePrimitiveArrayCritical(p->env, p->arrays[j], p->ptrs[j], JNI_ABORT);
            return 0;
        }
    }
    return 1;
}

static void unpin_all(pins *p) {
    for (int i = p->count - 1; i >= 0; i--)
        (*p->env)->ReleasePrimitiveArrayCritical(p->env, p->arrays[i], p->ptrs[i], 0);
}

#define U64(p, slot) ((uint64_t *)(p).ptrs[slot])

static void throw_oom(JNIEnv *env) {
    jclass c = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
    if (c != NULL) (*env)->ThrowNew(env, c, "veilgrid-kernels: could not pin a Java array");
}

JNIEXPORT jstring JNICALL Java_org_veilgrid_kernels_NativeKernels_libraryVersion(JNIEnv *env, jclass cls) {
    (void)cls;
    return (*env)->NewStringUTF(env, VEIL_NATIVE_VERSION);
}

JNIEXPORT jint JNICALL Java_org_veilgrid_kernels_NativeKernels_cpuFeatures(JNIEnv *env, jclass cls) {
    (void)env; (void)cls;
    return (jint)veil_cpu_features();
}

JNIEXPORT jint JNICALL Java_org_veilgrid_kernels_NativeKernels_isaSupported(JNIEnv *env, jclass cls) {
    (void)env; (void)cls;
    return veil_isa_supported();
}

JNIEXPORT jint JNICALL Java_org_veilgrid_kernels_NativeKernels_isaActive(JNIEnv *env, jclass cls) {
    (void)env; (void)cls;
    return veil_isa_active();
}

JNIEXPORT jint JNICALL Java_org_veilgrid_kernels_NativeKernels_isaSet(JNIEnv *env, jclass cls, jint level) {
    (void)env; (void)cls;
    return veil_isa_set(level);
}

typedef void (*binary_fn)(const uint64_t *, const uint64_t *, uint64_t *, size_t, uint64_t);

static void binary_op(JNIEnv *env, binary_fn fn, jlong q, jlongArray a, jint ao, jlongArray b,
                      jint bo, jlongArray out, jint oo, jint len) {
    pins p = {env, 0, {0}, {0}};
    int sa = add(&p, a), sb = add(&p, b), so = add(&p, out);
    if (!pin_all(&p)) { throw_oom(env); return; }
    fn(U64(p, sa) + ao, U64(p, sb) + bo, U64(p, so) + oo, (size_t)len, (uint64_t)q);
    unpin_all(&p);
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_add(JNIEnv *env, jclass cls, jlong q,
        jlongArray a, jint ao, jlongArray b, jint bo, jlongArray out, jint oo, jint len) {
    (void)cls;
    binary_op(env, veil_active_kernels()->add, q, a, ao, b, bo, out, oo, len);
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_sub(JNIEnv *env, jclass cls, jlong q,
        jlongArray a, jint ao, jlongArray b, jint bo, jlongArray out, jint oo, jint len) {
    (void)cls;
    binary_op(env, veil_active_kernels()->sub, q, a, ao, b, bo, out, oo, len);
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_mul(JNIEnv *env, jclass cls, jlong q,
        jlong mu, jint bits, jlongArray a, jint ao, jlongArray b, jint bo, jlongArray out, jint oo,
        jint len) {
    (void)cls;
    pins p = {env, 0, {0}, {0}};
    int sa = add(&p, a), sb = add(&p, b), so = add(&p, out);
    if (!pin_all(&p)) { throw_oom(env); return; }
    veil_active_kernels()->mul(U64(p, sa) + ao, U64(p, sb) + bo, U64(p, so) + oo, (size_t)len,
                               (uint64_t)q, (uint64_t)mu, bits);
    unpin_all(&p);
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_mulScalar(JNIEnv *env, jclass cls,
        jlong q, jlong s, jlong s_shoup, jlongArray a, jint ao, jlongArray out, jint oo, jint len) {
    (void)cls;
    pins p = {env, 0, {0}, {0}};
    int sa = add(&p, a), so = add(&p, out);
    if (!pin_all(&p)) { throw_oom(env); return; }
    veil_active_kernels()->mul_scalar(U64(p, sa) + ao, (uint64_t)s, (uint64_t)s_shoup,
                                      U64(p, so) + oo, (size_t)len, (uint64_t)q);
    unpin_all(&p);
}

/* out[oo + j] = [out[oo + j] +] (a[ao + j] - b[bo + j]) s mod q (Kernels.subMulScalar[Add]). out
 * either coincides with a or b or overlaps neither (Kernels checks). */
JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_subMulScalar(JNIEnv *env, jclass cls,
        jlong q, jlong s, jlong s_shoup, jlongArray a, jint ao, jlongArray b, jint bo, jlongArray out,
        jint oo, jint len, jboolean accumulate) {
    (void)cls;
    pins p = {env, 0, {0}, {0}};
    int sa = add(&p, a), sb = add(&p, b), so = add(&p, out);
    if (!pin_all(&p)) { throw_oom(env); return; }
    veil_active_kernels()->sub_mul_scalar(U64(p, sa) + ao, U64(p, sb) + bo, (uint64_t)s, (uint64_t)s_shoup,
                                          U64(p, so) + oo, (size_t)len, (uint64_t)q, accumulate ? 1 : 0);
    unpin_all(&p);
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_mulAdd(JNIEnv *env, jclass cls,
        jlong q, jlong mu, jint bits, jlongArray a, jint ao, jlongArray b, jint bo, jlongArray c,
        jint co, jlongArray out, jint oo, jint len) {
    (void)cls;
    pins p = {env, 0, {0}, {0}};
    int sa = add(&p, a), sb = add(&p, b), sc = add(&p, c), so = add(&p, out);
    if (!pin_all(&p)) { throw_oom(env); return; }
    veil_active_kernels()->mul_add(U64(p, sa) + ao, U64(p, sb) + bo, U64(p, sc) + co,
                                   U64(p, so) + oo, (size_t)len, (uint64_t)q, (uint64_t)mu, bits);
    unpin_all(&p);
}

/* out[oo + j] (+)= sum_t a[ao + t as + j] b[bo + t bs + j] mod q (Kernels.dot, dotAdd). consts is
 * Modulus.dotConstants(), copied rather than pinned (thirteen words). a and b may be one array; out
 * overlaps neither range (Kernels checks), so its array is pinned with theirs when it is the same. */
JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_dot(JNIEnv *env, jclass cls,
        jlongArray consts, jlongArray a, jint ao, jint as, jlongArray b, jint bo, jint bs, jint terms,
        jlongArray out, jint oo, jint len, jboolean accumulate) {
    (void)cls;
    jlong c[VEIL_DOT_CONSTS];
    (*env)->GetLongArrayRegion(env, consts, 0, VEIL_DOT_CONSTS, c);
    veil_dot_consts k;
    memcpy(&k, c, sizeof k);
    pins p = {env, 0, {0}, {0}};
    int sa = add(&p, a), sb = add(&p, b), so = add(&p, out);
    if (!pin_all(&p)) { throw_oom(env); return; }
    veil_active_kernels()->dot(&k, U64(p, sa) + ao, (size_t)as, U64(p, sb) + bo, (size_t)bs,
                               (size_t)terms, U64(p, so) + oo, (size_t)len, accumulate ? 1 : 0);
    unpin_all(&p);
}

/* data holds k = moduli.length polynomials of N = 2^log_n coefficients each, one per prime;
 * roots and roots_shoup hold the k tables back to back. */
JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_nttForward(JNIEnv *env, jclass cls,
        jint log_n, jlongArray moduli, jlongArray roots, jlongArray roots_shoup, jlongArray data,
        jint off) {
    (void)cls;
    jsize k = (*env)->GetArrayLength(env, moduli);
    if (k > MAX_RNS_PRIMES) k = MAX_RNS_PRIMES; /* Java rejects more; belt and braces */
    jlong qs[MAX_RNS_PRIMES];
    (*env)->GetLongArrayRegion(env, moduli, 0, k, qs);
    const size_t n = (size_t)1 << log_n;
    const veil_kernel_table *kt = veil_active_kernels();
    pins p = {env, 0, {0}, {0}};
    int sr = add(&p, roots), ss = add(&p, roots_shoup), sd = add(&p, data);
    if (!pin_all(&p)) { throw_oom(env); return; }
    const uint64_t *pr = U64(p, sr), *ps = U64(p, ss);
    uint64_t *pd = U64(p, sd);
    for (jsize i = 0; i < k; i++)
        kt->ntt_forward(pd + off + i * n, log_n, (uint64_t)qs[i], pr + i * n, ps + i * n);
    unpin_all(&p);
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_nttInverse(JNIEnv *env, jclass cls,
        jint log_n, jlongArray moduli, jlongArray inv_roots, jlongArray inv_roots_shoup,
        jlongArray n_inv, jlongArray n_inv_shoup, jlongArray data, jint off) {
    (void)cls;
    jsize k = (*env)->GetArrayLength(env, moduli);
    if (k > MAX_RNS_PRIMES) k = MAX_RNS_PRIMES;
    jlong qs[MAX_RNS_PRIMES], ni[MAX_RNS_PRIMES], nis[MAX_RNS_PRIMES];
    (*env)->GetLongArrayRegion(env, moduli, 0, k, qs);
    (*env)->GetLongArrayRegion(env, n_inv, 0, k, ni);
    (*env)->GetLongArrayRegion(env, n_inv_shoup, 0, k, nis);
    const size_t n = (size_t)1 << log_n;
    const veil_kernel_table *kt = veil_active_kernels();
    pins p = {env, 0, {0}, {0}};
    int sr = add(&p, inv_roots), ss = add(&p, inv_roots_shoup), sd = add(&p, data);
    if (!pin_all(&p)) { throw_oom(env); return; }
    const uint64_t *pr = U64(p, sr), *ps = U64(p, ss);
    uint64_t *pd = U64(p, sd);
    for (jsize i = 0; i < k; i++)
        kt->ntt_inverse(pd + off + i * n, log_n, (uint64_t)qs[i], pr + i * n, ps + i * n,
                        (uint64_t)ni[i], (uint64_t)nis[i]);
    unpin_all(&p);
}

JNIEXPORT jint JNICALL Java_org_veilgrid_kernels_NativeKernels_prgUniform(JNIEnv *env, jclass cls,
        jbyteArray seed, jlong stream, jlong q, jlongArray out, jint off, jint len) {
    (void)cls;
    uint8_t key[32];
    (*env)->GetByteArrayRegion(env, seed, 0, 32, (jbyte *)key);
    pins p = {env, 0, {0}, {0}};
    int so = add(&p, out);
    int rc = 0;
    int pinned = pin_all(&p);
    if (pinned) {
        rc = veil_prg_uniform(key, (uint64_t)stream, (uint64_t)q, U64(p, so) + off, (size_t)len);
        unpin_all(&p);
    }
    /* The key is a secret: do not leave it on the stack. */
    volatile uint8_t *vk = key;
    for (int i = 0; i < 32; i++) vk[i] = 0;
    if (!pinned) throw_oom(env);
    return rc;
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_chachaBlock(JNIEnv *env, jclass cls,
        jbyteArray key, jint counter, jbyteArray nonce, jbyteArray out) {
    (void)cls;
    uint8_t k[32], n[12], o[64];
    (*env)->GetByteArrayRegion(env, key, 0, 32, (jbyte *)k);
    (*env)->GetByteArrayRegion(env, nonce, 0, 12, (jbyte *)n);
    veil_chacha20_block(k, (uint32_t)counter, n, o);
    (*env)->SetByteArrayRegion(env, out, 0, 64, (const jbyte *)o);
    volatile uint8_t *vk = k;
    for (int i = 0; i < 32; i++) vk[i] = 0;
}

/* One RNS base conversion of n coefficients (rns.c). The plan is pinned like the data, so a
 * plan of any size costs nothing to pass; diag may be null (plans without a diagonal term). */
JNIEXPORT jint JNICALL Java_org_veilgrid_kernels_NativeKernels_rnsConvert(JNIEnv *env, jclass cls,
        jlongArray plan, jlongArray in, jint io, jlongArray diag, jint dio, jlongArray out, jint oo,
        jint n) {
    (void)cls;
    pins p = {env, 0, {0}, {0}};
    int sp = add(&p, plan), si = add(&p, in), so = add(&p, out);
    int sd = diag != NULL ? add(&p, diag) : -1;
    if (!pin_all(&p)) { throw_oom(env); return 0; }
    size_t uncertain = veil_rns_convert(U64(p, sp), U64(p, si) + io, sd >= 0 ? U64(p, sd) + dio : NULL,
                                        U64(p, so) + oo, (size_t)n);
    unpin_all(&p);
    return (jint)uncertain;
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_NativeKernels_reduceAdd(JNIEnv *env, jclass cls,
        jlong q, jlong m64, jlong addend, jlongArray in, jint io, jlongArray out, jint oo, jint len) {
    (void)cls;
    pins p = {env, 0, {0}, {0}};
    int si = add(&p, in), so = add(&p, out);
    if (!pin_all(&p)) { throw_oom(env); return; }
    veil_active_kernels()->reduce_add(U64(p, si) + io, (uint64_t)addend, U64(p, so) + oo, (size_t)len, (uint64_t)q,
                    (uint64_t)m64);
    unpin_all(&p);
}
