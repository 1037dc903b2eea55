package org.veilgrid.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.InvalidEncodingException;
import cafe.cryptography.curve25519.RistrettoElement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.veilgrid.kernels.CurveKernels;
import org.veilgrid.zk.group.RistrettoPoint;

/**
 * Ristretto255 decoding and encoding (RFC 9496): the curve kernels' native code and Java twin on
 * packed points, zk's {@link RistrettoPoint} API over them ("api": bytes to a point object,
 * whatever backend loaded), and curve25519-elisabeth 0.1.0 (pure Java). libsodium's figures come
 * from ../shared/peers/native/run.sh.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RistrettoCodecBenchmark {

    /** native, java (our twin), api (RistrettoPoint.decode / a fresh point's encode) or elisabeth. */
    @Param({"native", "java", "api", "elisabeth"})
    public String impl;

    private CurveKernels kernels;
    private byte[] encoding;
    private long[] packed;
    private RistrettoPoint point;
    private RistrettoElement theirs;
    private final long[] out = new long[20];
    private final byte[] bytes = new byte[32];

    @Setup
    public void setup() throws InvalidEncodingException {
        point = RistrettoPoint.random(new SecureRandom());
        encoding = point.encode();
        packed = new long[20];
        point.pack(packed, 0);
        theirs = new CompressedRistretto(encoding).decompress();
        switch (impl) {
            case "native" -> kernels = CurveKernels.nativeKernels()
                    .orElseThrow(() -> new IllegalStateException("native kernels not loaded"));
            case "java" -> kernels = CurveKernels.java();
            case "api", "elisabeth" -> kernels = null;
            default -> throw new IllegalArgumentException("impl must be native, java, api or elisabeth");
        }
    }

    /** 32 bytes to a point, rejecting non-canonical encodings. */
    @Benchmark
    public Object decode() throws InvalidEncodingException {
        if (kernels != null) {
            if (!kernels.ristrettoDecode(encoding, 0, out)) {
                throw new IllegalStateException("valid encoding rejected");
            }
            return out;
        }
        if (impl.equals("api")) {
            return RistrettoPoint.decode(encoding);
        }
        return new CompressedRistretto(encoding).decompress();
    }

    /** A point (not yet encoded) to its 32 bytes. */
    @Benchmark
    public Object encode() {
        if (kernels != null) {
            kernels.ristrettoEncode(packed, bytes, 0);
            return bytes;
        }
        if (impl.equals("api")) {
            // unpack gives a point that has not cached its encoding
            return RistrettoPoint.unpack(packed, 0).encode();
        }
        return theirs.compress();
    }
}
