package org.veilgrid.zk.promise;

import java.util.Arrays;
import java.util.List;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VerificationFailedException;

/**
 * A receipt: the beneficiary's signed statement about what happened under a promise (e.g.
 * delivered quantity, price paid), with the promise's digest, public remarks and committed terms.
 * The beneficiary hands the openings of its commitments to the promiser, who can then prove
 * claims relating them to the promise's terms.
 *
 * <p>Encoding: "VGRC" ‖ version (1) ‖ promise digest (32) ‖ signer key (32) ‖ issued-at (u64) ‖
 * public terms (u16 ‖ UTF-8) ‖ term count ‖ terms (as in {@link Promise}) ‖ Ed25519 signature
 * (64) over "veilgrid/zk/receipt-v1" ‖ 0x00 ‖ everything before it.
 */
public final class Receipt {
    static final String MAGIC = "VGRC";
    static final String DOMAIN = "veilgrid/zk/receipt-v1";
    /** The longest valid encoding: a bound for reading receipt files. */
    public static final int MAX_LENGTH = 4 + 1 + 32 + 32 + 8 + PromiseLimits.MAX_PUBLIC_TERMS_WIRE + 1
            + PromiseLimits.MAX_TERMS * PromiseLimits.MAX_TERM_WIRE + AgentKeys.SIGNATURE_LENGTH;

    private final byte[] promiseDigest;
    private final byte[] signer;
    private final long issuedAt;
    private final String publicTerms;
    private final List<CommittedTerm> terms;
    private final byte[] signature;

    private Receipt(byte[] promiseDigest, byte[] signer, long issuedAt, String publicTerms,
                    List<CommittedTerm> terms, byte[] signature) {
        this.promiseDigest = promiseDigest;
        this.signer = signer;
        this.issuedAt = issuedAt;
        this.publicTerms = publicTerms;
        this.terms = terms;
        this.signature = signature;
    }

    public static Receipt make(AgentKeys beneficiary, Promise promise, String publicTerms,
                               List<CommittedTerm> terms, long issuedAt) {
        Receipt unsigned = new Receipt(promise.digest(), beneficiary.publicKey(), issuedAt,
                SignedTerms.checkPublicTerms(publicTerms), SignedTerms.checkTerms(terms), null);
        byte[] sig = beneficiary.sign(SignedTerms.signedMessage(DOMAIN, unsigned.body()));
        return new Receipt(unsigned.promiseDigest, unsigned.signer, issuedAt, unsigned.publicTerms,
                unsigned.terms, sig);
    }

    private byte[] body() {
        WireWriter w = new WireWriter().magic(MAGIC).u8(1).bytes(promiseDigest).bytes(signer).u64(issuedAt)
                .utf8(publicTerms);
        SignedTerms.writeTerms(w, terms);
        return w.toBytes();
    }

    public byte[] toBytes() {
        return new WireWriter().bytes(body()).bytes(signature).toBytes();
    }

    public static Receipt fromBytes(byte[] b) {
        WireReader r = new WireReader("Receipt", b);
        r.magic(MAGIC);
        if (r.u8("version") != 1) {
            throw new MalformedInputException("Receipt.version", "unsupported version");
        }
        byte[] digest = r.bytes("promiseDigest", 32);
        byte[] signer = r.bytes("signer", 32);
        long issuedAt = r.u64("issuedAt");
        String pub = r.utf8("publicTerms", PromiseLimits.MAX_PUBLIC_TERMS_BYTES);
        List<CommittedTerm> terms = SignedTerms.readTerms(r);
        byte[] sig = r.bytes("signature", 64);
        r.end();
        return new Receipt(digest, signer, issuedAt, pub, terms, sig);
    }

    /**
     * Checks that this receipt is for {@code promise} and signed by its beneficiary.
     *
     * @throws VerificationFailedException otherwise
     */
    public void verifyFor(Promise promise) {
        if (!Arrays.equals(promiseDigest, promise.digest())) {
            throw new VerificationFailedException("receipt refers to a different promise");
        }
        if (!Arrays.equals(signer, promise.beneficiary())) {
            throw new VerificationFailedException("receipt is not signed by the promise's beneficiary");
        }
        if (!AgentKeys.verify(signer, SignedTerms.signedMessage(DOMAIN, body()), signature)) {
            throw new VerificationFailedException("receipt signature does not verify");
        }
    }

    public byte[] digest() {
        return SignedTerms.sha256(toBytes());
    }

    public byte[] signer() {
        return signer.clone();
    }

    public long issuedAt() {
        return issuedAt;
    }

    public String publicTerms() {
        return publicTerms;
    }

    public List<CommittedTerm> terms() {
        return terms;
    }

    public CommittedTerm term(String name) {
        return SignedTerms.find(terms, name);
    }
}
