package com.orderguard.core.quorum;

import java.util.ArrayList;
import java.util.List;

import com.orderguard.custody.KeyCustody;
import com.orderguard.custody.inventory.KeyPurpose;
import com.orderguard.custody.inventory.KeyRecord;
import com.orderguard.custody.lifecycle.KeyOperations;
import com.orderguard.quorum.ApprovalProof;
import com.orderguard.quorum.json.Parameters;

/**
 * Key lifecycle acts behind a quorum. Key custody verifies each proof against the operation and
 * parameters it rebuilds itself and claims the execution in the book; this only parses the
 * parameters (so a request that names no real key is refused at submission) and routes the proof.
 */
public final class KeyLifecycleOperations
{
    private KeyLifecycleOperations()
    {
    }

    /** The operation names, for the default policy set. */
    public static List<String> names()
    {
        return List.of(KeyOperations.GENERATE, KeyOperations.ACTIVATE, KeyOperations.ROTATE, KeyOperations.DEACTIVATE,
            KeyOperations.DESTROY, KeyOperations.ROTATION_POLICY, KeyOperations.EXPORT_PUBLIC_KEY, KeyOperations.DESTROY_DATA_KEY);
    }

    public static List<GatedOperation> all(final KeyCustody custody)
    {
        final List<GatedOperation> operations = new ArrayList<>();
        operations.add(new Op(custody, KeyOperations.GENERATE, p -> purposeProblem(p),
            proof -> "generated " + custody.generateKey(purpose(proof), proof).alias()));
        operations.add(new Op(custody, KeyOperations.ROTATE, p -> purposeProblem(p),
            proof -> "rotated to " + custody.rotateKey(purpose(proof), proof).alias()));
        operations.add(new Op(custody, KeyOperations.ROTATION_POLICY,
            p -> purposeProblem(p) != null ? purposeProblem(p) : number(p, "days") <= 0 ? "days must be a positive number" : null,
            proof ->
            {
                custody.changeRotationPolicy(purpose(proof), (int)number(proof.request().parameters(), "days"), proof);
                return "rotation policy changed";
            }));
        operations.add(new Op(custody, KeyOperations.ACTIVATE, p -> keyProblem(custody, p),
            proof -> "activated " + custody.activateKey(key(proof), proof).alias()));
        operations.add(new Op(custody, KeyOperations.DEACTIVATE, p -> keyProblem(custody, p),
            proof -> "deactivated " + custody.deactivateKey(key(proof), proof).alias()));
        operations.add(new Op(custody, KeyOperations.DESTROY, p -> keyProblem(custody, p),
            proof -> "destroyed " + custody.destroyKey(key(proof), proof).alias()));
        operations.add(new Op(custody, KeyOperations.EXPORT_PUBLIC_KEY, p -> keyProblem(custody, p),
            proof -> custody.exportPublicKey(key(proof), proof)));
        operations.add(new Op(custody, KeyOperations.DESTROY_DATA_KEY,
            p -> number(p, "dataKey") < 0 ? "parameters need dataKey (a data key id)" : null,
            proof ->
            {
                custody.destroyDataKey(number(proof.request().parameters(), "dataKey"), proof);
                return "data key destroyed: what it encrypted can no longer be read";
            }));
        return operations;
    }

    private static String purposeProblem(final Parameters p)
    {
        final Object label = p.get("purpose");
        try
        {
            return label != null && KeyPurpose.ofLabel(label.toString()) != null ? null : "parameters need purpose (a key purpose label)";
        }
        catch (final IllegalArgumentException ex)
        {
            return ex.getMessage();
        }
    }

    private static String keyProblem(final KeyCustody custody, final Parameters p)
    {
        final Object alias = p.get("key");
        if (alias == null)
        {
            return "parameters need key (an alias from the key inventory) and its fingerprint";
        }
        for (final KeyRecord record : custody.keyInventory())
        {
            if (record.alias().equals(alias.toString()))
            {
                return record.fingerprint().equals(String.valueOf(p.get("fingerprint"))) ? null :
                    "fingerprint does not match key " + alias + " in the inventory";
            }
        }
        return "no key " + alias + " in the inventory";
    }

    private static KeyPurpose purpose(final ApprovalProof proof)
    {
        return KeyPurpose.ofLabel(proof.request().parameters().get("purpose").toString());
    }

    private static String key(final ApprovalProof proof)
    {
        return proof.request().parameters().get("key").toString();
    }

    private static long number(final Parameters p, final String name)
    {
        final Object value = p.get(name);
        return value instanceof Number ? ((Number)value).longValue() : -1;
    }

    /** What an operation does with its proof. */
    @FunctionalInterface
    private interface Act
    {
        String apply(ApprovalProof proof) throws Exception;
    }

    private static final class Op implements SelfVerifyingOperation
    {
        private final KeyCustody custody;
        private final String operation;
        private final java.util.function.Function<Parameters, String> validation;
        private final Act act;

        Op(final KeyCustody custody, final String operation, final java.util.function.Function<Parameters, String> validation,
            final Act act)
        {
            this.custody = custody;
            this.operation = operation;
            this.validation = validation;
            this.act = act;
        }

        @Override
        public String operation()
        {
            return operation;
        }

        @Override
        public String validate(final Parameters parameters)
        {
            return validation.apply(parameters);
        }

        @Override
        public String precondition(final Parameters parameters)
        {
            return custody.isSealed() ? "the appliance is sealed: key operations need the token" : null;
        }

        @Override
        public String execute(final Parameters parameters)
        {
            throw new IllegalStateException(operation + " executes only with its proof");
        }

        @Override
        public String execute(final ApprovalProof proof) throws Exception
        {
            return act.apply(proof);
        }
    }
}
