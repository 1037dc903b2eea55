package org.veilgrid.mpc.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;

/** Whole rounds in memory against the cleartext sum, with dropouts and bad messages. */
class OneShotAggregationTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Runs a round: the given clients submit, the given seats answer; returns the result and the inputs. */
    private static AggregationResult run(Fixture f, int clients, double clientDropout, List<Integer> answering,
                                         Map<String, long[]> inputs) {
        AggregationServer server = new AggregationServer(f.round);
        AggregationClient client = new AggregationClient(RANDOM);
        for (int c = 0; c < clients; c++) {
            if (RANDOM.nextDouble() < clientDropout) {
                continue; // never arrives
            }
            String id = "c" + c;
            long[] x = Fixture.randomInput(RANDOM, f.round.params());
            inputs.put(id, x);
            server.accept(client.submit(f.round, id, x));
        }
        server.close();
        for (int seat : answering) {
            server.accept(f.member(seat).answer(f.round, server.taskFor(seat)));
        }
        return server.finish();
    }

    private static long[] cleartextSum(Map<String, long[]> inputs, List<String> counted, int length) {
        long[] sum = new long[length];
        for (String c : counted) {
            long[] x = inputs.get(c);
            for (int i = 0; i < length; i++) {
                sum[i] += x[i];
            }
        }
        return sum;
    }

    @ParameterizedTest(name = "{0} clients, L={1}, committee {2}/{3}, dropout {4}")
    @CsvSource({"1, 1, 1, 1, 0", "12, 100, 5, 3, 0", "40, 5000, 7, 4, 0.3", "25, 9000, 9, 5, 0.5"})
    void sumEqualsTheCleartextSumWithDropouts(int clients, int length, int committee, int threshold, double dropout) {
        Fixture f = new Fixture(AggregationParams.of(length, clients, 1 << 20), committee, threshold, RANDOM);
        // Up to committee - threshold members drop too: a random threshold-sized subset answers.
        List<Integer> seats = Fixture.seats(1, committee);
        Collections.shuffle(seats, RANDOM);
        List<Integer> answering = seats.subList(0, threshold + RANDOM.nextInt(committee - threshold + 1));
        Map<String, long[]> inputs = new HashMap<>();
        AggregationResult r = run(f, clients, dropout, answering, inputs);
        assertEquals(new java.util.TreeSet<>(inputs.keySet()), new java.util.TreeSet<>(r.counted), "every arrived client counted");
        assertArrayEquals(cleartextSum(inputs, r.counted, length), r.sum);
        assertEquals(threshold, r.seatsUsed.size());
    }

    @Test
    void extremeInputsAtTheBoundSumExactly() {
        AggregationParams params = AggregationParams.of(64, 30, (1L << 30));
        Fixture f = new Fixture(params, 3, 2, RANDOM);
        AggregationServer server = new AggregationServer(f.round);
        AggregationClient client = new AggregationClient(RANDOM);
        long[] sum = new long[64];
        for (int c = 0; c < 30; c++) {
            long[] x = new long[64];
            for (int i = 0; i < 64; i++) {
                x[i] = (i % 2 == 0 ? 1 : -1) * params.inputBound();
                sum[i] += x[i];
            }
            server.accept(client.submit(f.round, "c" + c, x));
        }
        server.close();
        for (int seat = 1; seat <= 2; seat++) {
            server.accept(f.member(seat).answer(f.round, server.taskFor(seat)));
        }
        assertArrayEquals(sum, server.finish().sum);
    }

    @Test
    void tooFewCommitteeAnswersAbortWithoutASum() {
        Fixture f = new Fixture(AggregationParams.of(50, 10, 100), 5, 3, RANDOM);
        ProtocolAbortException e = assertThrows(ProtocolAbortException.class,
                () -> run(f, 10, 0, List.of(2, 5), new HashMap<>()));
        assertTrue(e.getMessage().contains("3 are needed"), e.getMessage());
    }

    @Test
    void malformedClientMessagesAreRejectedAndTheClientLeftOut() {
        Fixture f = new Fixture(AggregationParams.of(50, 10, 100), 3, 2, RANDOM);
        AggregationServer server = new AggregationServer(f.round);
        AggregationClient client = new AggregationClient(RANDOM);
        Map<String, long[]> inputs = new HashMap<>();
        long[] good = Fixture.randomInput(RANDOM, f.round.params());
        inputs.put("c0", good);
        server.accept(client.submit(f.round, "c0", good));
        ClientSubmission ok = client.submit(f.round, "c1", Fixture.randomInput(RANDOM, f.round.params()));
        assertThrows(MalformedInputException.class, () -> server.accept(
                new ClientSubmission(ok.roundId, "c1", java.util.Arrays.copyOf(ok.masked, 50), ok.shares)), "short vector");
        long[] big = ok.masked.clone();
        big[7] = AggregationParams.plainModulus().value();
        assertThrows(MalformedInputException.class, () -> server.accept(new ClientSubmission(ok.roundId, "c1", big, ok.shares)),
                "value beyond p");
        assertThrows(MalformedInputException.class, () -> server.accept(
                new ClientSubmission(ok.roundId, "c1", ok.masked, ok.shares.subList(0, 2))), "missing share");
        assertThrows(MalformedInputException.class, () -> server.accept(
                new ClientSubmission(new byte[Round.ID_BYTES], "c1", ok.masked, ok.shares)), "other round");
        assertThrows(ParameterException.class, () -> server.accept(client.submit(f.round, "c0", good)), "duplicate");
        assertThrows(ParameterException.class, () -> client.submit(f.round, "x", new long[] {1, 2}), "wrong length");
        long[] tooLarge = new long[50];
        tooLarge[0] = 101;
        assertThrows(ParameterException.class, () -> client.submit(f.round, "x", tooLarge), "beyond the bound");
        server.close();
        assertThrows(ParameterException.class, () -> server.accept(ok), "closed");
        for (int seat = 1; seat <= 3; seat++) {
            server.accept(f.member(seat).answer(f.round, server.taskFor(seat)));
        }
        AggregationResult r = server.finish();
        assertEquals(List.of("c0"), r.counted);
        assertArrayEquals(good, r.sum);
    }

    @Test
    void aShareThatDoesNotOpenLeavesItsClientOutOnlyWhereTheCommitteeAgrees() {
        Fixture f = new Fixture(AggregationParams.of(300, 10, 1000), 5, 3, RANDOM);
        AggregationServer server = new AggregationServer(f.round);
        AggregationClient client = new AggregationClient(RANDOM);
        Map<String, long[]> inputs = new HashMap<>();
        for (int c = 0; c < 6; c++) {
            long[] x = Fixture.randomInput(RANDOM, f.round.params());
            ClientSubmission s = client.submit(f.round, "c" + c, x);
            if (c == 2) {
                // c2 garbles the share for seat 1 only; seats 2..5 still open theirs.
                List<ShareCipher.Sealed> shares = new ArrayList<>(s.shares);
                byte[] ct = shares.get(0).ciphertext.clone();
                ct[10] ^= 1;
                shares.set(0, new ShareCipher.Sealed(shares.get(0).ephemeralKey, ct));
                s = new ClientSubmission(s.roundId, s.clientId, s.masked, shares);
            }
            inputs.put("c" + c, x);
            server.accept(s);
        }
        server.close();
        for (int seat = 1; seat <= 5; seat++) {
            MemberReply reply = f.member(seat).answer(f.round, server.taskFor(seat));
            assertEquals(seat == 1 ? List.of("c2") : List.of(), reply.excluded);
            server.accept(reply);
        }
        AggregationResult r = server.finish();
        assertEquals(6, r.counted.size(), "four consistent members outvote the one that lost c2's share");
        assertArrayEquals(cleartextSum(inputs, r.counted, 300), r.sum);
        assertTrue(!r.seatsUsed.contains(1));
    }

    @Test
    void aWrongShareSumAbortsInsteadOfOutputtingAWrongSum() {
        Fixture f = new Fixture(AggregationParams.of(200, 10, 1000), 3, 3, RANDOM);
        AggregationServer server = new AggregationServer(f.round);
        AggregationClient client = new AggregationClient(RANDOM);
        for (int c = 0; c < 5; c++) {
            server.accept(client.submit(f.round, "c" + c, Fixture.randomInput(RANDOM, f.round.params())));
        }
        server.close();
        for (int seat = 1; seat <= 3; seat++) {
            MemberReply reply = f.member(seat).answer(f.round, server.taskFor(seat));
            if (seat == 2) {
                long[] wrong = reply.shareSum.clone();
                wrong[0] = (wrong[0] + 1) % AggregationParams.keyModulus().value();
                reply = new MemberReply(reply.roundId, seat, reply.excluded, wrong);
            }
            server.accept(reply);
        }
        assertThrows(ProtocolAbortException.class, server::finish);
    }

    @Test
    void evenOneCoordinateIsProtectedByTheCheckCoordinates() {
        for (int trial = 0; trial < 5; trial++) {
            Fixture f = new Fixture(AggregationParams.of(1, 10, 1000), 3, 2, RANDOM);
            AggregationServer server = new AggregationServer(f.round);
            server.accept(new AggregationClient(RANDOM).submit(f.round, "c0", new long[] {5}));
            server.close();
            MemberReply good = f.member(1).answer(f.round, server.taskFor(1));
            MemberReply other = f.member(2).answer(f.round, server.taskFor(2));
            long[] wrong = other.shareSum.clone();
            wrong[RANDOM.nextInt(wrong.length)] ^= 1;
            server.accept(good);
            server.accept(new MemberReply(other.roundId, 2, other.excluded, wrong));
            assertThrows(ProtocolAbortException.class, server::finish);
        }
    }

    @Test
    void onlyRegisteredClientsAreAcceptedAndEachOnlyOnce() {
        Fixture f = new Fixture(AggregationParams.of(20, 3, 100), 3, 2, List.of("c0", "c1", "c2"), 2, RANDOM);
        AggregationServer server = new AggregationServer(f.round);
        AggregationClient client = new AggregationClient(RANDOM);
        long[] x0 = Fixture.randomInput(RANDOM, f.round.params());
        long[] x1 = Fixture.randomInput(RANDOM, f.round.params());
        // The server's own name, or anyone else's, is not a registered client and is not counted.
        for (String outsider : List.of("aggregation-server", "mallory")) {
            ParameterException e = assertThrows(ParameterException.class,
                    () -> server.accept(client.submit(f.round, outsider, new long[20])));
            assertTrue(e.getMessage().contains(outsider + " is not registered"), e.getMessage());
        }
        ClientSubmission plain = client.submit(f.round, "c0", new long[20]);
        MalformedInputException bad = assertThrows(MalformedInputException.class,
                () -> server.accept(new ClientSubmission(plain.roundId, "c0\u001b[2J", plain.masked, plain.shares)));
        assertTrue(bad.getMessage().chars().noneMatch(Character::isISOControl), bad.getMessage());
        server.accept(client.submit(f.round, "c0", x0));
        ParameterException twice = assertThrows(ParameterException.class, () -> server.accept(client.submit(f.round, "c0", x1)));
        assertTrue(twice.getMessage().contains("already submitted"), twice.getMessage());
        server.accept(client.submit(f.round, "c1", x1));
        assertEquals(2, server.messagesFrom("c0"));
        assertEquals(1, server.messagesFrom("c1"));
        assertEquals(0, server.messagesFrom("c2"));
        assertEquals(0, server.messagesFrom("mallory"));
        server.close();
        for (int seat = 1; seat <= 3; seat++) {
            server.accept(f.member(seat).answer(f.round, server.taskFor(seat)));
        }
        AggregationResult r = server.finish();
        assertEquals(List.of("c0", "c1"), r.counted);
        assertArrayEquals(cleartextSum(Map.of("c0", x0, "c1", x1), r.counted, 20), r.sum);
    }

    @Test
    void aRoundRefusesABadClientListOrMinimum() {
        AggregationParams params = AggregationParams.of(4, 3, 100);
        assertThrows(ParameterException.class, () -> new Fixture(params, 2, 2, List.of(), 1, RANDOM), "no clients");
        assertThrows(ParameterException.class, () -> new Fixture(params, 2, 2, List.of("a", "b", "c", "d"), 1, RANDOM),
                "more than maxClients");
        assertThrows(ParameterException.class, () -> new Fixture(params, 2, 2, List.of("a", "a"), 1, RANDOM), "twice");
        assertThrows(ParameterException.class, () -> new Fixture(params, 2, 2, List.of("a\nb"), 1, RANDOM), "control");
        assertThrows(ParameterException.class, () -> new Fixture(params, 2, 2, List.of("a", "b"), 0, RANDOM), "minimum 0");
        assertThrows(ParameterException.class, () -> new Fixture(params, 2, 2, List.of("a", "b"), 3, RANDOM),
                "minimum above the registered count");
        Round round = new Fixture(params, 2, 2, List.of("a", "b"), 2, RANDOM).round;
        Round decoded = AggregationCodec.decode(AggregationCodec.encode(round));
        assertEquals(List.of("a", "b"), decoded.clients());
        assertEquals(2, decoded.minCounted());
    }

    @Test
    void tooFewArrivalsAbortTheRoundAtClose() {
        Fixture f = new Fixture(AggregationParams.of(10, 5, 100), 3, 2, Fixture.clientIds(5), 2, RANDOM);
        AggregationServer server = new AggregationServer(f.round);
        server.accept(new AggregationClient(RANDOM).submit(f.round, "c3", Fixture.randomInput(RANDOM, f.round.params())));
        ProtocolAbortException e = assertThrows(ProtocolAbortException.class, server::close);
        assertTrue(e.getMessage().contains("only 1 of 5") && e.getMessage().contains("at least 2"), e.getMessage());
        assertThrows(ProtocolAbortException.class, server::close, "closing again fails the same way");
        ProtocolAbortException task = assertThrows(ProtocolAbortException.class, () -> server.taskFor(1), "no task");
        assertTrue(task.getMessage().contains("only 1 of 5"), task.getMessage());
        assertThrows(ProtocolAbortException.class, server::finish);
    }

    @Test
    void membersRefuseTasksThatCoverTooFewOrUnregisteredClients() {
        Fixture f = new Fixture(AggregationParams.of(10, 5, 100), 3, 2, Fixture.clientIds(5), 3, RANDOM);
        AggregationClient client = new AggregationClient(RANDOM);
        List<ShareCipher.Sealed> seat1 = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            seat1.add(client.submit(f.round, "c" + c, new long[10]).shares.get(0));
        }
        CommitteeMember member = f.member(1);
        byte[] id = f.round.id();
        // A server asking for a share of a sum over two clients (the round's minimum is 3).
        ProtocolAbortException few = assertThrows(ProtocolAbortException.class,
                () -> member.answer(f.round, new MemberTask(id, 1, List.of("c0", "c1"), seat1.subList(0, 2))));
        assertTrue(few.getMessage().contains("at least 3"), few.getMessage());
        // Three listed, but one share does not open: the sum would still cover only two.
        List<ShareCipher.Sealed> oneBad = new ArrayList<>(seat1);
        oneBad.set(2, seat1.get(0));
        assertThrows(ProtocolAbortException.class,
                () -> member.answer(f.round, new MemberTask(id, 1, List.of("c0", "c1", "c2"), oneBad)));
        assertThrows(MalformedInputException.class,
                () -> member.answer(f.round, new MemberTask(id, 1, List.of("c0", "c1", "mallory"), seat1)), "unregistered");
        assertThrows(MalformedInputException.class,
                () -> member.answer(f.round, new MemberTask(id, 1, List.of("c0", "c1", "c1"), seat1)), "listed twice");
        assertEquals(List.of(), member.answer(f.round, new MemberTask(id, 1, List.of("c0", "c1", "c2"), seat1)).excluded);
    }

    @Test
    void theServerOutputsNoSumOverFewerThanTheMinimum() {
        List<String> clients = Fixture.clientIds(3);
        Fixture f = new Fixture(AggregationParams.of(10, 3, 100), 3, 2, clients, 2, RANDOM);
        // Members that do not enforce the minimum (they see the same round with minimum 1).
        Round lenient = new Round(f.round.id(), f.round.publicSeed(), f.round.params(), f.round.committee(),
                f.round.threshold(), clients, 1);
        AggregationServer server = new AggregationServer(f.round);
        AggregationClient client = new AggregationClient(RANDOM);
        server.accept(client.submit(f.round, "c0", new long[10]));
        ClientSubmission s = client.submit(f.round, "c1", new long[10]);
        // c1's shares are sealed for another client's name: no member can open them.
        ClientSubmission asC2 = client.submit(f.round, "c2", new long[10]);
        server.accept(new ClientSubmission(s.roundId, "c1", s.masked, asC2.shares));
        server.close();
        for (int seat = 1; seat <= 3; seat++) {
            server.accept(f.member(seat).answer(lenient, server.taskFor(seat)));
        }
        ProtocolAbortException e = assertThrows(ProtocolAbortException.class, server::finish);
        assertTrue(e.getMessage().contains("cover only 1"), e.getMessage());
    }

    @Test
    void aMinorityThresholdIsRefused() {
        assertThrows(ParameterException.class, () -> new Fixture(AggregationParams.of(1, 10, 10), 4, 2, RANDOM));
    }

    @Test
    void sharesOpenOnlyForTheirMemberRoundClientAndSeat() {
        java.security.KeyPair member = ShareCipher.newKeyPair();
        java.security.KeyPair other = ShareCipher.newKeyPair();
        byte[] round = new byte[Round.ID_BYTES];
        byte[] msg = "share".getBytes();
        ShareCipher.Sealed s = ShareCipher.seal(member.getPublic(), ShareCipher.context(round, "a", 1), msg);
        assertArrayEquals(msg, ShareCipher.open(member.getPrivate(), ShareCipher.context(round, "a", 1), s));
        assertThrows(VerificationFailedException.class, () -> ShareCipher.open(other.getPrivate(), ShareCipher.context(round, "a", 1), s));
        assertThrows(VerificationFailedException.class, () -> ShareCipher.open(member.getPrivate(), ShareCipher.context(round, "b", 1), s));
        assertThrows(VerificationFailedException.class, () -> ShareCipher.open(member.getPrivate(), ShareCipher.context(round, "a", 2), s));
        assertThrows(MalformedInputException.class, () -> ShareCipher.decode("k", new byte[31]));
        assertArrayEquals(ShareCipher.encode(member.getPublic()),
                ShareCipher.encode(ShareCipher.decode("k", ShareCipher.encode(member.getPublic()))));
    }

    @Test
    void anyThresholdOfSharesReconstructsAndFewerDoNot() {
        long[] key = SeedHomomorphicPrg.newKey(RANDOM);
        long[][] shares = KeySharing.share(key, 7, 4, RANDOM);
        for (int trial = 0; trial < 5; trial++) {
            List<Integer> seats = Fixture.seats(1, 7);
            Collections.shuffle(seats, RANDOM);
            Map<Integer, long[]> chosen = new HashMap<>();
            for (int s : seats.subList(0, 4)) {
                chosen.put(s, shares[s - 1]);
            }
            assertArrayEquals(key, KeySharing.reconstruct(chosen, 4));
            chosen.remove(seats.get(0));
            assertThrows(ParameterException.class, () -> KeySharing.reconstruct(chosen, 4));
        }
    }
}
