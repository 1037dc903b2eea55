package org.veilgrid.mpc.aggregation;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.aggregation.wire.ClientMessage;
import org.veilgrid.mpc.aggregation.wire.MemberReplyMessage;
import org.veilgrid.mpc.aggregation.wire.MemberTaskMessage;
import org.veilgrid.mpc.aggregation.wire.RoundInfo;
import org.veilgrid.mpc.aggregation.wire.SealedShare;
import org.veilgrid.mpc.aggregation.wire.Seat;
import org.veilgrid.mpc.aggregation.wire.SeatShare;
import org.veilgrid.mpc.aggregation.wire.UnmaskReply;
import org.veilgrid.mpc.aggregation.wire.UnmaskRequest;

/**
 * Protobuf encodings of the aggregation messages (mpc/src/main/proto/veilgrid_aggregation.proto)
 * and strict decoders: version, lengths and ranges are checked before anything is used, and every
 * failure is a {@link MalformedInputException} naming the field.
 */
public final class AggregationCodec {
    /** 2 since rounds carry their registered clients and minimum (a version-1 round let anyone submit). */
    public static final int VERSION = 2;
    private static final int MASKED_BYTES = 7;

    private AggregationCodec() {
    }

    // ------------------------------------------------------------------ round

    public static RoundInfo encode(Round r) {
        RoundInfo.Builder b = RoundInfo.newBuilder().setVersion(VERSION).setRoundId(ByteString.copyFrom(r.id()))
                .setPublicSeed(ByteString.copyFrom(r.publicSeed())).setLength(r.params().length())
                .setMaxClients(r.params().maxClients()).setInputBound(r.params().inputBound()).setThreshold(r.threshold())
                .addAllClients(r.clients()).setMinCounted(r.minCounted());
        for (Round.Seat s : r.committee()) {
            b.addCommittee(Seat.newBuilder().setIndex(s.index).setMemberId(s.memberId)
                    .setPublicKey(ByteString.copyFrom(ShareCipher.encode(s.publicKey))));
        }
        return b.build();
    }

    public static Round decode(RoundInfo m) {
        checkVersion("round", m.getVersion());
        if (m.getCommitteeCount() > AggregationParams.MAX_COMMITTEE) {
            throw new MalformedInputException("round.committee", "more than " + AggregationParams.MAX_COMMITTEE + " seats");
        }
        if (m.getClientsCount() > AggregationParams.MAX_CLIENTS) {
            throw new MalformedInputException("round.clients", "more than " + AggregationParams.MAX_CLIENTS + " clients");
        }
        List<Round.Seat> seats = new ArrayList<>();
        for (int i = 0; i < m.getCommitteeCount(); i++) {
            Seat s = m.getCommittee(i);
            seats.add(new Round.Seat(s.getIndex(), s.getMemberId(),
                    ShareCipher.decode("round.committee[" + i + "].public_key", s.getPublicKey().toByteArray())));
        }
        try {
            AggregationParams params = AggregationParams.of(m.getLength(), m.getMaxClients(), m.getInputBound());
            return new Round(m.getRoundId().toByteArray(), m.getPublicSeed().toByteArray(), params, seats, m.getThreshold(),
                    m.getClientsList(), m.getMinCounted());
        } catch (ParameterException e) {
            throw new MalformedInputException("round", e.getMessage());
        }
    }

    // ------------------------------------------------------------------ client

    public static ClientMessage encode(ClientSubmission s) {
        byte[] packed = packMasked(s.masked);
        ClientMessage.Builder b = ClientMessage.newBuilder().setVersion(VERSION).setRoundId(ByteString.copyFrom(s.roundId))
                .setClientId(s.clientId).setMasked(ByteString.copyFrom(packed));
        for (ShareCipher.Sealed sealed : s.shares) {
            b.addShares(encode(sealed));
        }
        return b.build();
    }

    /** Checks the shape against the round; the server checks the rest (duplicates, capacity). */
    public static ClientSubmission decode(Round round, ClientMessage m) {
        checkVersion("client", m.getVersion());
        checkRound("client", round, m.getRoundId());
        if (!Round.isValidId(m.getClientId())) {
            throw new MalformedInputException("client.client_id", "must have 1 to " + Round.MAX_ID_CHARS
                    + " characters and no control characters");
        }
        long[] masked = unpackMasked("client.masked", round.params().maskedLength(), m.getMasked());
        if (m.getSharesCount() != round.committee().size()) {
            throw new MalformedInputException("client.shares", "expected " + round.committee().size() + " shares, got "
                    + m.getSharesCount());
        }
        List<ShareCipher.Sealed> shares = new ArrayList<>();
        for (int j = 0; j < m.getSharesCount(); j++) {
            shares.add(decode("client.shares[" + j + "]", m.getShares(j)));
        }
        return new ClientSubmission(m.getRoundId().toByteArray(), m.getClientId(), masked, shares);
    }

