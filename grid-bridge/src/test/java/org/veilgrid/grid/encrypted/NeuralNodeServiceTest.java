package org.veilgrid.grid.encrypted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.fhe.ckks.CkksCodec;
import org.veilgrid.fhe.ckks.GaloisKeys;
import org.veilgrid.grid.model.NeuralByteModel;
import org.veilgrid.grid.model.NeuralTrainer;
import org.veilgrid.grid.protocol.NeuralCompletion;
import org.veilgrid.grid.protocol.NeuralCompletion.KeyKind;

/** The node's checks on key uploads and requests, and its bounded key cache. */
class NeuralNodeServiceTest {
    private static NeuralNodeService service;
    private static NeuralQueryClient client;
    private static NeuralQueryClient other;

    @BeforeAll
    static void setUp() {
        byte[] text = "to be or not to be, that is the question; whether tis nobler in the mind to suffer. "
                .repeat(20).getBytes(StandardCharsets.US_ASCII);
        NeuralTrainer.Settings d = NeuralTrainer.Settings.defaults(1, 5);
        NeuralByteModel model = NeuralTrainer.train(text, text.length, new NeuralTrainer.Settings(8, 16, 1, d.batch(), d.learningRate(), 5, 1), null);
        service = new NeuralNodeService(model, Parallelism.singleThread(), 2);
        client = new NeuralQueryClient(service.model().layout());
        other = new NeuralQueryClient(service.model().layout());
    }

    private static byte[] part(NeuralQueryClient c, KeyKind kind, byte[] key) {
        return new NeuralCompletion.KeyPart(c.evaluationKeys().publicKey().keyId().bytes(), kind, key).encode();
    }

    private static byte[] id(NeuralQueryClient c) {
        return c.evaluationKeys().publicKey().keyId().bytes();
    }

    @Test
    void aCompleteUploadIsStoredAndAnswersRequests() {
        NeuralEvaluationKeys k = client.evaluationKeys();
        NeuralNodeService.Upload u = service.upload();
        u.accept(part(client, KeyKind.PUBLIC, CkksCodec.encode(k.publicKey())));
        u.accept(part(client, KeyKind.RELINEARIZATION, CkksCodec.encode(k.relinKeys())));
        for (GaloisKeys g : k.galoisKeys().perElement()) {
            u.accept(part(client, KeyKind.GALOIS, CkksCodec.encode(g)));
        }
        NeuralCompletion.KeysStored stored = NeuralCompletion.KeysStored.decode(u.finish());
        assertEquals(service.model().layout().rotationSteps().size(), stored.galoisElements());
        byte[] answer = service.answer(new NeuralCompletion.Request(id(client), CkksCodec.encode(client.query("abc".getBytes())), null));
        assertTrue(answer.length <= NeuralCompletion.MAX_ANSWER_BYTES, answer.length + " bytes");
        // A query under another key than the request names.
        assertThrows(ParameterException.class, () -> service.answer(new NeuralCompletion.Request(id(client),
                CkksCodec.encode(other.query("abc".getBytes())), null)));
        // Garbage where the ciphertext goes.
        assertThrows(MalformedInputException.class, () -> service.answer(new NeuralCompletion.Request(id(client), new byte[] {1, 2},
                null)));
    }

    @Test
    void uploadsMixingKeysRepeatingOrMissingPartsAreRefusedNamingWhy() {
        NeuralEvaluationKeys k = client.evaluationKeys();
        NeuralNodeService.Upload repeat = service.upload();
        repeat.accept(part(client, KeyKind.PUBLIC, CkksCodec.encode(k.publicKey())));
        assertThrows(ParameterException.class, () -> repeat.accept(part(client, KeyKind.PUBLIC, CkksCodec.encode(k.publicKey()))));

        NeuralNodeService.Upload mixed = service.upload();
        mixed.accept(part(client, KeyKind.PUBLIC, CkksCodec.encode(k.publicKey())));
        ParameterException e = assertThrows(ParameterException.class, () -> mixed.accept(part(other, KeyKind.RELINEARIZATION,
                CkksCodec.encode(other.evaluationKeys().relinKeys()))));
        assertTrue(e.getMessage().contains("key id"), e.getMessage());
        // A part claiming this client's id but carrying another client's key.
        NeuralNodeService.Upload forged = service.upload();
        assertThrows(ParameterException.class, () -> forged.accept(part(client, KeyKind.PUBLIC,
                CkksCodec.encode(other.evaluationKeys().publicKey()))));

        NeuralNodeService.Upload missing = service.upload();
        missing.accept(part(client, KeyKind.PUBLIC, CkksCodec.encode(k.publicKey())));
        missing.accept(part(client, KeyKind.RELINEARIZATION, CkksCodec.encode(k.relinKeys())));
        List<GaloisKeys> each = k.galoisKeys().perElement();
        for (GaloisKeys g : each.subList(1, each.size())) {
            missing.accept(part(client, KeyKind.GALOIS, CkksCodec.encode(g)));
        }
        e = assertThrows(ParameterException.class, missing::finish);
        assertTrue(e.getMessage().contains("lacks the Galois keys"), e.getMessage());
        // The same element twice is refused at the join.
        NeuralNodeService.Upload twice = service.upload();
        twice.accept(part(client, KeyKind.PUBLIC, CkksCodec.encode(k.publicKey())));
        twice.accept(part(client, KeyKind.RELINEARIZATION, CkksCodec.encode(k.relinKeys())));
        twice.accept(part(client, KeyKind.GALOIS, CkksCodec.encode(each.get(0))));
        twice.accept(part(client, KeyKind.GALOIS, CkksCodec.encode(each.get(0))));
        assertThrows(ParameterException.class, twice::finish);
        assertThrows(ParameterException.class, () -> service.upload().finish());
    }

    @Test
    void theCacheKeepsTheMostRecentlyUsedSetsAndRequestsForEvictedKeysAreRefused() {
        EvaluationKeyCache cache = new EvaluationKeyCache(2);
        NeuralEvaluationKeys a = client.evaluationKeys();
        NeuralEvaluationKeys b = other.evaluationKeys();
        cache.put(new byte[] {1}, a);
        cache.put(new byte[] {2}, b);
        assertSame(a, cache.get(new byte[] {1})); // 1 is now the most recent
        cache.put(new byte[] {3}, a);
        assertNull(cache.get(new byte[] {2}));
        assertSame(a, cache.get(new byte[] {1}));
        assertEquals(1, cache.evictions());
        assertThrows(ParameterException.class, () -> new EvaluationKeyCache(0));
        UnknownKeyException u = assertThrows(UnknownKeyException.class, () -> service.answer(new NeuralCompletion.Request(
                new byte[16], CkksCodec.encode(client.query("x".getBytes())), null)));
        assertTrue(u.getMessage().contains("upload them"), u.getMessage());
    }
}
