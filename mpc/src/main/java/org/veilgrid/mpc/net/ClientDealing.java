package org.veilgrid.mpc.net;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.function.UnaryOperator;

import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.mpc.field.FieldPrg;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.mpc.field.ShamirScheme;

/**
 * An outside client's input dealt so that every party can check, on its own, that the sharing
 * is consistent — and name the client if it is not: a non-interactive verifiable dealing for
 * clients that speak once.
 *
 * <p><b>Dealing</b> ({@link #deal}). The client Shamir-shares (degree t) its m elements and one
 * more, a uniformly random mask μ, so party i's share vector is s_i = (x_{1,i}, …, x_{m,i}, μ_i).
 * It commits to every party's vector, h_i = SHA-256(tag ‖ session ‖ i ‖ salt_i ‖ s_i) with a
 * 32-byte random salt, derives public coefficients γ_1..γ_m from SHA-256 over the session, its
 * name, the label and h_0..h_{n−1} (so it fixed every share before it could know them), and
 * computes each party's check value ĉ_i = μ_i + Σ_k γ_k·x_{k,i}. The <em>header</em> — session,
 * client, label, m, n, h_0..h_{n−1}, ĉ_0..ĉ_{n−1} — is signed with the client's TLS key and sent
 * to every party with its own s_i and salt_i.
 *
 * <p><b>Checks at party i</b> ({@link Header#check}): the signature verifies under the client's
 * certificate; h_i commits to the s_i and salt_i received; ĉ_0..ĉ_{n−1} lie on one polynomial of
 * degree t; and ĉ_i = μ_i + Σ γ_k·x_{k,i} from s_i. In malicious mode the parties then exchange
 * the signed headers ({@code ClientInputStep}): two different headers with valid signatures prove
 * that the client dealt twice. Every failure is the client's, provably from what it signed (the
 * party's own s_i and salt_i open h_i), so the client is named, never a party.
 *
 * <p><b>Soundness.</b> If every honest party's checks pass on one header, the honest parties'
 * values of μ + Σ γ_k·x_k are the header's, which lie on a degree-t polynomial. Their shares
 * were fixed by h before γ: for shares of some x_k that are not on one degree-t polynomial, the
 * combination is, for at most one γ_k value in p for each choice of the others, so one try passes
 * with probability at most 1/p and a client that grinds q hashes with probability q/p (2^−87 for
 * q = 2^40). <b>Privacy.</b> ĉ is the sharing of μ + Σ γ_k·x_k: with μ a uniformly random
 * degree-t polynomial it is a uniformly random polynomial whatever x is; h_i hides s_i behind a
 * 256-bit salt.
 */
public final class ClientDealing {

    private static final byte[] HEADER_TAG = tag("veilgrid/mpc/client-dealing-v1");
    private static final byte[] SHARE_TAG = tag("veilgrid/mpc/client-share-v1");
    private static final byte[] COEFFICIENT_TAG = tag("veilgrid/mpc/client-dealing-coefficients-v1");
    /** Bytes of each salt. */
    public static final int SALT_BYTES = 32;
    /** Longest signature a header may carry (an RSA-4096 signature fits). */
    public static final int MAX_SIGNATURE_BYTES = 512;

    private ClientDealing() {
    }

    private static byte[] tag(String s) {
        byte[] t = s.getBytes(StandardCharsets.US_ASCII);
        return Arrays.copyOf(t, t.length + 1);
    }

    /** What the client sends party i: its share vector (m + 1 elements), its salt, the signed header. */
    public record PartyShare(long[] shares, byte[] salt, byte[] header, byte[] signature) {
    }

    /**
     * A header as a party received it, with the client's signature and public key (from the
     * client's TLS certificate), for comparing with what the other parties received.
     */
    public record Signed(byte[] header, byte[] signature, PublicKey clientKey) {
        /** Whether {@code otherSignature} is the client's over {@code otherHeader}. */
        public boolean signedByClient(byte[] otherHeader, byte[] otherSignature) {
            return verifies(clientKey, otherHeader, otherSignature);
        }

        @Override
        public String toString() {
            return "signed dealing header (" + header.length + " bytes)";
        }
    }

    /** A client's input as the program reads it: this party's shares of the values, and the dealing. */
    public record Received(long[] values, Signed dealing) {
        @Override
        public String toString() {
            return "client input (" + values.length / 2 + " elements)";
        }
    }

