package org.veilgrid.auction.proof;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.promise.AgentKeys;

/**
 * A {@link ResultStatement} with one Ed25519 signature per compute party, each over
 * "veilgrid/auction/result/v1" ‖ SHA-256 of the statement. Every party holds its own key
 * (generated per party at setup, next to its TLS identity); a result is valid only with all n
 * signatures — any honest party's refusal to sign blocks a false result.
 *
 * <p>Encoding: u32 statement length ‖ statement ‖ u8 n ‖ n × signature (64 bytes, party 0 first).
 */
public final class SignedResult {
    static final String TAG = "veilgrid/auction/result/v1";

    private final ResultStatement statement;
    private final byte[][] signatures;

    public SignedResult(ResultStatement statement, byte[][] signatures) {
        if (signatures.length < 1 || signatures.length > 64) {
            throw new ParameterException("a signed result has 1 to 64 party signatures, got " + signatures.length);
        }
        this.statement = statement;
        this.signatures = new byte[signatures.length][];
        for (int i = 0; i < signatures.length; i++) {
            if (signatures[i] == null || signatures[i].length != AgentKeys.SIGNATURE_LENGTH) {
                throw new ParameterException("party " + i + "'s signature must have 64 bytes");
            }
            this.signatures[i] = signatures[i].clone();
        }
    }

    /** What party keys sign: the tag and the statement's digest. */
    public static byte[] message(ResultStatement s) {
        byte[] tag = TAG.getBytes(StandardCharsets.US_ASCII);
        byte[] d = s.digest();
        byte[] m = Arrays.copyOf(tag, tag.length + d.length);
        System.arraycopy(d, 0, m, tag.length, d.length);
        return m;
    }

    /** One party's signature of the statement. */
    public static byte[] sign(ResultStatement s, AgentKeys partyKey) {
        return partyKey.sign(message(s));
    }

    public ResultStatement statement() {
        return statement;
    }

    /**
     * @param partyKeys the compute parties' public keys, party 0 first
     * @throws VerificationFailedException unless every party signed this statement
     */
    public void verify(byte[][] partyKeys) {
        if (partyKeys.length != signatures.length) {
            throw new VerificationFailedException("the result carries " + signatures.length + " signatures for "
                    + partyKeys.length + " parties");
        }
        byte[] m = message(statement);
        for (int i = 0; i < partyKeys.length; i++) {
            if (!AgentKeys.verify(partyKeys[i], m, signatures[i])) {
                throw new VerificationFailedException("party " + i + "'s signature on the result does not verify");
            }
        }
    }

    public byte[] toBytes() {
        byte[] st = statement.toBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(st.length >>> 24);
        out.write(st.length >>> 16);
        out.write(st.length >>> 8);
        out.write(st.length);
        out.writeBytes(st);
        out.write(signatures.length);
        for (byte[] s : signatures) {
            out.writeBytes(s);
        }
        return out.toByteArray();
    }

    /** @throws MalformedInputException on any malformed part */
    public static SignedResult fromBytes(byte[] b) {
        if (b == null || b.length < 5) {
            throw MalformedInputException.truncated("SignedResult", 5, b == null ? 0 : b.length);
        }
        long len = ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        if (len > ResultStatement.MAX_LENGTH || len + 5 > b.length) {
            throw new MalformedInputException("SignedResult.statement", "length " + len + " does not fit in "
                    + b.length + " bytes");
        }
        ResultStatement st = ResultStatement.fromBytes(Arrays.copyOfRange(b, 4, 4 + (int) len));
        int n = b[4 + (int) len] & 0xff;
        int at = 5 + (int) len;
        if (n < 1 || n > 64 || b.length != at + 64L * n) {
            throw new MalformedInputException("SignedResult.signatures", n + " signatures need " + (64 * n)
                    + " bytes, " + (b.length - at) + " remain");
        }
        byte[][] sigs = new byte[n][];
        for (int i = 0; i < n; i++) {
            sigs[i] = Arrays.copyOfRange(b, at + 64 * i, at + 64 * (i + 1));
        }
        return new SignedResult(st, sigs);
    }

    @Override
    public String toString() {
        return "SignedResult(" + statement + ", " + signatures.length + " signatures)";
    }
}
