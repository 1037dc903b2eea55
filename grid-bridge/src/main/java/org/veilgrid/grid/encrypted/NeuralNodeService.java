package org.veilgrid.grid.encrypted;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.fhe.Parallelism;
import org.veilgrid.fhe.ckks.Ciphertext;
import org.veilgrid.fhe.ckks.CkksCodec;
import org.veilgrid.fhe.ckks.CkksContext;
import org.veilgrid.fhe.ckks.GaloisKeys;
import org.veilgrid.fhe.ckks.KeyId;
import org.veilgrid.fhe.ckks.PublicKey;
import org.veilgrid.fhe.ckks.RelinKeys;
import org.veilgrid.grid.model.NeuralByteModel;
import org.veilgrid.grid.protocol.NeuralCompletion;

/**
 * A node's side of encrypted-neural-completion-1 without the transport: its {@link
 * EncryptedNeuralModel}, the model description it publishes, the assembly of key uploads into its
 * {@link EvaluationKeyCache}, and the answer to a request (decode, check, evaluate, flood,
 * encode). The gRPC node only moves bytes; a loopback test or another transport uses this as is.
 * Thread-safe: evaluations of different requests run concurrently.
 */
public final class NeuralNodeService {
    private final NeuralByteModel plain;
    private final EncryptedNeuralModel model;
    private final CkksContext context;
    private final EvaluationKeyCache cache;
    private final byte[] description;

    /**
     * Prepares the model (weights encoded, flood calibrated: a few seconds at H = 256).
     *
     * @param maxKeySets how many clients' evaluation keys to keep (about 0.2 GB each)
     */
    public NeuralNodeService(NeuralByteModel model, Parallelism parallelism, int maxKeySets) {
        this.plain = Objects.requireNonNull(model, "model");
        this.model = new EncryptedNeuralModel(model, parallelism);
        this.context = NeuralLayout.context();
        this.cache = new EvaluationKeyCache(maxKeySets);
        NeuralLayout layout = this.model.layout();
        this.description = new NeuralCompletion.Model(CkksCodec.encode(context.parameters()), layout.contextBytes(),
                layout.hiddenUnits(), this.model.floodBits()).encode();
    }

    /** The model message this node publishes (parameters, shape, flood). */
    public byte[] description() {
        return description.clone();
    }

    public EncryptedNeuralModel model() {
        return model;
    }

    /** The network itself, for plaintext completions. */
    public NeuralByteModel plain() {
        return plain;
    }

    public EvaluationKeyCache cache() {
        return cache;
    }

    /** Starts assembling one client's upload. */
    public Upload upload() {
        return new Upload();
    }

    /**
     * One key upload in progress: parts in any order, each checked as it arrives; {@link #finish}
     * stores the set once it is complete.
     */
    public final class Upload {
        private byte[] keyId;
        private PublicKey publicKey;
        private RelinKeys relinKeys;
        private final List<GaloisKeys> galois = new ArrayList<>();
        private int elements;

        private Upload() {
        }

        /**
         * Reads one key part.
         *
         * @throws MalformedInputException if the part or its key does not decode
         * @throws ParameterException if it names another key id than the parts before, its key
         *     is not that id's, it repeats a key, or it brings more Galois elements than the
         *     layout uses
         */
        public void accept(byte[] item) {
            NeuralCompletion.KeyPart part = NeuralCompletion.KeyPart.decode(item);
            byte[] id = part.keyId();
            if (keyId == null) {
                keyId = id;
            } else if (!Arrays.equals(keyId, id)) {
                throw new ParameterException("a key upload carries one key id; a part names another");
            }
            KeyId carried;
            switch (part.kind()) {
                case PUBLIC -> {
                    if (publicKey != null) {
                        throw new ParameterException("the upload repeats the public key");
                    }
                    publicKey = CkksCodec.decodePublicKey(context, part.key());
                    carried = publicKey.keyId();
                }
                case RELINEARIZATION -> {
                    if (relinKeys != null) {
                        throw new ParameterException("the upload repeats the relinearization keys");
                    }
                    relinKeys = CkksCodec.decodeRelinKeys(context, part.key());
                    carried = relinKeys.keyId();
                }
                default -> {
                    GaloisKeys g = CkksCodec.decodeGaloisKeys(context, part.key(), 1);
                    elements += g.size();
                    if (elements > model.layout().rotationSteps().size()) {
                        throw new ParameterException("the upload brings more Galois keys than the " + model.layout().rotationSteps().size()
                                + " rotations this model uses");
                    }
                    galois.add(g);
                    carried = g.keyId();
                }
            }
            if (!Arrays.equals(carried.bytes(), keyId)) {
                throw new ParameterException("a key part's key belongs to another key id than the upload's");
            }
        }

        /**
         * Stores the complete set.
         *
         * @return the keys-stored message
         * @throws ParameterException naming what is missing
         */
        public byte[] finish() {
            if (keyId == null || publicKey == null || relinKeys == null || galois.isEmpty()) {
                throw new ParameterException("the upload is incomplete: it needs the public key, the relinearization keys"
                        + " and the Galois keys of rotations " + model.layout().rotationSteps());
            }
            GaloisKeys gk = GaloisKeys.union(galois);
            TreeSet<Integer> missing = new TreeSet<>(model.layout().rotationSteps());
            missing.removeAll(gk.rotationSteps());
            if (!missing.isEmpty()) {
                throw new ParameterException("the upload lacks the Galois keys of rotations " + missing);
            }
            cache.put(keyId, new NeuralEvaluationKeys(publicKey, relinKeys, gk));
            return new NeuralCompletion.KeysStored(keyId, gk.size()).encode();
        }
    }

    /**
     * The flooded answer ciphertext's encoding for a request.
     *
     * @throws UnknownKeyException if the node holds no keys for the request's key id
     * @throws MalformedInputException if the query does not decode under the parameters
     * @throws ParameterException if the query is not a fresh level-0 ciphertext at the query
     *     scale under the request's key id
     */
    public byte[] answer(NeuralCompletion.Request request) {
        NeuralEvaluationKeys keys = cache.get(request.keyId());
        if (keys == null) {
            throw new UnknownKeyException("this node holds no evaluation keys for key id "
                    + java.util.HexFormat.of().formatHex(request.keyId()) + ": upload them");
        }
        Ciphertext query = CkksCodec.decodeCiphertext(context, request.query());
        if (!Arrays.equals(query.keyId().bytes(), request.keyId())) {
            throw new ParameterException("the query is encrypted under another key than the request names");
        }
        return CkksCodec.encode(model.evaluate(query, keys));
    }

    @Override
    public String toString() {
        return "NeuralNodeService(" + model + ", " + cache.size() + "/" + cache.capacity() + " key sets)";
    }
}