    // ------------------------------------------------------------------ member

    public static MemberTaskMessage encode(MemberTask t) {
        MemberTaskMessage.Builder b = MemberTaskMessage.newBuilder().setVersion(VERSION)
                .setRoundId(ByteString.copyFrom(t.roundId)).setSeat(t.seat).setReady(true).addAllClients(t.clients);
        for (ShareCipher.Sealed s : t.shares) {
            b.addShares(encode(s));
        }
        return b.build();
    }

    public static MemberTask decode(Round round, MemberTaskMessage m) {
        checkVersion("task", m.getVersion());
        checkRound("task", round, m.getRoundId());
        if (m.getClientsCount() != m.getSharesCount()) {
            throw new MalformedInputException("task.shares", "one share per client expected");
        }
        if (m.getClientsCount() > round.params().maxClients()) {
            throw new MalformedInputException("task.clients", "more clients than the round allows");
        }
        List<ShareCipher.Sealed> shares = new ArrayList<>();
        for (int i = 0; i < m.getSharesCount(); i++) {
            shares.add(decode("task.shares[" + i + "]", m.getShares(i)));
        }
        return new MemberTask(m.getRoundId().toByteArray(), m.getSeat(), m.getClientsList(), shares);
    }

    public static MemberReplyMessage encode(MemberReply r) {
        return MemberReplyMessage.newBuilder().setVersion(VERSION).setRoundId(ByteString.copyFrom(r.roundId))
                .setSeat(r.seat).addAllExcluded(r.excluded)
                .setShareSum(ByteString.copyFrom(KeySharing.toBytes(r.shareSum))).build();
    }

    public static MemberReply decode(Round round, MemberReplyMessage m) {
        checkVersion("member", m.getVersion());
        checkRound("member", round, m.getRoundId());
        if (m.getExcludedCount() > round.params().maxClients()) {
            throw new MalformedInputException("member.excluded", "more clients than the round allows");
        }
        long[] sum = KeySharing.fromBytes("member.share_sum", m.getShareSum().toByteArray());
        return new MemberReply(m.getRoundId().toByteArray(), m.getSeat(), m.getExcludedList(), sum);
    }

    // ------------------------------------------------------------------ unmasking replicas

    public static UnmaskRequest encode(UnmaskJob job) {
        UnmaskRequest.Builder b = UnmaskRequest.newBuilder().setVersion(VERSION).setRound(encode(job.round()))
                .setMaskedSum(ByteString.copyFrom(packMasked(job.maskedSum()))).setCounted(job.counted());
        for (int seat : job.seats()) {
            b.addShares(SeatShare.newBuilder().setSeat(seat)
                    .setShareSum(ByteString.copyFrom(KeySharing.toBytes(job.share(seat)))));
        }
        return b.build();
    }

    /**
     * Decodes a job with the round it carries (which the replica checks against its roster before
     * running it: {@link FederatedRound#verify}).
     */
    public static UnmaskJob decode(UnmaskRequest m) {
        checkVersion("unmask", m.getVersion());
        if (!m.hasRound()) {
            throw new MalformedInputException("unmask.round", "is missing");
        }
        Round round = decode(m.getRound());
        long[] maskedSum = unpackMasked("unmask.masked_sum", round.params().maskedLength(), m.getMaskedSum());
        if (m.getSharesCount() != round.threshold()) {
            throw new MalformedInputException("unmask.shares", "expected " + round.threshold() + " seats' shares, got "
                    + m.getSharesCount());
        }
        Map<Integer, long[]> shares = new TreeMap<>();
        for (int i = 0; i < m.getSharesCount(); i++) {
            SeatShare s = m.getShares(i);
            if (s.getSeat() < 1 || s.getSeat() > round.committee().size()) {
                throw new MalformedInputException("unmask.shares[" + i + "].seat", "no seat " + Integer.toUnsignedString(s.getSeat())
                        + " in the round");
            }
            if (shares.put(s.getSeat(), KeySharing.fromBytes("unmask.shares[" + i + "].share_sum",
                    s.getShareSum().toByteArray())) != null) {
                throw new MalformedInputException("unmask.shares[" + i + "].seat", "seat " + s.getSeat() + " appears twice");
            }
        }
        try {
            return new UnmaskJob(round, maskedSum, m.getCounted(), shares);
        } catch (ParameterException e) {
            throw new MalformedInputException("unmask", e.getMessage());
        }
    }

    public static UnmaskReply encodeSum(Round round, long[] sum) {
        // The same 8-byte little-endian words as a share sum (signed here: two's complement).
        return UnmaskReply.newBuilder().setVersion(VERSION).setRoundId(ByteString.copyFrom(round.id()))
                .setSum(ByteString.copyFrom(KeySharing.toBytes(sum))).build();
    }

