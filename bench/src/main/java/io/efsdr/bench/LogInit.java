package io.efsdr.bench;

import org.slf4j.LoggerFactory;

/** Runs in a fresh JVM: prints the milliseconds from here to the first Log4j logger (SLF4J). */
public final class LogInit {
    private LogInit() {}

    public static void main(String[] args) {
        long start = System.nanoTime();
        LoggerFactory.getLogger("io.efsdr.bench");
        System.out.println((System.nanoTime() - start) / 1_000_000);
    }
}
