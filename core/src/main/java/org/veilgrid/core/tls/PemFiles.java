package org.veilgrid.core.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.io.LocalFiles;
import org.veilgrid.core.errors.ParameterException;

/**
 * Reads and writes the PEM files of a local CA and its parties ({@code ca.pem}, {@code ca.key},
 * {@code <party>.pem}, {@code <party>.key}).
 *
 * <p>PEM because openssl, curl, grpcurl and netty all read it, so an operator can inspect and
 * reuse what {@code veil} generated. Keys are unencrypted PKCS#8 ({@code PRIVATE KEY}) — these
 * are local, throw-away identities — and are written owner-readable only where the file system
 * supports POSIX permissions.
 *
 * <p>Every file read is treated as untrusted input: size, character set and structure are checked
 * and anything off is a {@link MalformedInputException} naming the file. For key files the
 * parser's own exception is not attached as a cause, because a parser message could echo key
 * bytes.
 */
final class PemFiles {

    /** Far above any certificate chain or key Veilgrid writes; stops a huge file early. */
    static final int MAX_FILE_BYTES = 1 << 20;

    private PemFiles() {
    }

    /** Reads one or more certificates (leaf first for a chain). */
    static List<X509Certificate> readCertificates(Path file) {
        String where = file.toString();
        List<Object> objects = parse(file, false);
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            Object object = objects.get(i);
            if (!(object instanceof X509CertificateHolder)) {
                throw new MalformedInputException(where + " (PEM object " + (i + 1) + ")",
                        "expected a CERTIFICATE but found " + describe(object));
            }
            try {
                certificates.add(converter.getCertificate((X509CertificateHolder) object));
            } catch (CertificateException e) {
                throw new MalformedInputException(where + " (PEM object " + (i + 1) + ")",
                        "certificate does not decode", e);
            }
        }
        return certificates;
    }

    /** Reads exactly one unencrypted private key (PKCS#8, or a traditional OpenSSL key pair). */
    static PrivateKey readPrivateKey(Path file) {
        String where = file.toString();
        List<Object> objects = parse(file, true);
        if (objects.size() != 1) {
            throw new MalformedInputException(where,
                    "expected exactly 1 PEM object (a private key) but found " + objects.size());
        }
        Object object = objects.get(0);
        if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
            throw new ParameterException(where + ": encrypted private keys are not supported");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (object instanceof PrivateKeyInfo) {
                return converter.getPrivateKey((PrivateKeyInfo) object);
            }
            if (object instanceof PEMKeyPair) {
                return converter.getKeyPair((PEMKeyPair) object).getPrivate();
            }
        } catch (PEMException | RuntimeException e) {
            throw new MalformedInputException(where,
                    "private key does not decode (" + e.getClass().getSimpleName() + ")");
        }
        throw new MalformedInputException(where,
                "expected a PRIVATE KEY but found " + describe(object));
    }

    /** Writes certificates as consecutive PEM blocks, world-readable (they are public). */
    static void writeCertificates(Path file, List<X509Certificate> certificates) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode certificates for " + file, e);
        }
        write(file, text.toString(), false);
    }

    /** Writes a private key as unencrypted PKCS#8, readable by its owner only where possible. */
    static void writePrivateKey(Path file, PrivateKey key) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            // Deliberately no cause: it could describe the key.
            throw new ParameterException("cannot encode the private key for " + file);
        }
        write(file, text.toString(), true);
    }

    private static List<Object> parse(Path file, boolean secret) {
        String where = file.toString();
        byte[] bytes = readBounded(file);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < 0) {
                throw new MalformedInputException(where,
                        "non-ASCII byte at offset " + i + "; PEM is ASCII text");
            }
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(
                new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            String what = "not valid PEM after " + objects.size() + " complete object(s): "
                    + (secret ? e.getClass().getSimpleName() : e.getMessage());
            throw new MalformedInputException(where, what, secret ? null : e);
        }
        if (objects.isEmpty()) {
            throw new MalformedInputException(where, "no PEM object found");
        }
        return objects;
    }

    private static byte[] readBounded(Path file) {
        return LocalFiles.readBounded(file, MAX_FILE_BYTES);
    }

    private static void write(Path file, String text, boolean secret) {
        LocalFiles.write(file, text.getBytes(StandardCharsets.US_ASCII), secret);
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName();
    }
}
