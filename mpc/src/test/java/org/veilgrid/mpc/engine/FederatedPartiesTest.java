package org.veilgrid.mpc.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.federation.Card;
import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;
import org.veilgrid.mpc.net.PartyNetwork;

/**
 * Three compute parties that made their own identities, with nothing shared but a roster of their
 * cards: no CA, no setup folder. Real gRPC with mutual TLS on loopback.
 */
class FederatedPartiesTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final long[][] QUANTITIES = {{5, 0, 7}, {1, 9, 2}, {4, 4, 4}};
    private static final long THRESHOLD = 9;

    @TempDir
    Path dir;

    private List<IdentityFolder> parties() {
        int[] ports = LoopbackCluster.freePorts(3);
        List<IdentityFolder> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(IdentityFolder.init(dir.resolve("party-" + i), "party-" + i, Role.COMPUTE_PARTY, "localhost",
                    ports[i], RNG));
        }
        return out;
    }

    private static List<Future<TestProgram.Result>> run(ExecutorService pool, List<Roster> rosters,
                                                              List<IdentityFolder> parties) {
        List<Future<TestProgram.Result>> futures = new ArrayList<>();
        for (int i = 0; i < parties.size(); i++) {
            Roster roster = rosters.get(i);
            IdentityFolder me = parties.get(i);
            futures.add(pool.submit(() -> {
                try (PartyNetwork network = PartyNetwork.ofRoster(roster, me, 10_000).start()) {
                    MpcSession session = MpcSession.start(network);
                    TestProgram.Result r = TestProgram.run(session, QUANTITIES[network.self()], THRESHOLD);
                    session.finish();
                    return r;
                }
            }));
        }
        return futures;
    }

    @Test
    void partiesWithTheirOwnIdentitiesAndOneRosterComputeTheCleartextResult() throws Exception {
        List<IdentityFolder> parties = parties();
        Roster roster = Roster.of(parties.stream().map(IdentityFolder::card).toList());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            TestProgram.Result clear = TestProgram.inClear(QUANTITIES, THRESHOLD);
            List<Future<TestProgram.Result>> futures = run(pool, List.of(roster, roster, roster), parties);
            for (int i = 0; i < futures.size(); i++) {
                TestProgram.Result r = futures.get(i).get();
                assertEquals(clear.levelsAtLeast(), r.levelsAtLeast());
                // party-0 (first in name order) alone learns the totals
                assertArrayEquals(i == 0 ? clear.totals() : null, r.totals(), "party " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPartyHoldingAnotherRosterIsRefusedAndNamed() throws Exception {
        List<IdentityFolder> parties = parties();
        List<Card> cards = new ArrayList<>(parties.stream().map(IdentityFolder::card).toList());
        Roster roster = Roster.of(cards);
        cards.add(IdentityFolder.init(dir.resolve("bank-x"), "bank-x", Role.INSTITUTION, "bank-x.test", 0, RNG).card());
        Roster other = Roster.of(cards); // same parties, one institution more
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<TestProgram.Result>> futures = run(pool, List.of(roster, roster, other), parties);
            for (int i = 0; i < 2; i++) {
                ExecutionException e = assertThrows(ExecutionException.class, futures.get(i)::get);
                ProtocolAbortException abort = assertInstanceOf(ProtocolAbortException.class, e.getCause());
                assertEquals("party-2", abort.culprit().orElse(null), abort.getMessage());
            }
            // The holder of the other roster is told by the first party that calls it, and names it.
            ExecutionException e = assertThrows(ExecutionException.class, futures.get(2)::get);
            ProtocolAbortException abort = assertInstanceOf(ProtocolAbortException.class, e.getCause());
            assertTrue(abort.culprit().orElse("").matches("party-[01]"), abort.getMessage());
            assertTrue(abort.getMessage().contains("holds roster " + roster.shortDigest() + ", this party holds roster "
                    + other.shortDigest()), abort.getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPeerThatIsNeverReachedIsNamedWithWhatItCanBe() throws Exception {
        List<IdentityFolder> parties = parties();
        Roster roster = Roster.of(parties.stream().map(IdentityFolder::card).toList());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // party-2 never starts: the others wait for it until their timeout, then say so.
            List<Future<TestProgram.Result>> futures = new ArrayList<>();
            for (IdentityFolder me : parties.subList(0, 2)) {
                futures.add(pool.submit(() -> {
                    try (PartyNetwork network = PartyNetwork.ofRoster(roster, me, 5_000).start()) {
                        MpcSession session = MpcSession.start(network);
                        return TestProgram.run(session, QUANTITIES[network.self()], THRESHOLD);
                    }
                }));
            }
            int port = parties.get(2).card().statement().port();
            for (Future<TestProgram.Result> f : futures) {
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                ProtocolAbortException abort = assertInstanceOf(ProtocolAbortException.class, e.getCause());
                assertEquals("party-2", abort.culprit().orElse(null), abort.getMessage());
                assertTrue(abort.getMessage().contains("party 'party-2' at localhost:" + port + " was never reached within"
                        + " 5000 ms: it is not running there, or the TLS handshake with it fails (a certificate that is"
                        + " not the roster's)"), abort.getMessage());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aParticipantThatIsNotAComputePartyOrNotInTheRosterCannotJoin() {
        List<IdentityFolder> parties = parties();
        Roster roster = Roster.of(parties.stream().map(IdentityFolder::card).toList());
        IdentityFolder bank = IdentityFolder.init(dir.resolve("bank"), "bank-a", Role.INSTITUTION, "bank-a.test", 0, RNG);
        ParameterException e = assertThrows(ParameterException.class, () -> PartyNetwork.ofRoster(roster, bank, 1000));
        assertTrue(e.getMessage().contains("'bank-a' is not a compute party"), e.getMessage());
        IdentityFolder twin = IdentityFolder.init(dir.resolve("twin"), "party-0", Role.COMPUTE_PARTY, "localhost",
                parties.get(0).card().statement().port(), RNG);
        e = assertThrows(ParameterException.class, () -> PartyNetwork.ofRoster(roster, twin, 1000));
        assertTrue(e.getMessage().contains("not the one in this identity folder"), e.getMessage());
        assertArrayEquals(roster.digest(), Roster.fromBytes(roster.toBytes()).digest());
    }

    @Test
    void anInstitutionOfTheRosterSubmitsFromItsOwnFolderAndAnotherIsRefused() throws Exception {
        List<IdentityFolder> parties = parties();
        IdentityFolder bank = IdentityFolder.init(dir.resolve("bank-a"), "bank-a", Role.INSTITUTION, "bank-a.test", 0, RNG);
        IdentityFolder stranger = IdentityFolder.init(dir.resolve("bank-z"), "bank-z", Role.INSTITUTION, "bank-z.test", 0, RNG);
        List<Card> cards = new ArrayList<>(parties.stream().map(IdentityFolder::card).toList());
        cards.add(bank.card());
        Roster roster = Roster.of(cards);
        ParameterException e = assertThrows(ParameterException.class,
                () -> org.veilgrid.mpc.net.InputClient.ofRoster(roster, stranger, 5_000));
        assertTrue(e.getMessage().contains("'bank-z' is not an institution of the roster"), e.getMessage());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (IdentityFolder me : parties) {
                futures.add(pool.submit(() -> {
                    try (PartyNetwork network = PartyNetwork.ofRoster(roster, me, 10_000).start()) {
                        MpcSession session = MpcSession.start(network);
                        long[] out = session.open(session.inputFromClient("bank-a", "q", 2).mul(3)).toLongs();
                        session.finish();
                        return out;
                    }
                }));
            }
            try (org.veilgrid.mpc.net.InputClient client = org.veilgrid.mpc.net.InputClient.ofRoster(roster, bank, 10_000)) {
                client.submit("q", new long[] {4, -9});
            }
            for (Future<long[]> f : futures) {
                assertArrayEquals(new long[] {12, -27}, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void partiesUnderTestDomainNamesOnTheirOwnLoopbackAddressesNeedNoNameLookup() throws Exception {
        int[] ports = LoopbackCluster.freePorts(3);
        List<IdentityFolder> parties = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // party-i.test has no DNS entry: the card's address is what peers connect to, and TLS
            // still checks the certificate names party-i.test.
            parties.add(IdentityFolder.init(dir.resolve("party-" + i), "party-" + i, Role.COMPUTE_PARTY,
                    "party-" + i + ".test", ports[i], List.of("127.0.0." + (i + 2)), RNG));
        }
        Roster roster = Roster.of(parties.stream().map(IdentityFolder::card).toList());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            TestProgram.Result clear = TestProgram.inClear(QUANTITIES, THRESHOLD);
            for (Future<TestProgram.Result> f : run(pool, List.of(roster, roster, roster), parties)) {
                assertEquals(clear.levelsAtLeast(), f.get().levelsAtLeast());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
