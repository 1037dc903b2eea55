package org.veilgrid.auction.proof;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.upokecenter.cbor.CBORObject;
import org.veilgrid.auction.Order;
import org.veilgrid.auction.PriceGrid;
import org.veilgrid.core.cose.StatementType;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * One example of every auction statement, made without an MPC run: bank-a's committed order
 * (K = 3), a result of three parties that lists it at clearing index 1 with fills consistent
 * with it (bought 20 = its whole demand there, sold 3 of 5), bank-a's fill proof of that result,
 * and a rejection of another institution's order.
 */
final class Statements {
    static final byte[] AUCTION = {'a', '-', '1'};
    static final PriceGrid GRID = PriceGrid.of(10, 20, 30);
    static final SecureRandom RNG = new SecureRandom();

    final AgentKey institution = AgentKey.generate(RNG);
    final AgentKey[] parties = {AgentKey.generate(RNG), AgentKey.generate(RNG), AgentKey.generate(RNG)};
    final ProvedOrder order;
    final ResultStatement result;
    final SignedResult signed;
    final FillProof fillProof;
    final Rejection rejection = new Rejection(Rejection.Reason.RANGE_PROOF, "a range proof fails");
    /** Party 0's signed rejection of bank-z's order. */
    final byte[] signedRejection;

    Statements() {
        order = ProvedOrder.create(AUCTION, "bank-a", GRID, new long[] {50, 20, 0}, new long[] {0, 5, Order.MAX_VALUE},
                institution, RNG);
        BigInteger bought = order.mask(0).add(BigInteger.valueOf(20));
        BigInteger sold = order.mask(1).add(BigInteger.valueOf(3));
        result = new ResultStatement(AUCTION, Digests.grid(GRID), 1, 20, 23,
                Map.of("bank-a", new ResultStatement.Entry(order.committed().digest(), bought, sold)), Set.of("bank-z"));
        List<byte[]> perParty = new ArrayList<>();
        for (AgentKey p : parties) {
            perParty.add(SignedResult.sign(result, p));
        }
        signed = SignedResult.verify(perParty, partyKeys());
        fillProof = FillProof.prove(order, result, institution, RNG);
        signedRejection = rejection.sign(AUCTION, "bank-z", parties[0]);
    }

    List<AgentPublicKey> partyKeys() {
        List<AgentPublicKey> out = new ArrayList<>();
        for (AgentKey p : parties) {
            out.add(p.publicKey());
        }
        return out;
    }

    /** Every statement as published: committed order, party 0's result, fill proof, rejection. */
    List<byte[]> encodings() {
        return List.of(order.committed().toBytes(), signed.encoded().get(0), fillProof.toBytes(), signedRejection);
    }

    /** A type with {@code type}'s content type, domain and bounds that signs any CBOR item as it is. */
    static StatementType<CBORObject> raw(StatementType<?> type) {
        return inDomain(type, new String(type.domain(), java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** The same, signing in another domain. */
    static StatementType<CBORObject> inDomain(StatementType<?> type, String domain) {
        return StatementType.of(type.contentType(), domain, type.profile(), x -> x, x -> x);
    }
}