    /**
     * Party {@code self}'s checks of the dealing in {@code input} (decoded: {@code withMask} are
     * its m + 1 elements) from the client whose certificate key is {@code clientKey}.
     *
     * @return the values (the mask's share dropped) with the signed header
     * @throws MalformedInputException naming what is wrong — the client's fault in every case
     */
    static Received check(org.veilgrid.mpc.wire.ClientInput input, long[] withMask, long session, String client,
                          int self, ShamirScheme scheme, PublicKey clientKey) {
        return check(input.getHeader().toByteArray(), input.getSignature().toByteArray(), input.getSalt().toByteArray(),
                withMask, session, client, input.getLabel(), self, scheme, clientKey);
    }

    /**
     * Party {@code self}'s checks of its part of a dealing by {@code dealer} (a client, or a
     * compute party dealing its own input): {@code withMask} its m + 1 elements, {@code salt}
     * and the signed {@code headerBytes}, under the dealer's key {@code dealerKey}.
     *
     * @return the values (the mask's share dropped) with the signed header
     * @throws MalformedInputException naming what is wrong — the dealer's fault in every case
     */
    public static Received check(byte[] headerBytes, byte[] signature, byte[] salt, long[] withMask, long session,
                                 String dealer, String label, int self, ShamirScheme scheme, PublicKey dealerKey) {
        int m = withMask.length / 2 - 1;
        Header header = Header.decode(headerBytes, session, dealer, label, scheme.parties());
        if (header.m() != m) {
            throw new MalformedInputException("dealing header", "is for " + header.m() + " values, the shares for " + m);
        }
        if (dealerKey == null || !verifies(dealerKey, headerBytes, signature)) {
            throw new MalformedInputException("dealing signature", "does not verify under the dealer's certificate");
        }
        String failure = header.check(self, withMask, salt, scheme);
        if (failure != null) {
            throw new MalformedInputException("dealing", failure);
        }
        return new Received(Arrays.copyOf(withMask, 2 * m), new Signed(headerBytes, signature, dealerKey));
    }

    /**
     * Deals {@code m} elements (packed) of input {@code label} to the {@code scheme}'s parties and
     * signs the header with {@code key}.
     *
     * @return one {@link PartyShare} per party, party order
     */
    public static PartyShare[] deal(long session, String client, String label, long[] elements, int m,
                                    ShamirScheme scheme, SecureRandom random, PrivateKey key) {
        return deal(session, client, label, elements, m, scheme, random, header -> sign(key, header));
    }

    /**
     * As {@link #deal(long, String, String, long[], int, ShamirScheme, SecureRandom, PrivateKey)}
     * with the header signed by {@code signer} (a compute party dealing its own input signs
     * through its network, {@link MpcNetwork#sign}).
     */
    public static PartyShare[] deal(long session, String client, String label, long[] elements, int m,
                                    ShamirScheme scheme, SecureRandom random, UnaryOperator<byte[]> signer) {
        int n = scheme.parties();
        long[] withMask = Arrays.copyOf(elements, 2 * (m + 1));
        long[] mask = FieldPrg.fromSecureRandom(random).nextElements(1);
        withMask[2 * m] = mask[0];
        withMask[2 * m + 1] = mask[1];
        long[][] shares = scheme.share(withMask, m + 1, FieldPrg.fromSecureRandom(random));
        byte[][] salts = new byte[n][SALT_BYTES];
        byte[][] hashes = new byte[n][];
        for (int i = 0; i < n; i++) {
            random.nextBytes(salts[i]);
            hashes[i] = shareHash(session, i, salts[i], shares[i], m);
        }
        long[] gamma = coefficients(session, client, label, m, hashes);
        long[] checks = new long[2 * n];
        for (int i = 0; i < n; i++) {
            checkValue(shares[i], gamma, m, checks, i);
        }
        byte[] header = new Header(session, client, label, m, hashes, checks).encode();
        byte[] signature = signer.apply(header);
        if (signature.length == 0 || signature.length > MAX_SIGNATURE_BYTES) {
            throw new ParameterException("a dealing's signature must be 1.." + MAX_SIGNATURE_BYTES + " bytes, got "
                    + signature.length);
        }
        PartyShare[] out = new PartyShare[n];
        for (int i = 0; i < n; i++) {
            out[i] = new PartyShare(shares[i], salts[i], header, signature);
        }
        return out;
    }

