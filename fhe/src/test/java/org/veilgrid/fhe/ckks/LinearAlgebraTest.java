package org.veilgrid.fhe.ckks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.Parallelism;

/** CKKS matrix-vector products and hoisted rotations against cleartext. */
class LinearAlgebraTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(1818);
    private static CkksContext ctx;
    private static SecretKey sk;
    private static GaloisKeys gk;
    private static Encryptor enc;
    private static Decryptor dec;
    private static Evaluator ev;

    @BeforeAll
    static void setUp() {
        ctx = CkksContext.create(CkksParameters.preset(CkksPreset.N8192));
        KeyGenerator kg = new KeyGenerator(ctx);
        sk = kg.secretKey();
        List<Integer> steps = new ArrayList<>();
        for (int[] shape : new int[][] {{16, 64}, {64, 64}, {32, 1024}, {8, 8}}) {
            steps.addAll(PreparedMatrix.rotationSteps(shape[0], shape[1]));
        }
        steps.addAll(PreparedMatrix.rotationSteps(32, 1024, 2));
        steps.addAll(PreparedMatrix.rotationSteps(16, 64, 8));
        steps.add(-3);
        gk = kg.galoisKeys(sk, steps, false);
        enc = new Encryptor(ctx);
        dec = new Decryptor(ctx, sk);
        ev = new Evaluator(ctx);
    }

    private static double[][] randomMatrix(int rows, int columns) {
        double[][] m = new double[rows][columns];
        for (double[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = RANDOM.nextDouble() * 2 - 1;
            }
        }
        return m;
    }

    private static double[] randomVector(int length) {
        double[] v = new double[length];
        for (int j = 0; j < length; j++) {
            v[j] = RANDOM.nextDouble() * 2 - 1;
        }
        return v;
    }

    private void checkProduct(int rows, int columns, Parallelism parallelism) {
        checkProduct(rows, columns, 1, parallelism);
    }

    private void checkProduct(int rows, int columns, int blocks, Parallelism parallelism) {
        double[][] m = randomMatrix(rows, columns);
        double[] v = randomVector(columns);
        LinearAlgebra la = new LinearAlgebra(ctx, parallelism);
        double q = ctx.ring(0).modulus(ctx.ring(0).primeCount() - 1).value();
        PreparedMatrix pm = la.prepare(m, 0, q, blocks);
        Ciphertext x = enc.encryptSymmetric(sk, ctx.encode(LinearAlgebra.blockLayout(v, blocks, ctx.slots()), null, 0,
                ctx.parameters().scale()));
        Ciphertext y = ev.rescale(la.multiply(x, pm, gk));
        double[] got = dec.decrypt(y).real();
        double worst = 0;
        for (int j = 0; j < ctx.slots(); j++) {
            int r = j % rows;
            double expected = 0;
            for (int c = 0; c < columns; c++) {
                expected += m[r][c] * v[c];
            }
            worst = Math.max(worst, Math.abs(got[j] - expected));
        }
        // Each slot sums C products at scale 2^40: about 2^-20 and better.
        assertTrue(worst < 0x1p-16, rows + "x" + columns + ": worst slot error " + worst);
    }

    @Test
    void productsMatchCleartextForSquareAndWideMatricesReplicatedWithPeriodR() {
        checkProduct(64, 64, Parallelism.singleThread());
        checkProduct(16, 64, Parallelism.singleThread());
        checkProduct(32, 1024, Parallelism.singleThread());
        checkProduct(8, 8, Parallelism.singleThread());
    }

    @Test
    void blockLayoutsCarrySeveralDiagonalsPerPlaintextAndGiveTheSameProduct() {
        checkProduct(32, 1024, 2, Parallelism.singleThread());
        checkProduct(16, 64, 8, Parallelism.singleThread());
        LinearAlgebra la = new LinearAlgebra(ctx);
        assertEquals(16, la.prepare(randomMatrix(32, 1024), 0, 0x1p40, 2).plaintexts());
        assertEquals(32, la.prepare(randomMatrix(32, 1024), 0, 0x1p40).plaintexts());
        assertThrows(ParameterException.class, () -> la.prepare(randomMatrix(32, 1024), 0, 0x1p40, 4));
        assertThrows(ParameterException.class, () -> LinearAlgebra.blockLayout(new double[1024], 3, ctx.slots()));
    }

    @Test
    void productOnTwoThreadsMatchesCleartext() {
        try (Parallelism two = Parallelism.threads(2)) {
            checkProduct(16, 64, two);
        }
    }

    @Test
    void hoistedRotationsEqualSeparateOnes() {
        double[] v = randomVector(ctx.slots());
        Ciphertext x = enc.encryptSymmetric(sk, ctx.encode(v));
        int[] steps = {0, 1, 2, 3, -3};
        Ciphertext[] hoisted = ev.rotateHoisted(x, steps, gk);
        for (int t = 0; t < steps.length; t++) {
            double[] got = dec.decrypt(hoisted[t]).real();
            double worst = 0;
            for (int j = 0; j < v.length; j++) {
                worst = Math.max(worst, Math.abs(got[j] - v[Math.floorMod(j + steps[t], v.length)]));
            }
            assertTrue(worst < 0x1p-17, "step " + steps[t] + ": " + worst);
        }
        assertThrows(ParameterException.class, () -> ev.rotateHoisted(x, new int[] {1000}, gk));
    }

    @Test
    void addConstantShiftsEverySlot() {
        double[] v = randomVector(ctx.slots());
        Ciphertext x = enc.encryptSymmetric(sk, ctx.encode(v));
        double[] got = dec.decrypt(ev.addConstant(x, -2.5)).real();
        for (int j = 0; j < v.length; j += 97) {
            assertEquals(v[j] - 2.5, got[j], 1e-6);
        }
        assertThrows(ParameterException.class, () -> ev.addConstant(x, Double.NaN));
    }

    @Test
    void shapesThatDoNotFitAreRefused() {
        LinearAlgebra la = new LinearAlgebra(ctx);
        assertThrows(ParameterException.class, () -> la.prepare(new double[64][16], 0, 0x1p40));
        assertThrows(ParameterException.class, () -> la.prepare(new double[3][12], 0, 0x1p40));
        assertThrows(ParameterException.class, () -> la.prepare(new double[8][8192], 0, 0x1p40));
        assertThrows(ParameterException.class, () -> LinearAlgebra.replicate(new double[3], ctx.slots()));
        PreparedMatrix pm = la.prepare(randomMatrix(8, 8), 1, 0x1p40);
        Ciphertext x = enc.encryptSymmetric(sk, ctx.encode(randomVector(8)));
        assertThrows(ParameterException.class, () -> la.multiply(x, pm, gk));
    }
}
