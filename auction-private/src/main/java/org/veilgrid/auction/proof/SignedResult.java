package org.veilgrid.auction.proof;

import java.util.ArrayList;
import java.util.List;

import org.veilgrid.core.cose.Signed;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;

/**
 * A {@link ResultStatement} signed by every compute party: one COSE_Sign1 per party (content
 * type {@value ResultStatement#CONTENT_TYPE}, domain {@value ResultStatement#DOMAIN}), each
 * over the same statement. Every party holds its own key (made per party at setup, next to its
 * TLS identity); a result is valid only with all n signatures — any honest party's refusal to
 * sign blocks a false result.
 *
 * <p>A {@code SignedResult} exists only verified: {@link #verify} checks every party's
 * signature under that party's key and that all signed the same statement.
 */
public final class SignedResult {
    /** Most compute parties. */
    public static final int MAX_PARTIES = 64;

    private final ResultStatement statement;
    private final List<byte[]> signed;
    private final List<AgentPublicKey> partyKeys;

    private SignedResult(ResultStatement statement, List<byte[]> signed, List<AgentPublicKey> partyKeys) {
        this.statement = statement;
        this.signed = signed;
        this.partyKeys = List.copyOf(partyKeys);
    }

    /** One party's signature of the statement: the COSE_Sign1 it publishes. */
    public static byte[] sign(ResultStatement s, AgentKey partyKey) {
        return Signed.sign(s, ResultStatement.TYPE, partyKey).encoded();
    }

    /**
     * Verifies every party's signed result and that they all signed one statement.
     *
     * @param perParty  each party's COSE_Sign1, party 0 first
     * @param partyKeys the compute parties' public keys, party 0 first
     * @throws MalformedInputException if a party's bytes are not a version-2 signed result
     * @throws VerificationFailedException if the counts differ, a signature does not verify under
     *         its party's key, or two parties signed different statements
     */
    public static SignedResult verify(List<byte[]> perParty, List<AgentPublicKey> partyKeys) {
        if (partyKeys.isEmpty() || partyKeys.size() > MAX_PARTIES) {
            throw new ParameterException("a signed result has 1 to " + MAX_PARTIES + " parties, got " + partyKeys.size());
        }
        if (perParty.size() != partyKeys.size()) {
            throw new VerificationFailedException("the result carries " + perParty.size() + " signatures for "
                    + partyKeys.size() + " parties");
        }
        ResultStatement first = null;
        List<byte[]> copies = new ArrayList<>();
        for (int i = 0; i < perParty.size(); i++) {
            byte[] b = perParty.get(i);
            ResultStatement s;
            try {
                s = AuctionItems.verify(b, ResultStatement.TYPE, partyKeys.get(i), "signed result", "VGAR").statement();
            } catch (VerificationFailedException e) {
                throw new VerificationFailedException("party " + i + "'s signature on the result: " + e.getMessage(), e);
            } catch (MalformedInputException e) {
                throw new MalformedInputException("party " + i + "'s signed result", e.getMessage(), e);
            }
            if (first != null && !first.equals(s)) {
                throw new VerificationFailedException("party " + i + " signed another result than party 0");
            }
            first = first == null ? s : first;
            copies.add(b.clone());
        }
        return new SignedResult(first, copies, partyKeys);
    }

    /** The statement every party signed. */
    public ResultStatement statement() {
        return statement;
    }

    /** Each party's COSE_Sign1, party 0 first, as published. */
    public List<byte[]> encoded() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] b : signed) {
            out.add(b.clone());
        }
        return out;
    }

    /**
     * Checks that the signers are exactly {@code expected}, in order (this result was verified
     * under its keys when it was read).
     *
     * @throws VerificationFailedException otherwise
     */
    public void requireSignedBy(List<AgentPublicKey> expected) {
        if (expected.size() != partyKeys.size()) {
            throw new VerificationFailedException("the result carries " + partyKeys.size() + " signatures for "
                    + expected.size() + " parties");
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(partyKeys.get(i))) {
                throw new VerificationFailedException("party " + i + "'s signature on the result is by key "
                        + partyKeys.get(i).fingerprint() + ", not by the party's key " + expected.get(i).fingerprint());
            }
        }
    }

    @Override
    public String toString() {
        return "SignedResult(" + statement + ", " + signed.size() + " signatures)";
    }
}