    /** h_i = SHA-256(tag ‖ session ‖ i ‖ salt ‖ the m + 1 elements of s_i). */
    static byte[] shareHash(long session, int party, byte[] salt, long[] shares, int m) {
        MessageDigest d = sha256();
        d.update(SHARE_TAG);
        d.update(ByteBuffer.allocate(12).putLong(session).putInt(party).array());
        d.update(salt);
        d.update(FieldVectors.toBytes(shares, 0, m + 1));
        return d.digest();
    }

    /** γ_1..γ_m from SHA-256(tag ‖ session ‖ client ‖ label ‖ m ‖ h_0..h_{n−1}). */
    static long[] coefficients(long session, String client, String label, int m, byte[][] hashes) {
        MessageDigest d = sha256();
        d.update(COEFFICIENT_TAG);
        d.update(ByteBuffer.allocate(8).putLong(session).array());
        updateText(d, client);
        updateText(d, label);
        d.update(ByteBuffer.allocate(8).putInt(m).putInt(hashes.length).array());
        for (byte[] h : hashes) {
            d.update(h);
        }
        return new FieldPrg(Arrays.copyOf(d.digest(), 16), 0).nextElements(m);
    }

    /** out[party] = μ_i + Σ γ_k·x_{k,i} for the share vector s_i (μ_i last). */
    private static void checkValue(long[] s, long[] gamma, int m, long[] out, int party) {
        long[] acc = {s[2 * m], s[2 * m + 1]};
        long[] t = new long[2];
        for (int k = 0; k < m; k++) {
            Mersenne127.mul(s[2 * k], s[2 * k + 1], gamma[2 * k], gamma[2 * k + 1], t, 0);
            Mersenne127.add(acc[0], acc[1], t[0], t[1], acc, 0);
        }
        out[2 * party] = acc[0];
        out[2 * party + 1] = acc[1];
    }

    private static void updateText(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update(ByteBuffer.allocate(2).putShort((short) b.length).array());
        d.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The signature algorithm for a key of the TLS identities' kinds (EC, RSA, Ed25519). */
    static String algorithm(Key key) {
        return switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new ParameterException("keys of type " + key.getAlgorithm() + " cannot sign a dealing");
        };
    }

