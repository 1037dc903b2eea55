package org.veilgrid.examples.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports for tests that start servers at consecutive ports (a setup folder's parties). */
final class TestPorts {
    private TestPorts() {
    }

    /** A port p such that p … p + count − 1 were all free a moment ago. */
    static int freeRun(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int p;
            try (ServerSocket s = new ServerSocket(0)) {
                p = s.getLocalPort();
            }
            if (p + count - 1 > 65535) {
                continue;
            }
            List<ServerSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < count; i++) {
                    held.add(new ServerSocket(p + i));
                }
                return p;
            } catch (IOException taken) {
                // one of them is in use: try another run
            } finally {
                for (ServerSocket s : held) {
                    s.close();
                }
            }
        }
        throw new IOException("no " + count + " consecutive free ports");
    }
}
