package org.veilgrid.zk.sigma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.SecureRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VeilException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.commit.VectorPedersen;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/** Completeness and soundness of the sigma protocols. */
class SigmaProtocolsTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final PedersenGens PG = PedersenGens.standard();

    /** Every single-byte change of an encoding either fails to decode or fails to verify. */
    private static void everyByteFlipRejected(byte[] enc, Consumer<byte[]> decodeAndVerify) {
        for (int i = 0; i < enc.length; i++) {
            byte[] t = enc.clone();
            t[i] ^= (byte) (1 << RNG.nextInt(8));
            final int pos = i;
            VeilException e = assertThrows(VeilException.class, () -> decodeAndVerify.accept(t), "byte " + pos);
            org.junit.jupiter.api.Assertions.assertTrue(
                    e instanceof MalformedInputException || e instanceof VerificationFailedException);
        }
    }

    @Test
    void pedersenIsHomomorphicAndVectorCommitmentsMatchDefinition() {
        Scalar v1 = Scalar.random(RNG), r1 = Scalar.random(RNG), v2 = Scalar.random(RNG), r2 = Scalar.random(RNG);
        assertEquals(PG.commit(v1.add(v2), r1.add(r2)), PG.commit(v1, r1).add(PG.commit(v2, r2)));
        assertEquals(PG.g().mul(v1).add(PG.h().mul(r1)), PG.commit(v1, r1));
        VectorPedersen vp = new VectorPedersen("test/vec", 5);
        Scalar[] v = {Scalar.ONE, Scalar.ofLong(2), Scalar.random(RNG)};
        RistrettoPoint expect = PG.h().mul(r1);
        for (int i = 0; i < v.length; i++) {
            expect = expect.add(VectorPedersen.generator("test/vec", i).mul(v[i]));
        }
        assertEquals(expect, vp.commit(v, r1));
    }

    @Test
    void dlog() {
        Scalar x = Scalar.random(RNG);
        RistrettoPoint base = RistrettoPoint.random(RNG);
        RistrettoPoint bigX = base.mul(x);
        DlogProof p = DlogProof.prove(base, x, RNG);
        p.verify(base, bigX);
        DlogProof.fromBytes(p.toBytes()).verify(base, bigX);
        assertThrows(VerificationFailedException.class, () -> p.verify(base, bigX.add(base)));
        assertThrows(VerificationFailedException.class, () -> p.verify(RistrettoPoint.GENERATOR, bigX));
        // wrong witness
        DlogProof wrong = DlogProof.prove(base, x.add(Scalar.ONE), RNG);
        assertThrows(VerificationFailedException.class, () -> wrong.verify(base, bigX));
        everyByteFlipRejected(p.toBytes(), b -> DlogProof.fromBytes(b).verify(base, bigX));
        assertThrows(MalformedInputException.class, () -> DlogProof.fromBytes(new byte[63]));
    }

    @Test
    void opening() {
        PedersenGens.Opening o = PG.commitRandom(Scalar.ofLong(42), RNG);
        OpeningProof p = OpeningProof.prove(o, RNG);
        p.verify(o.commitment());
        OpeningProof.fromBytes(p.toBytes()).verify(o.commitment());
        PedersenGens.Opening other = PG.commitRandom(Scalar.ofLong(42), RNG);
        assertThrows(VerificationFailedException.class, () -> p.verify(other.commitment()));
        // an opening that is not the commitment's
        PedersenGens.Opening lie = new PedersenGens.Opening(Scalar.ofLong(43), o.blinding(), o.commitment());
        assertThrows(VerificationFailedException.class, () -> OpeningProof.prove(lie, RNG).verify(o.commitment()));
        everyByteFlipRejected(p.toBytes(), b -> OpeningProof.fromBytes(b).verify(o.commitment()));
    }

    @Test
    void equality() {
        Scalar v = Scalar.random(RNG);
        PedersenGens.Opening a = PG.commitRandom(v, RNG);
        PedersenGens.Opening b = PG.commitRandom(v, RNG);
        EqualityProof p = EqualityProof.prove(a, b, RNG);
        p.verify(a.commitment(), b.commitment());
        // swapped commitments
        assertThrows(VerificationFailedException.class, () -> p.verify(b.commitment(), a.commitment()));
        // different values
        PedersenGens.Opening c = PG.commitRandom(v.add(Scalar.ONE), RNG);
        assertThrows(VerificationFailedException.class,
                () -> EqualityProof.prove(a, c, RNG).verify(a.commitment(), c.commitment()));
        everyByteFlipRejected(p.toBytes(), x -> EqualityProof.fromBytes(x).verify(a.commitment(), b.commitment()));
    }

    @Test
    void linearRelation() {
        // 3·v1 − 2·v2 + v3 = c
        Scalar v1 = Scalar.ofLong(10), v2 = Scalar.ofLong(7), v3 = Scalar.random(RNG);
        Scalar[] a = {Scalar.ofLong(3), Scalar.ofLong(2).negate(), Scalar.ONE};
        Scalar c = Scalar.ofLong(16).add(v3);
        PedersenGens.Opening[] o = {PG.commitRandom(v1, RNG), PG.commitRandom(v2, RNG), PG.commitRandom(v3, RNG)};
        RistrettoPoint[] cs = {o[0].commitment(), o[1].commitment(), o[2].commitment()};
        LinearRelationProof p = LinearRelationProof.prove(a, o, c, RNG);
        p.verify(a, cs, c);
        assertThrows(VerificationFailedException.class, () -> p.verify(a, cs, c.add(Scalar.ONE)));
        RistrettoPoint[] swapped = {cs[1], cs[0], cs[2]};
        assertThrows(VerificationFailedException.class, () -> p.verify(a, swapped, c));
        Scalar[] otherA = {Scalar.ofLong(3), Scalar.ofLong(2).negate(), Scalar.ofLong(2)};
        assertThrows(VerificationFailedException.class, () -> p.verify(otherA, cs, c));
        // a false relation cannot be proved
        assertThrows(VerificationFailedException.class,
                () -> LinearRelationProof.prove(a, o, c.add(Scalar.ONE), RNG).verify(a, cs, c.add(Scalar.ONE)));
        everyByteFlipRejected(p.toBytes(), x -> LinearRelationProof.fromBytes(x).verify(a, cs, c));
    }

    @Test
    void oneOfMany() {
        Scalar[] values = new Scalar[5];
        for (int i = 0; i < values.length; i++) {
            values[i] = Scalar.ofLong(100 + 17 * i);
        }
        for (int j = 0; j < values.length; j++) {
            PedersenGens.Opening o = PG.commitRandom(values[j], RNG);
            OneOfManyProof p = OneOfManyProof.prove(o, values, j, RNG);
            p.verify(o.commitment(), values);
            OneOfManyProof.fromBytes(p.toBytes(), values.length).verify(o.commitment(), values);
        }
        PedersenGens.Opening o = PG.commitRandom(values[2], RNG);
        OneOfManyProof p = OneOfManyProof.prove(o, values, 2, RNG);
        // the value is not in the list / the prover claims the wrong index
        Scalar[] others = values.clone();
        others[2] = Scalar.ofLong(999);
        assertThrows(VerificationFailedException.class, () -> p.verify(o.commitment(), others));
        assertThrows(VerificationFailedException.class,
                () -> OneOfManyProof.prove(o, values, 3, RNG).verify(o.commitment(), values));
        PedersenGens.Opening notMember = PG.commitRandom(Scalar.ofLong(5), RNG);
        for (int j = 0; j < values.length; j++) {
            final int jj = j;
            assertThrows(VerificationFailedException.class,
                    () -> OneOfManyProof.prove(notMember, values, jj, RNG).verify(notMember.commitment(), values));
        }
        everyByteFlipRejected(p.toBytes(), x -> OneOfManyProof.fromBytes(x, values.length).verify(o.commitment(), values));
        assertThrows(MalformedInputException.class, () -> OneOfManyProof.fromBytes(p.toBytes(), 4));
    }
}
