package org.veilgrid.grid.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.cbor.Cbor;
import org.veilgrid.core.cbor.CborProfile;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VeilException;

/** The payment item of payment-2: [commitment, proof], read strictly and checked against the price. */
class PaymentTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final CborProfile PROFILE = new CborProfile(Payment.MAX_ENCODED_BYTES, 1, Payment.MAX_PROOF_BYTES, Set.of());

    private static Payment read(byte[] b) {
        return Payment.fromCbor(Cbor.decode(b, PROFILE, "payment"), "payment");
    }

    @Test
    void aPaymentRoundTripsAndEveryFlippedByteOrTruncationFails() {
        BalanceProof.Balance balance = BalanceProof.Balance.of(500, RNG);
        Payment p = Payment.of(balance, 120, RNG);
        byte[] enc = Cbor.encode(p.toCbor());
        assertEquals(p, read(enc));
        read(enc).verify(120);
        assertEquals(1 + 2 + 32 + 3 + 672, enc.length, "a 64-bit proof has 672 bytes");
        for (int i = 0; i < enc.length; i++) {
            byte[] t = enc.clone();
            t[i] ^= (byte) (1 << (i % 8));
            assertThrows(VeilException.class, () -> read(t).verify(120), "byte " + i);
        }
        for (int n = 0; n < enc.length; n++) {
            byte[] cut = Arrays.copyOf(enc, n);
            assertThrows(MalformedInputException.class, () -> read(cut), "length " + n);
        }
        // a proof made for one price does not pay another
        assertThrows(VeilException.class, () -> p.verify(121));
    }

    @Test
    void theCommitmentMustBeACanonicalPointAndTheProofWithinBounds() {
        Payment p = Payment.of(BalanceProof.Balance.of(5, RNG), 5, RNG);
        byte[] enc = Cbor.encode(p.toCbor());
        byte[] notAPoint = enc.clone();
        Arrays.fill(notAPoint, 3, 35, (byte) 0xff);
        MalformedInputException m = assertThrows(MalformedInputException.class, () -> read(notAPoint));
        assertTrue(m.getMessage().contains("payment.commitment"), m.getMessage());
        assertThrows(ParameterException.class, () -> new Payment(p.commitment(), new byte[Payment.MAX_PROOF_BYTES + 1]));
        assertThrows(ParameterException.class, () -> new Payment(p.commitment(), new byte[0]));
    }
}
