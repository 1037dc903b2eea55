package org.veilgrid.bench;

import java.util.ArrayDeque;
import java.util.Deque;

import dk.alexandra.fresco.framework.builder.numeric.field.FieldDefinition;
import dk.alexandra.fresco.framework.builder.numeric.field.FieldElement;
import dk.alexandra.fresco.suite.spdz.datatypes.SpdzInputMask;
import dk.alexandra.fresco.suite.spdz.datatypes.SpdzSInt;
import dk.alexandra.fresco.suite.spdz.datatypes.SpdzTriple;
import dk.alexandra.fresco.suite.spdz.storage.SpdzDataSupplier;

/**
 * One party's SPDZ preprocessing, drawn ahead of time from FRESCO's dummy supplier so that a timed
 * operation consumes stored triples and bits instead of generating them: the benchmark measures
 * SPDZ's online phase alone, as a deployment with real (MASCOT or SPDZ offline) preprocessing
 * would run it. {@link #fill} is called between timed operations with the counts that
 * {@link #consumed} reported for one operation; every party fills the same counts in the same
 * order, so the parties' queues stay shares of the same values. A request beyond what was filled
 * falls through to the dummy supplier (same values, only slower) and is counted in
 * {@link #fallThroughs}.
 */
final class PrecomputedSpdzSupplier implements SpdzDataSupplier {

    /** What one operation took from the supplier, per kind. */
    record Counts(long triples, long bits, long randomElements, long expPipes, long inputMasks) {
        long total() {
            return triples + bits + randomElements + expPipes + inputMasks;
        }
    }

    private final SpdzDataSupplier source;
    private final Deque<SpdzTriple> triples = new ArrayDeque<>();
    private final Deque<SpdzSInt> bits = new ArrayDeque<>();
    private final Deque<SpdzSInt> randomElements = new ArrayDeque<>();
    private final Deque<SpdzSInt[]> expPipes = new ArrayDeque<>();
    private long tripleCount;
    private long bitCount;
    private long randomCount;
    private long expPipeCount;
    private long inputMaskCount;
    private long fallThroughs;

    PrecomputedSpdzSupplier(SpdzDataSupplier source) {
        this.source = source;
    }

    /** Draws these amounts from the dummy supplier now, ahead of the operation that uses them. */
    void fill(Counts counts) {
        for (long k = 0; k < counts.triples(); k++) {
            triples.add(source.getNextTriple());
        }
        for (long k = 0; k < counts.bits(); k++) {
            bits.add(source.getNextBit());
        }
        for (long k = 0; k < counts.randomElements(); k++) {
            randomElements.add(source.getNextRandomFieldElement());
        }
        for (long k = 0; k < counts.expPipes(); k++) {
            expPipes.add(source.getNextExpPipe());
        }
    }

    /**
     * Fails if an operation left filled values unused: the counts from {@link #consumed} would
     * then be wrong, and the next operation would draw values meant for this one.
     */
    void requireDrained() {
        if (!triples.isEmpty() || !bits.isEmpty() || !randomElements.isEmpty() || !expPipes.isEmpty()) {
            throw new IllegalStateException("an operation left preprocessed values unused: "
                    + triples.size() + " triples, " + bits.size() + " bits, " + randomElements.size()
                    + " random elements, " + expPipes.size() + " exponentiation pipes");
        }
    }

    /** Counts taken since the last call, and resets them. */
    Counts consumed() {
        Counts c = new Counts(tripleCount, bitCount, randomCount, expPipeCount, inputMaskCount);
        tripleCount = bitCount = randomCount = expPipeCount = inputMaskCount = 0;
        return c;
    }

    long fallThroughs() {
        return fallThroughs;
    }

    void resetFallThroughs() {
        fallThroughs = 0;
    }

    @Override
    public SpdzTriple getNextTriple() {
        tripleCount++;
        SpdzTriple t = triples.poll();
        return t != null ? t : fallThrough(source.getNextTriple());
    }

    @Override
    public SpdzSInt[] getNextExpPipe() {
        expPipeCount++;
        SpdzSInt[] p = expPipes.poll();
        return p != null ? p : fallThrough(source.getNextExpPipe());
    }

    /** Input masks are not pre-drawn: the benchmarks input their operands once, in setup. */
    @Override
    public SpdzInputMask getNextInputMask(int towardPlayerId) {
        inputMaskCount++;
        return source.getNextInputMask(towardPlayerId);
    }

    @Override
    public SpdzSInt getNextBit() {
        bitCount++;
        SpdzSInt b = bits.poll();
        return b != null ? b : fallThrough(source.getNextBit());
    }

    @Override
    public FieldDefinition getFieldDefinition() {
        return source.getFieldDefinition();
    }

    @Override
    public FieldElement getSecretSharedKey() {
        return source.getSecretSharedKey();
    }

    @Override
    public SpdzSInt getNextRandomFieldElement() {
        randomCount++;
        SpdzSInt r = randomElements.poll();
        return r != null ? r : fallThrough(source.getNextRandomFieldElement());
    }

    private <T> T fallThrough(T value) {
        fallThroughs++;
        return value;
    }
}
