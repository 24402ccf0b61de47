package io.efsdr.bench;

import java.io.IOException;
import org.crac.Resource;

/**
 * Runs in the handler JVM for the SnapStart estimate: builds the handler as the runtime's init
 * does, runs its CRaC {@code beforeCheckpoint} priming, says {@value #READY}, waits for a line on
 * stdin, then starts the Runtime Interface Client as a restored snapshot would continue.
 */
public final class PrimedStart {
    static final String READY = "PRIMED";

    private PrimedStart() {}

    public static void main(String[] args) throws Exception {
        String className = args[0].substring(0, args[0].indexOf("::"));
        Object handler = Class.forName(className).getConstructor().newInstance();
        ((Resource) handler).beforeCheckpoint(null);
        System.out.println(READY);
        System.out.flush();
        if (System.in.read() < 0) {
            throw new IOException("the driver went away");
        }
        // The Runtime Interface Client is the runtime's, on the handler JVM's class path only.
        Class.forName("com.amazonaws.services.lambda.runtime.api.client.AWSLambda")
                .getMethod("main", String[].class)
                .invoke(null, (Object) args);
    }
}
