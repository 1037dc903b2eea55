package org.veilgrid.examples.demo;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.zk.promise.Claim;
import org.veilgrid.zk.promise.FulfilmentProof;
import org.veilgrid.zk.promise.Promise;
import org.veilgrid.zk.promise.Receipt;
import org.veilgrid.zk.promise.TermOpenings;
import org.veilgrid.zk.promise.TermRef;

/**
 * A promise proved kept: an agent promises to complete a request with private quantity and
 * price limit; the client signs a receipt with private delivered quantity and price paid; the
 * agent proves delivered ≥ promised and paid ≤ limit; a third party checks it from the public
 * documents only — and a false claim cannot be proved.
 */
public final class PromiseKeptStep implements DemoStep {
    @Override
    public String name() {
        return "promise proved kept";
    }

    @Override
    public StepResult run(DemoContext context) {
        SecureRandom rng = new SecureRandom();
        AgentKey agent = AgentKey.generate(rng);
        AgentKey client = AgentKey.generate(rng);
        long quantity = 1000 + context.random().nextInt(1000);
        long limit = 200 + context.random().nextInt(100);
        Map<String, Long> promised = new LinkedHashMap<>();
        promised.put("quantity", quantity);
        promised.put("price_limit", limit);
        TermOpenings po = TermOpenings.commit(promised, rng);
        Promise promise = Promise.make(agent, client.publicKey(), "complete request #42 (byte completion)",
                po.commitments(), 0, rng);
        Map<String, Long> got = new LinkedHashMap<>();
        got.put("delivered", quantity + context.random().nextInt(50));
        got.put("price_paid", limit - context.random().nextInt(50));
        TermOpenings ro = TermOpenings.commit(got, rng);
        Receipt receipt = Receipt.make(client, promise, "received", ro.commitments(), 1);
        List<Claim> claims = List.of(
                Claim.atLeast(TermRef.receipt("delivered"), TermRef.promise("quantity"), 32),
                Claim.atMost(TermRef.receipt("price_paid"), TermRef.promise("price_limit"), 32));
        long t0 = System.nanoTime();
        FulfilmentProof proof = FulfilmentProof.prove(promise, po, receipt, ro, claims, rng);
        long proveMicros = (System.nanoTime() - t0) / 1000;
        byte[] wire = proof.toBytes();
        // the verifier has only the three public encodings (the promise and the receipt are
        // COSE_Sign1, verified as they are read), and states the claims it requires
        t0 = System.nanoTime();
        FulfilmentProof.fromBytes(wire).verify(Promise.fromBytes(promise.toBytes()), Receipt.fromBytes(receipt.toBytes()),
                claims);
        long verifyMicros = (System.nanoTime() - t0) / 1000;
        boolean falseRefused;
        try {
            FulfilmentProof.prove(promise, po, receipt, ro, List.of(
                    Claim.atLeast(TermRef.promise("quantity"), TermRef.receipt("delivered"), 32)), rng);
            falseRefused = got.get("delivered") == quantity; // equal values make the reverse claim true
        } catch (org.veilgrid.core.errors.ParameterException expected) {
            falseRefused = true;
        }
        boolean ok = falseRefused;
        String summary = "promise kept: delivered >= promised, paid <= limit, proved and verified"
                + (ok ? "" : " (but a false claim was accepted)");
        return new StepResult(ok, summary,
                "Bulletproofs on Ristretto255: " + wire.length + "-byte proof, no private number revealed",
                Map.of("proofBytes", wire.length, "promiseBytes", promise.toBytes().length, "claims", claims.size(),
                        "proveMicros", proveMicros, "verifyMicros", verifyMicros, "check", ok ? "ok" : "MISMATCH"));
    }
}
