package org.veilgrid.examples.demo;

import java.util.SplittableRandom;

/**
 * What steps share: the project version and one source of randomness for test data (not for
 * keys: steps that need secrets use SecureRandom themselves).
 */
public final class DemoContext {
    private final String veilVersion;
    private final SplittableRandom random;

    public DemoContext(String veilVersion, SplittableRandom random) {
        this.veilVersion = veilVersion;
        this.random = random;
    }

    public String veilVersion() {
        return veilVersion;
    }

    public SplittableRandom random() {
        return random;
    }
}
