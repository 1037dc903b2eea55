package org.veilgrid.zk.promise;

import org.veilgrid.core.errors.ParameterException;

/** Term names: 1 to 32 characters of [a-z0-9_], so they print and compare unambiguously. */
final class Names {
    /** The longest name. */
    static final int MAX_LENGTH = 32;

    private Names() {
    }

    static boolean valid(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static String check(String s) {
        if (!valid(s)) {
            throw new ParameterException("term name '" + s + "' must be 1 to 32 characters of [a-z0-9_]");
        }
        return s;
    }
}
