package org.veilgrid.auction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.auction.proof.Rejection;
import org.veilgrid.auction.wire.AuctionDeskGrpc;
import org.veilgrid.auction.wire.OrderSubmission;
import org.veilgrid.auction.wire.Outcome;
import org.veilgrid.auction.wire.OutcomeRequest;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.net.InputClient;
import org.veilgrid.mpc.net.PartyNetwork;

/**
 * An auction among participants that each made their own identity and share nothing but a roster
 * and the auction's terms: the compute parties and institutions are the library's roles, every
 * exchange (orders, shares, outcomes, rejection reasons) a mutual-TLS gRPC call checked against
 * the roster's pinned certificates. The result is checked against the cleartext reference.
 */
class FederatedAuctionTest {
    private static final int TIMEOUT_MS = 30_000;

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<PartyNetwork> networks = new ArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        networks.forEach(PartyNetwork::close);
    }

    /** Starts every compute party of {@code f} serving {@code terms}. */
    private List<Future<AuctionComputeParty.Served>> startParties(Federation f, AuctionTerms terms, int orderWaitMs) {
        List<Future<AuctionComputeParty.Served>> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            IdentityFolder me = f.member("party-" + i);
            AuctionComputeParty party = AuctionComputeParty.ofRoster(f.roster, me, terms);
            PartyNetwork network = party.network(f.roster, me, TIMEOUT_MS).start();
            networks.add(network);
            out.add(pool.submit(() -> party.serve(network, orderWaitMs, 20_000)));
        }
        return out;
    }

    private static Map<String, List<Order>> byInstitution(List<Order> book, List<String> institutions) {
        Map<String, List<Order>> out = new TreeMap<>();
        institutions.forEach(i -> out.put(i, new ArrayList<>()));
        book.forEach(o -> out.get(o.institution).add(o));
        return out;
    }

    @Test
    void partiesAndInstitutionsWithOnlyTheirOwnKeysClearTheReferenceResultOverGrpc() throws Exception {
        List<String> institutions = List.of("bank-a", "bank-b", "fund-c", "fund-d");
        Federation f = Federation.of(dir, 3, institutions);
        List<Order> book = List.of(new Order("bank-a", Side.BUY, 12, 7), new Order("bank-b", Side.BUY, 11, 5),
                new Order("fund-c", Side.SELL, 9, 6), new Order("fund-d", Side.SELL, 11, 8));
        PriceGrid grid = PriceGrid.parse("8:14:1");
        AuctionTerms terms = AuctionTerms.of(f.roster, "fed-1", grid, true, List.of());
        List<Future<AuctionComputeParty.Served>> parties = startParties(f, terms, TIMEOUT_MS);
        Map<String, Future<AuctionInstitution.Result>> results = new TreeMap<>();
        byInstitution(book, institutions).forEach((inst, orders) -> results.put(inst, pool.submit(() -> {
            try (AuctionInstitution me = AuctionInstitution.ofRoster(f.roster, f.member(inst), terms, TIMEOUT_MS)) {
                return me.submit(orders, 60_000);
            }
        })));
        ClearingResult expected = ReferenceAuction.clear(terms.idBytes(), grid, book);
        assertTrue(expected.traded());
        for (Map.Entry<String, Future<AuctionInstitution.Result>> e : results.entrySet()) {
            AuctionInstitution.Result r = e.getValue().get(60, TimeUnit.SECONDS);
            assertTrue(r.accepted(), e.getKey());
            assertEquals(expected.volume, r.volume());
            assertEquals(expected.fill(e.getKey()), r.fill(), e.getKey());
            assertTrue(r.fillProof() != null && r.signed().encoded().size() == 3, e.getKey());
        }
        for (Future<AuctionComputeParty.Served> p : parties) {
            AuctionComputeParty.Served s = p.get(60, TimeUnit.SECONDS);
            assertEquals(expected.volume, s.result().volume());
            assertEquals(expected.price().getAsLong(), s.result().price());
            assertTrue(s.uncollected().isEmpty(), s.uncollected().toString());
        }
    }

    @Test
    void anInstitutionThatSendsDifferentOrdersToDifferentPartiesIsRejectedForItAndTheOthersClear() throws Exception {
        List<String> institutions = List.of("bank-a", "evil-e", "fund-c");
        Federation f = Federation.of(dir, 3, institutions);
        PriceGrid grid = PriceGrid.parse("8:12:1");
        AuctionTerms terms = AuctionTerms.of(f.roster, "equivocation", grid, true, List.of());
        List<Future<AuctionComputeParty.Served>> parties = startParties(f, terms, TIMEOUT_MS);
        List<Order> honest = List.of(new Order("bank-a", Side.BUY, 12, 4), new Order("fund-c", Side.SELL, 9, 4));
        Map<String, Future<AuctionInstitution.Result>> results = new TreeMap<>();
        for (String inst : List.of("bank-a", "fund-c")) {
            List<Order> mine = honest.stream().filter(o -> o.institution.equals(inst)).toList();
            results.put(inst, pool.submit(() -> {
                try (AuctionInstitution me = AuctionInstitution.ofRoster(f.roster, f.member(inst), terms, TIMEOUT_MS)) {
                    return me.submit(mine, 60_000);
                }
            }));
        }
        // evil-e signs two orders and gives party-0 one of them, the other parties the other.
        IdentityFolder evil = f.member("evil-e");
        AuctionParticipant toFirst = new AuctionParticipant("evil-e", List.of(new Order("evil-e", Side.BUY, 12, 9)),
                grid, terms.idBytes(), evil.agentKey());
        AuctionParticipant toOthers = new AuctionParticipant("evil-e", List.of(new Order("evil-e", Side.BUY, 8, 1)),
                grid, terms.idBytes(), evil.agentKey());
        PartiesConfig config = terms.run(f.roster, TIMEOUT_MS);
        try (InputClient client = InputClient.ofRoster(f.roster, evil, config)) {
            for (int i = 0; i < 3; i++) {
                byte[] order = (i == 0 ? toFirst : toOthers).committedOrder();
                desk(client, i).submitOrder(OrderSubmission.newBuilder().setVersion(1)
                        .setTerms(ByteString.copyFrom(terms.digest())).setCommittedOrder(ByteString.copyFrom(order)).build());
            }
            toOthers.submit(client);
            for (int i = 0; i < 3; i++) {
                Outcome o = desk(client, i).awaitOutcome(OutcomeRequest.newBuilder().setVersion(1)
                        .setTerms(ByteString.copyFrom(terms.digest())).build());
                Rejection why = Rejection.verify(o.getProved().getSignedRejection().toByteArray(), terms.idBytes(),
                        "evil-e", f.member("party-" + i).card().statement().agent());
                assertEquals(Rejection.Reason.UNEQUAL_ORDERS, why.reason());
            }
        }
        ClearingResult expected = ReferenceAuction.clear(terms.idBytes(), grid, honest);
        for (String inst : List.of("bank-a", "fund-c")) {
            AuctionInstitution.Result r = results.get(inst).get(60, TimeUnit.SECONDS);
            assertTrue(r.accepted() && r.signed().statement().rejected().contains("evil-e"), inst);
            assertEquals(expected.fill(inst), r.fill(), inst);
        }
        for (Future<AuctionComputeParty.Served> p : parties) {
            assertEquals(java.util.Set.of("evil-e"), p.get(60, TimeUnit.SECONDS).result().rejected());
        }
    }

    @Test
    void aDeskRefusesOtherTermsASecondOrderAndCallersThatAreNotItsInstitutions() throws Exception {
        Federation f = Federation.of(dir, 3, List.of("bank-a", "bank-b", "outsider"));
        PriceGrid grid = PriceGrid.parse("8:12:1");
        AuctionTerms terms = AuctionTerms.of(f.roster, "desk", grid, true, List.of("bank-a", "bank-b"));
        AuctionTerms other = AuctionTerms.of(f.roster, "desk", PriceGrid.parse("8:13:1"), true, List.of("bank-a", "bank-b"));
        for (int i = 0; i < 3; i++) {
            IdentityFolder me = f.member("party-" + i);
            networks.add(AuctionComputeParty.ofRoster(f.roster, me, terms).network(f.roster, me, TIMEOUT_MS).start());
        }
        byte[] order = new AuctionParticipant("bank-a", List.of(new Order("bank-a", Side.BUY, 12, 1)), grid,
                terms.idBytes(), f.member("bank-a").agentKey()).committedOrder();
        PartiesConfig config = PartiesConfig.fromRoster(f.roster, TIMEOUT_MS);
        try (InputClient a = InputClient.ofRoster(f.roster, f.member("bank-a"), config);
             InputClient outsider = InputClient.ofRoster(f.roster, f.member("outsider"), config)) {
            StatusRuntimeException otherTerms = assertThrows(StatusRuntimeException.class, () -> desk(a, 0).submitOrder(
                    submission(other, order)));
            assertEquals(Status.Code.FAILED_PRECONDITION, otherTerms.getStatus().getCode());
            assertTrue(otherTerms.getStatus().getDescription().contains("party 'party-0' holds other terms"),
                    otherTerms.getMessage());
            desk(a, 0).submitOrder(submission(terms, order));
            StatusRuntimeException twice = assertThrows(StatusRuntimeException.class, () -> desk(a, 0).submitOrder(
                    submission(terms, order)));
            assertEquals(Status.Code.ALREADY_EXISTS, twice.getStatus().getCode());
            StatusRuntimeException stranger = assertThrows(StatusRuntimeException.class, () -> desk(outsider, 1)
                    .submitOrder(submission(terms, order)));
            assertEquals(Status.Code.PERMISSION_DENIED, stranger.getStatus().getCode());
            assertTrue(stranger.getStatus().getDescription().contains("'outsider' is not an institution of auction desk"),
                    stranger.getMessage());
            StatusRuntimeException peek = assertThrows(StatusRuntimeException.class, () -> desk(outsider, 1)
                    .awaitOutcome(OutcomeRequest.newBuilder().setVersion(1).setTerms(ByteString.copyFrom(terms.digest()))
                            .build()));
            assertEquals(Status.Code.PERMISSION_DENIED, peek.getStatus().getCode());
        }
        // Nor can the outsider take part through the library's role.
        assertThrows(ParameterException.class, () -> AuctionInstitution.ofRoster(f.roster, f.member("outsider"), terms,
                TIMEOUT_MS));
    }

    private static OrderSubmission submission(AuctionTerms terms, byte[] order) {
        return OrderSubmission.newBuilder().setVersion(1).setTerms(ByteString.copyFrom(terms.digest()))
                .setCommittedOrder(ByteString.copyFrom(order)).build();
    }

    private static AuctionDeskGrpc.AuctionDeskBlockingStub desk(InputClient client, int party) {
        return AuctionDeskGrpc.newBlockingStub(client.channel(party)).withWaitForReady()
                .withDeadlineAfter(20, TimeUnit.SECONDS);
    }
}
