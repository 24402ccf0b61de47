package io.efsdr.bench;

import io.efsdr.eks.EksTokenProvider;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Arrays;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Runs in a fresh JVM: first mint, warm mints and cache hits of the EKS token; prints JSON. */
public final class TokenBench {
    private TokenBench() {}

    public static void main(String[] args) {
        var credentials =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDBENCHEXAMPLE", "bench-secret"));
        long t0 = System.nanoTime();
        EksTokenProvider tokens = new EksTokenProvider(credentials, Clock.systemUTC());
        String first = tokens.token("us-west-2", "bench-cluster");
        long firstMicros = (System.nanoTime() - t0) / 1000;
        long sinceStart = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        for (int i = 0; i < 200; i++) {
            tokens.invalidate("us-west-2", "bench-cluster");
            tokens.token("us-west-2", "bench-cluster");
        }
        long[] warm = new long[1000];
        for (int i = 0; i < warm.length; i++) {
            tokens.invalidate("us-west-2", "bench-cluster");
            long s = System.nanoTime();
            tokens.token("us-west-2", "bench-cluster");
            warm[i] = (System.nanoTime() - s) / 1000;
        }
        Arrays.sort(warm);
        int hits = 1_000_000;
        long s = System.nanoTime();
        for (int i = 0; i < hits; i++) {
            if (tokens.token("us-west-2", "bench-cluster").isEmpty()) {
                throw new IllegalStateException();
            }
        }
        long hitNanos = (System.nanoTime() - s) / hits;
        System.out.printf(
                "{\"processStartToFirstTokenMs\": %d, \"firstMintMicros\": %d, \"warmMintMicros\": %d, "
                        + "\"cacheHitNanos\": %d, \"tokenLength\": %d}%n",
                sinceStart, firstMicros, warm[warm.length / 2], hitNanos, first.length());
    }
}
