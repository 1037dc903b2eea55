package org.veilgrid.zk.bulletproofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.zk.group.Scalar;

/** The multi-party aggregation: honest parties give a valid proof; a cheating party is named. */
class DealerPartyTest {
    private static final SecureRandom RNG = new SecureRandom();

    private static RangeProver.Output run(RangeParameters p, long[] values, int cheater, int round) {
        BulletproofGens gens = BulletproofGens.forCapacity(p.size());
        Dealer dealer = new Dealer(p, gens);
        List<Party> parties = new ArrayList<>();
        List<Messages.BitCommitment> bits = new ArrayList<>();
        for (int j = 0; j < p.values(); j++) {
            Party party = new Party(j, p.bits(), values[j], Scalar.random(RNG), gens, RNG);
            parties.add(party);
            bits.add(party.commitBits());
        }
        Messages.BitChallenge yz = dealer.receiveBitCommitments(bits);
        List<Messages.PolyCommitment> polys = new ArrayList<>();
        for (Party party : parties) {
            polys.add(party.commitPoly(yz));
        }
        Messages.PolyChallenge x = dealer.receivePolyCommitments(polys);
        List<Messages.ProofShare> shares = new ArrayList<>();
        for (Party party : parties) {
            Messages.ProofShare s = party.share(x);
            if (s.party() == cheater) {
                if (round == 0) {
                    s = new Messages.ProofShare(s.party(), s.taux().add(Scalar.ONE), s.mu(), s.tHat(), s.l(), s.r());
                } else {
                    Scalar[] l = s.l().clone();
                    l[3] = l[3].add(Scalar.ONE);
                    s = new Messages.ProofShare(s.party(), s.taux(), s.mu(), s.tHat(), l, s.r());
                }
            }
            shares.add(s);
        }
        return dealer.receiveShares(shares);
    }

    @Test
    void honestPartiesProduceAVerifyingProof() {
        RangeParameters p = new RangeParameters(16, 4);
        RangeProver.Output out = run(p, new long[] {1, 2, 65535, 0}, -1, 0);
        RangeVerifier.verify(p, out.commitments(), out.proof());
    }

    @Test
    void aCheatingPartyIsNamed() {
        RangeParameters p = new RangeParameters(8, 4);
        for (int round = 0; round < 2; round++) {
            final int r = round;
            ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
                    () -> run(p, new long[] {1, 2, 3, 4}, 2, r));
            assertEquals("party 2", e.culprit().orElseThrow());
        }
    }

    @Test
    void aPartyOutOfRangeIsRefused() {
        assertThrows(org.veilgrid.core.errors.ParameterException.class,
                () -> new Party(0, 8, 256, Scalar.ONE, BulletproofGens.forCapacity(8), RNG));
    }
}
