package io.efsdr.notify;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.efsdr.notify.sns.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditArchiveTest {
    private static final AuditRecord RECORD = AuditRecord.ofDecline(
            "alarm-x-1", "x", Instant.parse("2026-11-25T03:00:00Z"), "COOLDOWN", "within the cooldown", Instant.EPOCH);

    @Test
    void write_whenTheStoreAccepts_expectBothKeys() {
        Map<String, String> stored = new LinkedHashMap<>();

        AuditArchive.Outcome outcome =
                new AuditArchive((key, type, body) -> stored.put(key, body), "s3://b").write(RECORD);

        assertAll(
                () -> assertTrue(outcome.complete()),
                () -> assertNull(outcome.problem()),
                () -> assertEquals(List.of(RECORD.recordKey(), RECORD.reportKey()), outcome.keys()),
                () -> assertEquals(List.copyOf(stored.keySet()), outcome.keys()));
    }

    @Test
    void write_whenTheStoreFailsOnce_expectRetriedAndWritten() {
        List<String> attempts = new ArrayList<>();
        AuditStore flaky = (key, type, body) -> {
            attempts.add(key);
            if (attempts.size() == 1) {
                throw new IllegalStateException("SlowDown");
            }
        };

        AuditArchive.Outcome outcome = new AuditArchive(flaky, "s3://b").write(RECORD);

        assertAll(() -> assertTrue(outcome.complete()), () -> assertEquals(3, attempts.size()));
    }

    @Test
    void write_whenTheStoreAlwaysFails_expectAProblemNotAnExceptionAfterBoundedAttempts() {
        List<String> attempts = new ArrayList<>();
        AuditStore broken = (key, type, body) -> {
            attempts.add(key);
            throw new IllegalStateException("AccessDenied");
        };

        AuditArchive.Outcome outcome = new AuditArchive(broken, "s3://b").write(RECORD);

        assertAll(
                () -> assertFalse(outcome.complete()),
                () -> assertEquals(List.of(), outcome.keys()),
                () -> assertEquals(2 * AuditArchive.ATTEMPTS, attempts.size()),
                () -> assertTrue(
                        outcome.problem().startsWith("audit record not written to s3://b: "), outcome.problem()),
                () -> assertTrue(outcome.problem().contains("AccessDenied"), outcome.problem()));
    }

    @Test
    void annotate_whenWriteFailed_expectTheNotificationSaysSo() {
        AuditArchive archive = new AuditArchive(
                (key, type, body) -> {
                    throw new IllegalStateException("AccessDenied");
                },
                "s3://b");

        Notification notification = archive.annotate(new Notification("s", "body\n"), archive.write(RECORD));

        assertTrue(notification.body().contains("Audit record\n  NOT WRITTEN: audit record not written to s3://b"));
    }

    @Test
    void write_whenNoBucketIsConfigured_expectNothingWrittenAndTheNotificationUnchanged() {
        AuditArchive archive = AuditArchive.disabled();
        AuditArchive.Outcome outcome = archive.write(RECORD);

        assertAll(
                () -> assertFalse(archive.enabled()),
                () -> assertEquals(List.of(), outcome.keys()),
                () -> assertEquals(new Notification("s", "b"), archive.annotate(new Notification("s", "b"), outcome)));
    }
}
