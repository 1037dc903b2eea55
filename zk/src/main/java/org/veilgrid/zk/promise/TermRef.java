package org.veilgrid.zk.promise;

import org.veilgrid.core.errors.ParameterException;

/** A committed term of the promise or of the receipt, by name. */
public record TermRef(Source source, String name) {
    /** Which signed document holds the term. */
    public enum Source {
        PROMISE, RECEIPT
    }

    public TermRef {
        Names.check(name);
        if (source == null) {
            throw new ParameterException("term source missing");
        }
    }

    public static TermRef promise(String name) {
        return new TermRef(Source.PROMISE, name);
    }

    public static TermRef receipt(String name) {
        return new TermRef(Source.RECEIPT, name);
    }

    /** Parses "promise.NAME" or "receipt.NAME". */
    public static TermRef parse(String s) {
        int dot = s.indexOf('.');
        if (dot < 0) {
            throw new ParameterException("term '" + s + "' must be promise.NAME or receipt.NAME");
        }
        String src = s.substring(0, dot);
        String name = s.substring(dot + 1);
        if (src.equals("promise")) {
            return promise(name);
        }
        if (src.equals("receipt")) {
            return receipt(name);
        }
        throw new ParameterException("term '" + s + "' must be promise.NAME or receipt.NAME");
    }

    @Override
    public String toString() {
        return (source == Source.PROMISE ? "promise." : "receipt.") + name;
    }
}
