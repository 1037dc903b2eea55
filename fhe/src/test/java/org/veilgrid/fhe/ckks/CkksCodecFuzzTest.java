package org.veilgrid.fhe.ckks;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.kernels.Primes;

/**
 * Arbitrary bytes into every CKKS decoder, and valid encodings with fuzzer-chosen bytes
 * overwritten, cut or appended (which get past the protobuf parser to the residue, seed, scale
 * and element checks): only Veilgrid's typed errors may come out. Plain {@code mvn verify}
 * replays the stored inputs; {@code JAZZER_FUZZ=1 mvn -pl fhe test -Dtest=CkksCodecFuzzTest}
 * fuzzes for real. A small ring (N = 2048, two 17-bit primes and a 17-bit special prime) keeps
 * each run fast; the checks do not depend on the size.
 */
class CkksCodecFuzzTest {
    private static final List<Long> PRIMES = Primes.nttPrimes(17, 2048, 3);
    private static final CkksContext CTX = CkksContext.create(CkksParameters.of(2048, PRIMES.subList(0, 2), PRIMES.get(2),
            0x1p10));
    /** One valid encoding of each kind, in the order of the decoders below. */
    private static final byte[][] VALID = validEncodings();

    private static byte[][] validEncodings() {
        KeyGenerator kg = new KeyGenerator(CTX);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        Encryptor enc = new Encryptor(CTX);
        return new byte[][] {
            CkksCodec.encode(enc.encryptSymmetric(sk, CTX.encode(new double[] {1}))),
            CkksCodec.encode(pk),
            CkksCodec.encode(sk),
            CkksCodec.encode(kg.relinKeys(sk)),
            CkksCodec.encode(kg.galoisKeys(sk, List.of(1), true)),
            CkksCodec.encode(CTX.parameters()),
            CkksCodec.encode(enc.encrypt(pk, CTX.encode(new double[] {1}))),
        };
    }

    @FuzzTest(maxDuration = "10s")
    void decodersFailOnlyWithTypedErrors(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 6);
        byte[] bytes = data.consumeBoolean() ? edited(VALID[which], data) : data.consumeRemainingAsBytes();
        try {
            switch (which) {
                case 0, 6 -> CkksCodec.decodeCiphertext(CTX, bytes);
                case 1 -> CkksCodec.decodePublicKey(CTX, bytes);
                case 2 -> CkksCodec.decodeSecretKey(CTX, bytes);
                case 3 -> CkksCodec.decodeRelinKeys(CTX, bytes);
                case 4 -> CkksCodec.decodeGaloisKeys(CTX, bytes);
                default -> CkksContext.create(CkksCodec.decodeParameters(bytes));
            }
        } catch (VeilException expected) {
            // A typed rejection is the right answer to malformed bytes.
        }
    }

    /** A valid encoding with a few bytes overwritten, then perhaps cut short or extended. */
    private static byte[] edited(byte[] valid, FuzzedDataProvider data) {
        byte[] b = valid.clone();
        int edits = data.consumeInt(1, 8);
        for (int i = 0; i < edits; i++) {
            b[data.consumeInt(0, b.length - 1)] = data.consumeByte();
        }
        int length = data.consumeBoolean() ? b.length : data.consumeInt(0, b.length + 64);
        byte[] out = Arrays.copyOf(b, length);
        byte[] tail = data.consumeRemainingAsBytes();
        System.arraycopy(tail, 0, out, Math.min(b.length, length), Math.max(0, Math.min(tail.length, length - b.length)));
        return out;
    }
}
