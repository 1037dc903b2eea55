package org.veilgrid.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random offsets, lengths and array sizes, valid and not, thrown at the native kernels and the
 * Java twin side by side. An argument that slipped past validation into C would corrupt memory
 * or crash the JVM; here both paths must either reject it the same way or produce the same
 * arrays — every element, including those outside the range written.
 */
class RandomArgumentsTest {
    private static final int CASES = 20_000;

    /** Outcome of one call: the exception type, or the arrays after the call. */
    private static String run(Runnable call) {
        try {
            call.run();
            return "ok";
        } catch (KernelArgumentException e) {
            return "KernelArgumentException";
        } catch (NullPointerException e) {
            return "NullPointerException";
        }
    }

    private static int pick(SplittableRandom r, int size) {
        switch (r.nextInt(6)) {
            case 0: return -r.nextInt(1, 5);
            case 1: return size + r.nextInt(0, 3);
            case 2: return 0;
            default: return r.nextInt(0, Math.max(1, size + 1));
        }
    }

    @Test
    void nativeAndJavaAgreeOnEveryRandomCall() {
        assumeTrue(NativeLibrary.isLoaded(), "native library not loaded");
        Kernels nat = Kernels.nativeKernels().orElseThrow();
        Kernels java = Kernels.java();
        SplittableRandom r = new SplittableRandom(2026);
        long[] moduli = {2, 97, 12289, (1L << 50) - 27, 1152921504606830593L, (1L << 62) - 57};
        int accepted = 0;
        int acceptedDots = 0;
        for (int c = 0; c < CASES; c++) {
            Modulus q = Modulus.of(moduli[r.nextInt(moduli.length)]);
            int size = r.nextInt(0, 70);
            long[] a = r.longs(size, 0, q.value()).toArray();
            long[] b = r.longs(size + r.nextInt(0, 3), 0, q.value()).toArray();
            long[] cc = r.longs(size, 0, q.value()).toArray();
            long[] out1 = r.longs(size + r.nextInt(0, 3), 0, q.value()).toArray();
            long[] out2 = out1.clone();
            int ao = pick(r, a.length);
            int bo = pick(r, b.length);
            int co = pick(r, cc.length);
            int oo = pick(r, out1.length);
            int len = pick(r, size);
            long s = r.nextInt(8) == 0 ? q.value() : r.nextLong(q.value());
            int op = r.nextInt(8);
            int as = r.nextInt(6) == 0 ? -1 : r.nextInt(0, 4);
            int bs = r.nextInt(6) == 0 ? -r.nextInt(1, 3) : r.nextInt(0, 4);
            int[] termChoices = {0, 1, 1, 2, 3, 5, Kernels.MAX_DOT_TERMS + 1};
            int terms = termChoices[r.nextInt(termChoices.length)];
            byte[] seed = new byte[r.nextInt(8) == 0 ? 31 : 32];
            Runnable n1;
            Runnable j1;
            switch (op) {
                case 0:
                    n1 = () -> nat.add(q, a, ao, b, bo, out1, oo, len);
                    j1 = () -> java.add(q, a, ao, b, bo, out2, oo, len);
                    break;
                case 1:
                    n1 = () -> nat.sub(q, a, ao, b, bo, out1, oo, len);
                    j1 = () -> java.sub(q, a, ao, b, bo, out2, oo, len);
                    break;
                case 2:
                    n1 = () -> nat.mul(q, a, ao, b, bo, out1, oo, len);
                    j1 = () -> java.mul(q, a, ao, b, bo, out2, oo, len);
                    break;
                case 3:
                    n1 = () -> nat.mulAdd(q, a, ao, b, bo, cc, co, out1, oo, len);
                    j1 = () -> java.mulAdd(q, a, ao, b, bo, cc, co, out2, oo, len);
                    break;
                case 4:
                    n1 = () -> nat.mulScalar(q, a, ao, s, out1, oo, len);
                    j1 = () -> java.mulScalar(q, a, ao, s, out2, oo, len);
                    break;
                case 6:
                    n1 = () -> nat.dot(q, a, ao, as, b, bo, bs, terms, out1, oo, len);
                    j1 = () -> java.dot(q, a, ao, as, b, bo, bs, terms, out2, oo, len);
                    break;
                case 7:
                    n1 = () -> nat.dotAdd(q, a, ao, as, b, bo, bs, terms, out1, oo, len);
                    j1 = () -> java.dotAdd(q, a, ao, as, b, bo, bs, terms, out2, oo, len);
                    break;
                default:
                    n1 = () -> nat.uniform(seed, 7, q, out1, oo, len);
                    j1 = () -> java.uniform(seed, 7, q, out2, oo, len);
                    break;
            }
            String where = "case " + c + " op " + op + " sizes " + a.length + "/" + b.length + "/" + out1.length
                    + " offsets " + ao + "/" + bo + "/" + co + "/" + oo + " len " + len
                    + (op >= 6 ? " strides " + as + "/" + bs + " terms " + terms : "");
            String nativeOutcome = run(n1);
            assertEquals(run(j1), nativeOutcome, where);
            assertArrayEquals(out2, out1, where);
            if (nativeOutcome.equals("ok")) {
                accepted++;
                if (op >= 6) {
                    acceptedDots++;
                }
            }
        }
        // Both outcomes must be well represented, or the test proves little.
        assertTrue(accepted > CASES / 10 && accepted < CASES * 9 / 10, "accepted " + accepted + " of " + CASES);
        assertTrue(acceptedDots > CASES / 200, "accepted " + acceptedDots + " dot calls of about " + CASES / 4);
    }

    @Test
    void nttRejectsOffsetsPastTheEndOnBothPaths() {
        NttTables t = NttTables.create(16, 97);
        SplittableRandom r = new SplittableRandom(5);
        for (Kernels k : KernelPath.all().stream().map(KernelPath::activate).toList()) {
            for (int c = 0; c < 2000; c++) {
                long[] poly = r.longs(r.nextInt(0, 40), 0, 97).toArray();
                long[] copy = poly.clone();
                int off = pick(r, poly.length);
                String outcome = run(() -> k.forward(t, poly, off));
                boolean fits = off >= 0 && off + 16 <= copy.length;
                assertEquals(fits ? "ok" : "KernelArgumentException", outcome, "length " + copy.length + " offset " + off);
                if (!fits) {
                    assertArrayEquals(copy, poly, "a rejected call must not touch the array");
                }
            }
        }
        KernelPath.restoreBest();
    }

}