    /**
     * The sum in a replica's reply to a job of {@code round}.
     *
     * @throws MalformedInputException if the reply is of another round, has the wrong length, or a
     *         value lies outside what counted clients' inputs can add up to
     */
    public static long[] decodeSum(Round round, int counted, UnmaskReply m) {
        checkVersion("unmask_reply", m.getVersion());
        checkRound("unmask_reply", round, m.getRoundId());
        int length = round.params().length();
        if (m.getSum().size() != length * 8L) {
            throw MalformedInputException.wrongLength("unmask_reply.sum", length * 8L, m.getSum().size());
        }
        java.nio.ByteBuffer b = m.getSum().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        // |sum| <= counted * bound: the parameters keep maxClients * bound far below 2^55.
        long limit = (long) counted * round.params().inputBound();
        long[] sum = new long[length];
        for (int i = 0; i < length; i++) {
            sum[i] = b.getLong();
            if (sum[i] > limit || sum[i] < -limit) {
                throw new MalformedInputException("unmask_reply.sum[" + i + "]", "lies outside [-" + limit + ", " + limit
                        + "], the most " + counted + " clients' inputs add up to");
            }
        }
        return sum;
    }

    // ------------------------------------------------------------------ helpers

    /** Parses bytes into a message, refusing oversized input before parsing. */
    public static <T> T parse(String what, byte[] bytes, long maxBytes, com.google.protobuf.Parser<T> parser) {
        if (bytes == null || bytes.length == 0) {
            throw new MalformedInputException(what, "empty input");
        }
        if (bytes.length > maxBytes) {
            throw new MalformedInputException(what, bytes.length + " bytes is more than the " + maxBytes + " allowed");
        }
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedInputException(what, "not a valid protobuf message (" + e.getMessage() + ")");
        }
    }

    /** An upper bound on a client message for this round (what the server accepts). */
    public static long maxClientMessageBytes(Round round) {
        long share = 32 + AggregationParams.RING_DEGREE * 8L + ShareCipher.TAG_BYTES + 16;
        return (long) round.params().maskedLength() * MASKED_BYTES + round.committee().size() * share + 1024;
    }

    /** Words below p = 2^56 as 7 little-endian bytes each. */
    private static byte[] packMasked(long[] words) {
        byte[] packed = new byte[words.length * MASKED_BYTES];
        for (int i = 0; i < words.length; i++) {
            long v = words[i];
            for (int b = 0; b < MASKED_BYTES; b++) {
                packed[i * MASKED_BYTES + b] = (byte) (v >>> (8 * b));
            }
        }
        return packed;
    }

    private static long[] unpackMasked(String where, int length, ByteString packed) {
        if (packed.size() != (long) length * MASKED_BYTES) {
            throw MalformedInputException.wrongLength(where, (long) length * MASKED_BYTES, packed.size());
        }
        long[] words = new long[length];
        byte[] raw = packed.toByteArray();
        for (int i = 0; i < length; i++) {
            long v = 0;
            for (int b = 0; b < MASKED_BYTES; b++) {
                v |= (raw[i * MASKED_BYTES + b] & 0xffL) << (8 * b);
            }
            words[i] = v; // 7 bytes: always below p = 2^56
        }
        return words;
    }

    private static SealedShare encode(ShareCipher.Sealed s) {
        return SealedShare.newBuilder().setEphemeralKey(ByteString.copyFrom(s.ephemeralKey))
                .setCiphertext(ByteString.copyFrom(s.ciphertext)).build();
    }

    private static ShareCipher.Sealed decode(String where, SealedShare m) {
        if (m.getEphemeralKey().size() != ShareCipher.PUBLIC_KEY_BYTES) {
            throw MalformedInputException.wrongLength(where + ".ephemeral_key", ShareCipher.PUBLIC_KEY_BYTES, m.getEphemeralKey().size());
        }
        long want = AggregationParams.RING_DEGREE * 8L + ShareCipher.TAG_BYTES;
        if (m.getCiphertext().size() != want) {
            throw MalformedInputException.wrongLength(where + ".ciphertext", want, m.getCiphertext().size());
        }
        return new ShareCipher.Sealed(m.getEphemeralKey().toByteArray(), m.getCiphertext().toByteArray());
    }

    private static void checkVersion(String what, int version) {
        if (version != VERSION) {
            throw new MalformedInputException(what + ".version", "version " + version + " is not supported (expected " + VERSION + ")");
        }
    }

    private static void checkRound(String what, Round round, ByteString id) {
        if (!round.sameId(id.toByteArray())) {
            throw new MalformedInputException(what + ".round_id", "is not the current round's");
        }
    }
}
