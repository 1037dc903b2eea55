package org.veilgrid.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.veilgrid.examples.diagnostics.DoctorReport;
import org.veilgrid.kernels.NativeLibrary;
import org.veilgrid.kernels.NativeStatus;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code veil --version}: the project version (from veil-version.properties, which the Maven
 * build fills in, else the jar manifest's Implementation-Version), the Java runtime, and the
 * native kernels in use.
 */
public final class VersionProvider implements IVersionProvider {
    private static final String RESOURCE = "veil-version.properties";

    /** The project version, e.g. "0.1.0-SNAPSHOT", or "unknown" outside a Maven-built tree. */
    public static String projectVersion() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "").trim();
                if (!v.isEmpty() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "unknown" : v;
    }

    @Override
    public String[] getVersion() {
        NativeStatus st = NativeLibrary.status();
        String nativeLine = "native kernels: " + DoctorReport.nativeSummary(st)
                + st.libraryPath().map(p -> " from " + p).orElse("");
        return new String[] {
            "veil " + projectVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
                    + System.getProperty("java.home"),
            nativeLine
        };
    }
}
