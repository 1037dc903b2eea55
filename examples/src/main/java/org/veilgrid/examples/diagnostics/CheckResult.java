package org.veilgrid.examples.diagnostics;

/**
 * The outcome of one self-check: whether it passed and a one-line account of what was compared
 * (never any secret: the checks run on fresh random data).
 *
 * @param ok     whether every comparison held
 * @param detail what was checked, or which comparison failed and where
 */
public record CheckResult(boolean ok, String detail) {

    /** "ok" or "MISMATCH", the word {@code veil doctor} reports. */
    public String status() {
        return ok ? "ok" : "MISMATCH";
    }
}
