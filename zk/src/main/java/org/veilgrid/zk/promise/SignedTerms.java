package org.veilgrid.zk.promise;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;

/** Shared pieces of the signed documents (promise, receipt): term lists, digests, signing. */
final class SignedTerms {
    private SignedTerms() {
    }

    static void writeTerms(WireWriter w, List<CommittedTerm> terms) {
        w.u8(terms.size());
        for (CommittedTerm t : terms) {
            w.name(t.name()).point(t.commitment());
        }
    }

    static List<CommittedTerm> readTerms(WireReader r) {
        int n = r.u8("terms.count");
        if (n > PromiseLimits.MAX_TERMS) {
            throw new MalformedInputException("terms", "more than " + PromiseLimits.MAX_TERMS);
        }
        List<CommittedTerm> terms = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String name = r.name("term.name");
            if (!seen.add(name)) {
                throw new MalformedInputException("terms", "duplicate term '" + name + "'");
            }
            terms.add(new CommittedTerm(name, r.point("term.commitment")));
        }
        return List.copyOf(terms);
    }

    static List<CommittedTerm> checkTerms(List<CommittedTerm> terms) {
        if (terms.size() > PromiseLimits.MAX_TERMS) {
            throw new ParameterException("at most " + PromiseLimits.MAX_TERMS + " committed terms");
        }
        Set<String> seen = new HashSet<>();
        for (CommittedTerm t : terms) {
            if (!seen.add(t.name())) {
                throw new ParameterException("duplicate term '" + t.name() + "'");
            }
        }
        return List.copyOf(terms);
    }

    static String checkPublicTerms(String s) {
        if (s.getBytes(StandardCharsets.UTF_8).length > PromiseLimits.MAX_PUBLIC_TERMS_BYTES) {
            throw new ParameterException("public terms exceed " + PromiseLimits.MAX_PUBLIC_TERMS_BYTES + " bytes");
        }
        return s;
    }

    static byte[] signedMessage(String domain, byte[] body) {
        byte[] d = domain.getBytes(StandardCharsets.US_ASCII);
        byte[] m = new byte[d.length + 1 + body.length];
        System.arraycopy(d, 0, m, 0, d.length);
        System.arraycopy(body, 0, m, d.length + 1, body.length);
        return m;
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    static CommittedTerm find(List<CommittedTerm> terms, String name) {
        for (CommittedTerm t : terms) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
