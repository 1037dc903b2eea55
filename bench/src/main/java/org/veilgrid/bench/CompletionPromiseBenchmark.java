package org.veilgrid.bench;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.grid.promise.CompletionPromise;
import org.veilgrid.grid.protocol.ByteCompletion;

/**
 * A node's completion promise as COSE_Sign1 over deterministic CBOR (BouncyCastle Ed25519): signing
 * one for a request (hashing the request, encoding the statement and the protected header,
 * signing), verifying one against the pinned key (strict decoding, header checks, signature), and
 * both in a row, as one completion costs a node and its client. Issue #14's target: sign + verify
 * at most 150 µs together.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CompletionPromiseBenchmark {
    private AgentKey node;
    private AgentPublicKey pinned;
    private byte[] request;
    private byte[] promise;
    private byte[] bareMessage;

    @Setup
    public void setup() {
        node = AgentKey.generate(new SecureRandom());
        pinned = node.publicKey();
        request = new ByteCompletion.Request("that government of the peo".getBytes(StandardCharsets.US_ASCII), 16, null).encode();
        promise = sign().toBytes();
        bareMessage = new byte[promise.length];
    }

    private CompletionPromise sign() {
        return CompletionPromise.make(node, request, 1, "VEIL", 1_800_000_000_000L);
    }

    @Benchmark
    public CompletionPromise signPromise() {
        return sign();
    }

    @Benchmark
    public CompletionPromise verifyPromise() {
        return CompletionPromise.verify(promise, pinned);
    }

    @Benchmark
    public CompletionPromise signAndVerifyPromise() {
        return CompletionPromise.verify(sign().toBytes(), pinned);
    }

    /**
     * The floor, measured in the same run: BouncyCastle's Ed25519 alone, signing and verifying a
     * message as long as the promise's Sig_structure. What {@link #signAndVerifyPromise} adds to
     * it is the cost of COSE and CBOR.
     */
    @Benchmark
    public boolean bareEd25519SignAndVerify() {
        byte[] signature = node.sign(bareMessage);
        return pinned.verifies(bareMessage, signature);
    }
}
