package org.veilgrid.core.tls;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.veilgrid.core.errors.VeilException;

/**
 * Feeds arbitrary bytes to the PEM readers: the only acceptable failures are Veilgrid's typed
 * exceptions. Under plain {@code mvn verify} this runs the stored inputs as a regression test;
 * {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=PemFuzzTest} fuzzes for real.
 */
class PemFuzzTest {
    private static Path scratch;

    private static synchronized Path scratchFile() {
        try {
            if (scratch == null) {
                scratch = Files.createTempFile("veil-pem-fuzz", ".pem");
                scratch.toFile().deleteOnExit();
            }
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void pemReadersFailOnlyWithTypedErrors(FuzzedDataProvider data) throws IOException {
        boolean asKey = data.consumeBoolean();
        byte[] bytes = data.consumeRemainingAsBytes();
        Path file = scratchFile();
        Files.write(file, bytes);
        try {
            if (asKey) {
                PemFiles.readPrivateKey(file);
            } else {
                PemFiles.readCertificates(file);
            }
        } catch (VeilException expected) {
            // Rejected with a typed error: exactly what a decoder must do.
        }
    }
}
