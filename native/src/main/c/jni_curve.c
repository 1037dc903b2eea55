/*
 * JNI entry points for org.veilgrid.kernels.CurveNative. One call does a whole multi-scalar
 * multiplication: scalars arrive as 32-byte little-endian strings, points as packed limbs
 * (20 words each, see curve25519.h). CurveKernels validates every argument before calling.
 */
#include <jni.h>
#include <stdint.h>

#include "org_veilgrid_kernels_CurveNative.h"
#include "curve25519.h"

static void throw_oom(JNIEnv *env, const char *what) {
    jclass c = (*env)->FindClass(env, "java/lang/OutOfMemoryError");
    if (c != NULL) (*env)->ThrowNew(env, c, what);
}

typedef int (*msm_fn)(uint64_t *, const uint8_t *, const uint64_t *, size_t);

static void run_msm(JNIEnv *env, msm_fn fn, jbyteArray scalars, jlongArray points, jint n, jlongArray out) {
    uint64_t result[20];
    jbyte *s = (*env)->GetPrimitiveArrayCritical(env, scalars, NULL);
    if (s == NULL) { throw_oom(env, "veilgrid-kernels: could not pin the scalars"); return; }
    jlong *p = (*env)->GetPrimitiveArrayCritical(env, points, NULL);
    if (p == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, scalars, s, JNI_ABORT);
        throw_oom(env, "veilgrid-kernels: could not pin the points");
        return;
    }
    int rc = fn(result, (const uint8_t *)s, (const uint64_t *)p, (size_t)n);
    (*env)->ReleasePrimitiveArrayCritical(env, points, p, JNI_ABORT);
    (*env)->ReleasePrimitiveArrayCritical(env, scalars, s, JNI_ABORT);
    if (rc != 0) { throw_oom(env, "veilgrid-kernels: MSM scratch allocation failed"); return; }
    (*env)->SetLongArrayRegion(env, out, 0, 20, (const jlong *)result);
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_CurveNative_msmVartime(JNIEnv *env, jclass cls,
        jbyteArray scalars, jlongArray points, jint n, jlongArray out) {
    (void)cls;
    run_msm(env, veil_msm_vartime, scalars, points, n, out);
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_CurveNative_msmConstTime(JNIEnv *env, jclass cls,
        jbyteArray scalars, jlongArray points, jint n, jlongArray out) {
    (void)cls;
    run_msm(env, veil_msm_consttime, scalars, points, n, out);
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_CurveNative_fixedTable(JNIEnv *env, jclass cls,
        jlongArray points, jint n, jlongArray table) {
    (void)cls;
    jlong *p = (*env)->GetPrimitiveArrayCritical(env, points, NULL);
    if (p == NULL) { throw_oom(env, "veilgrid-kernels: could not pin the points"); return; }
    jlong *t = (*env)->GetPrimitiveArrayCritical(env, table, NULL);
    if (t == NULL) {
        (*env)->ReleasePrimitiveArrayCritical(env, points, p, JNI_ABORT);
        throw_oom(env, "veilgrid-kernels: could not pin the table");
        return;
    }
    veil_fixed_table((uint64_t *)t, (const uint64_t *)p, (size_t)n);
    (*env)->ReleasePrimitiveArrayCritical(env, table, t, 0);
    (*env)->ReleasePrimitiveArrayCritical(env, points, p, JNI_ABORT);
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_CurveNative_msmTable(JNIEnv *env, jclass cls,
        jlongArray table, jbyteArray fixedScalars, jint nfixed, jbyteArray varScalars, jlongArray varPoints,
        jint nvar, jlongArray out) {
    (void)cls;
    uint64_t result[20];
    jlong *t = (*env)->GetPrimitiveArrayCritical(env, table, NULL);
    jbyte *fs = t == NULL ? NULL : (*env)->GetPrimitiveArrayCritical(env, fixedScalars, NULL);
    jbyte *vs = fs == NULL ? NULL : (*env)->GetPrimitiveArrayCritical(env, varScalars, NULL);
    jlong *vp = vs == NULL ? NULL : (*env)->GetPrimitiveArrayCritical(env, varPoints, NULL);
    int rc = -1;
    if (vp != NULL) {
        rc = veil_msm_table(result, (const uint64_t *)t, (const uint8_t *)fs, (size_t)nfixed,
                            (const uint8_t *)vs, (const uint64_t *)vp, (size_t)nvar);
    }
    if (vp != NULL) (*env)->ReleasePrimitiveArrayCritical(env, varPoints, vp, JNI_ABORT);
    if (vs != NULL) (*env)->ReleasePrimitiveArrayCritical(env, varScalars, vs, JNI_ABORT);
    if (fs != NULL) (*env)->ReleasePrimitiveArrayCritical(env, fixedScalars, fs, JNI_ABORT);
    if (t != NULL) (*env)->ReleasePrimitiveArrayCritical(env, table, t, JNI_ABORT);
    if (rc != 0) { throw_oom(env, "veilgrid-kernels: could not pin arrays or allocate MSM scratch"); return; }
    (*env)->SetLongArrayRegion(env, out, 0, 20, (const jlong *)result);
}

JNIEXPORT jboolean JNICALL Java_org_veilgrid_kernels_CurveNative_ristrettoDecode(JNIEnv *env, jclass cls,
        jbyteArray in, jint off, jlongArray out) {
    (void)cls;
    uint8_t bytes[32];
    uint64_t point[20];
    (*env)->GetByteArrayRegion(env, in, off, 32, (jbyte *)bytes);
    int ok = veil_ristretto_decode(point, bytes);
    (*env)->SetLongArrayRegion(env, out, 0, 20, (const jlong *)point);
    return ok ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT void JNICALL Java_org_veilgrid_kernels_CurveNative_ristrettoEncode(JNIEnv *env, jclass cls,
        jlongArray point, jbyteArray out, jint off) {
    (void)cls;
    uint64_t p[20];
    uint8_t bytes[32];
    (*env)->GetLongArrayRegion(env, point, 0, 20, (jlong *)p);
    veil_ristretto_encode(bytes, p);
    (*env)->SetByteArrayRegion(env, out, off, 32, (const jbyte *)bytes);
}
