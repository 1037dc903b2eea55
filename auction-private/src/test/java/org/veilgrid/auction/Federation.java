package org.veilgrid.auction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.veilgrid.core.federation.IdentityFolder;
import org.veilgrid.core.federation.Role;
import org.veilgrid.core.federation.Roster;

/** Test federations: participants that each made their own identity folder, and their roster. */
final class Federation {
    final Map<String, IdentityFolder> members = new TreeMap<>();
    final Roster roster;

    private Federation(List<IdentityFolder> folders) {
        folders.forEach(f -> members.put(f.card().name(), f));
        roster = Roster.of(folders.stream().map(IdentityFolder::card).toList());
    }

    /** {@code parties} compute parties on free loopback ports and the named institutions. */
    static Federation of(Path dir, int parties, List<String> institutions) {
        SecureRandom rng = new SecureRandom();
        List<IdentityFolder> folders = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            folders.add(IdentityFolder.init(dir.resolve("party-" + i), "party-" + i, Role.COMPUTE_PARTY,
                    "party-" + i + ".test", freePort(), List.of("127.0.0.1"), rng));
        }
        for (String inst : institutions) {
            folders.add(IdentityFolder.init(dir.resolve(inst), inst, Role.INSTITUTION, inst + ".test", 0, rng));
        }
        return new Federation(folders);
    }

    IdentityFolder member(String name) {
        return members.get(name);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
