package org.veilgrid.zk.promise;

import java.security.SecureRandom;
import java.util.List;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.VerificationFailedException;

/**
 * A promise: an agent's signed statement with public terms (free text, e.g. what will be
 * completed) and private terms as Pedersen commitments (e.g. quantity, price limit, deadline),
 * addressed to a beneficiary who will later sign a {@link Receipt}.
 *
 * <p>Encoding: "VGPR" ‖ version (1) ‖ promiser key (32) ‖ beneficiary key (32) ‖ id (16) ‖
 * issued-at seconds (u64) ‖ public terms (u16 length ‖ UTF-8, ≤ 4096) ‖ term count (u8, ≤ 16) ‖
 * (name (u8 length ‖ [a-z0-9_]{1,32}) ‖ commitment (32))* ‖ Ed25519 signature (64) over
 * "veilgrid/zk/promise-v1" ‖ 0x00 ‖ everything before the signature.
 */
public final class Promise {
    static final String MAGIC = "VGPR";
    static final String DOMAIN = "veilgrid/zk/promise-v1";
    /** The longest valid encoding: a bound for reading promise files. */
    public static final int MAX_LENGTH = 4 + 1 + 32 + 32 + 16 + 8 + PromiseLimits.MAX_PUBLIC_TERMS_WIRE + 1
            + PromiseLimits.MAX_TERMS * PromiseLimits.MAX_TERM_WIRE + AgentKeys.SIGNATURE_LENGTH;

    private final byte[] promiser;
    private final byte[] beneficiary;
    private final byte[] id;
    private final long issuedAt;
    private final String publicTerms;
    private final List<CommittedTerm> terms;
    private final byte[] signature;

    private Promise(byte[] promiser, byte[] beneficiary, byte[] id, long issuedAt, String publicTerms,
                    List<CommittedTerm> terms, byte[] signature) {
        this.promiser = promiser;
        this.beneficiary = beneficiary;
        this.id = id;
        this.issuedAt = issuedAt;
        this.publicTerms = publicTerms;
        this.terms = terms;
        this.signature = signature;
    }

    /** Makes and signs a promise. */
    public static Promise make(AgentKeys promiser, byte[] beneficiaryKey, String publicTerms,
                               List<CommittedTerm> terms, long issuedAt, SecureRandom rng) {
        if (beneficiaryKey == null || beneficiaryKey.length != AgentKeys.PUBLIC_LENGTH) {
            throw new org.veilgrid.core.errors.ParameterException("beneficiary key must be 32 bytes");
        }
        byte[] id = new byte[16];
        rng.nextBytes(id);
        Promise unsigned = new Promise(promiser.publicKey(), beneficiaryKey.clone(), id, issuedAt,
                SignedTerms.checkPublicTerms(publicTerms), SignedTerms.checkTerms(terms), null);
        byte[] sig = promiser.sign(SignedTerms.signedMessage(DOMAIN, unsigned.body()));
        return new Promise(unsigned.promiser, unsigned.beneficiary, id, issuedAt, unsigned.publicTerms,
                unsigned.terms, sig);
    }

    private byte[] body() {
        WireWriter w = new WireWriter().magic(MAGIC).u8(1).bytes(promiser).bytes(beneficiary).bytes(id)
                .u64(issuedAt).utf8(publicTerms);
        SignedTerms.writeTerms(w, terms);
        return w.toBytes();
    }

    public byte[] toBytes() {
        return new WireWriter().bytes(body()).bytes(signature).toBytes();
    }

    /** Strict decoding; the signature is checked by {@link #verifySignature}. */
    public static Promise fromBytes(byte[] b) {
        WireReader r = new WireReader("Promise", b);
        r.magic(MAGIC);
        if (r.u8("version") != 1) {
            throw new MalformedInputException("Promise.version", "unsupported version");
        }
        byte[] promiser = r.bytes("promiser", 32);
        byte[] beneficiary = r.bytes("beneficiary", 32);
        byte[] id = r.bytes("id", 16);
        long issuedAt = r.u64("issuedAt");
        String pub = r.utf8("publicTerms", PromiseLimits.MAX_PUBLIC_TERMS_BYTES);
        List<CommittedTerm> terms = SignedTerms.readTerms(r);
        byte[] sig = r.bytes("signature", 64);
        r.end();
        return new Promise(promiser, beneficiary, id, issuedAt, pub, terms, sig);
    }

    /** @throws VerificationFailedException unless the promiser's signature is valid */
    public void verifySignature() {
        if (!AgentKeys.verify(promiser, SignedTerms.signedMessage(DOMAIN, body()), signature)) {
            throw new VerificationFailedException("promise signature does not verify");
        }
    }

    /** SHA-256 of the encoding: how receipts and proofs refer to this promise. */
    public byte[] digest() {
        return SignedTerms.sha256(toBytes());
    }

    public byte[] promiser() {
        return promiser.clone();
    }

    public byte[] beneficiary() {
        return beneficiary.clone();
    }

    public byte[] id() {
        return id.clone();
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