    static byte[] sign(PrivateKey key, byte[] header) {
        try {
            Signature s = Signature.getInstance(algorithm(key));
            s.initSign(key);
            s.update(header);
            byte[] sig = s.sign();
            if (sig.length > MAX_SIGNATURE_BYTES) {
                throw new ParameterException("the client's key gives " + sig.length + "-byte signatures; at most "
                        + MAX_SIGNATURE_BYTES + " fit in a dealing");
            }
            return sig;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a dealing: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is {@code key}'s over {@code header}. */
    static boolean verifies(PublicKey key, byte[] header, byte[] signature) {
        try {
            Signature s = Signature.getInstance(algorithm(key));
            s.initVerify(key);
            s.update(header);
            return s.verify(signature);
        } catch (GeneralSecurityException | ParameterException e) {
            return false;
        }
    }

    /** A dealing's public header, as signed. */
    public record Header(long session, String client, String label, int m, byte[][] hashes, long[] checks) {

        /** header = tag ‖ session ‖ client ‖ label ‖ m ‖ n ‖ h_0..h_{n−1} ‖ ĉ_0..ĉ_{n−1} (16 bytes each). */
        byte[] encode() {
            byte[] c = client.getBytes(StandardCharsets.UTF_8);
            byte[] l = label.getBytes(StandardCharsets.UTF_8);
            int n = hashes.length;
            ByteBuffer b = ByteBuffer.allocate(HEADER_TAG.length + 8 + 2 + c.length + 2 + l.length + 8 + 32 * n + 16 * n);
            b.put(HEADER_TAG).putLong(session).putShort((short) c.length).put(c).putShort((short) l.length).put(l)
                    .putInt(m).putInt(n);
            for (byte[] h : hashes) {
                b.put(h);
            }
            b.put(FieldVectors.toBytes(checks, 0, n));
            return b.array();
        }

        /** Length in bytes of a header with these parameters. */
        public static int length(String client, String label, int n) {
            return HEADER_TAG.length + 8 + 2 + client.getBytes(StandardCharsets.UTF_8).length + 2
                    + label.getBytes(StandardCharsets.UTF_8).length + 8 + 48 * n;
        }

        /**
         * Reads a header that must be for this session, client and label with {@code n} parties.
         *
         * @throws MalformedInputException if it is not
         */
        static Header decode(byte[] bytes, long session, String client, String label, int n) {
            String where = "dealing header";
            if (bytes.length != length(client, label, n)) {
                throw MalformedInputException.wrongLength(where, length(client, label, n), bytes.length);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] tag = new byte[HEADER_TAG.length];
            b.get(tag);
            if (!Arrays.equals(tag, HEADER_TAG) || b.getLong() != session) {
                throw new MalformedInputException(where, "is not a dealing header of this session");
            }
            if (!text(b).equals(client) || !text(b).equals(label)) {
                throw new MalformedInputException(where, "names another client or input");
            }
            int m = b.getInt();
            if (m < 0 || m > RoundMessages.MAX_ELEMENTS - 1 || b.getInt() != n) {
                throw new MalformedInputException(where, "has an element count or party count out of range");
            }
            byte[][] hashes = new byte[n][32];
            for (byte[] h : hashes) {
                b.get(h);
            }
            long[] checks = FieldVectors.fromBytes(b.slice().order(ByteOrder.LITTLE_ENDIAN), n, where + ".checks");
            return new Header(session, client, label, m, hashes, checks);
        }

        private static String text(ByteBuffer b) {
            int len = Short.toUnsignedInt(b.getShort());
            byte[] t = new byte[len];
            b.get(t);
            return new String(t, StandardCharsets.UTF_8);
        }

        /**
         * Party {@code self}'s checks of its share vector {@code shares} (m + 1 elements) and
         * {@code salt} against this header.
         *
         * @return null if they pass, else what failed (the client's fault)
         */
        String check(int self, long[] shares, byte[] salt, ShamirScheme scheme) {
            int n = hashes.length;
            if (salt.length != SALT_BYTES) {
                return "its salt is " + salt.length + " bytes, not " + SALT_BYTES;
            }
            if (!MessageDigest.isEqual(hashes[self], shareHash(session, self, salt, shares, m))) {
                return "the shares it sent this party are not the ones its signed header commits to";
            }
            long[] own = new long[2 * n];
            checkValue(shares, coefficients(session, client, label, m, hashes), m, own, self);
            if (own[2 * self] != checks[2 * self] || own[2 * self + 1] != checks[2 * self + 1]) {
                return "the shares it sent this party do not give the check value it signed";
            }
            if (!onePolynomial(checks, n, scheme)) {
                return "its signed check values do not lie on one polynomial of degree " + scheme.threshold()
                        + ": the sharing is inconsistent";
            }
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Header h && h.session == session && h.client.equals(client) && h.label.equals(label)
                    && h.m == m && Arrays.deepEquals(h.hashes, hashes) && Arrays.equals(h.checks, checks);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(checks);
        }

        @Override
        public String toString() {
            return "dealing header of input '" + label + "' from '" + client + "'";
        }
    }

    /**
     * Whether the n values lie on one polynomial of degree t: f(0) interpolated from S = {0..t}
     * equals f(0) from S ∖ {t} ∪ {j} for every j &gt; t.
     */
    static boolean onePolynomial(long[] values, int n, ShamirScheme scheme) {
        int t = scheme.threshold();
        int[] set = new int[t + 1];
        long[][] points = new long[t + 1][];
        for (int i = 0; i <= t; i++) {
            set[i] = i;
            points[i] = new long[] {values[2 * i], values[2 * i + 1]};
        }
        long[] base = ShamirScheme.interpolate(scheme.lagrangeAtZero(set), points, 1);
        for (int j = t + 1; j < n; j++) {
            set[t] = j;
            points[t] = new long[] {values[2 * j], values[2 * j + 1]};
            long[] other = ShamirScheme.interpolate(scheme.lagrangeAtZero(set), points, 1);
            if (other[0] != base[0] || other[1] != base[1]) {
                return false;
            }
        }
        return true;
    }
}
