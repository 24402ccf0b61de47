package io.efsdr.sandbox.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * S3 buckets and their objects, in every region. Only buckets the sandbox created exist (a put to
 * another answers NoSuchBucket, as S3 does); a put of an existing key replaces what GET returns
 * and keeps the earlier body as an older version (the audit bucket is versioned). Thread-safe.
 */
public final class S3Model {
    private final Clock clock;
    private final Map<String, Instant> buckets = new ConcurrentHashMap<>();
    private final Map<String, TreeMap<String, List<S3Object>>> objects = new ConcurrentHashMap<>();

    /**
     * One stored version of an object.
     *
     * @param etag the quoted MD5 of the body, as S3 gives it for a single-part upload
     */
    public record S3Object(String bucket, String key, byte[] body, String contentType, String etag, Instant at) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    S3Model(Clock clock) {
        this.clock = clock;
    }

    /** Creates a bucket, as the template does; creating it again changes nothing. */
    public void createBucket(String bucket) {
        buckets.putIfAbsent(bucket, clock.instant());
        objects.computeIfAbsent(bucket, b -> new TreeMap<>());
    }

    /** Removes a bucket and everything in it (a test's way to make every write fail). */
    public void deleteBucket(String bucket) {
        buckets.remove(bucket);
        objects.remove(bucket);
    }

    boolean exists(String bucket) {
        return buckets.containsKey(bucket);
    }

    /** The buckets and when each was created, by name. */
    Map<String, Instant> buckets() {
        return new TreeMap<>(buckets);
    }

    synchronized S3Object put(String bucket, String key, byte[] body, String contentType) {
        S3Object object = new S3Object(bucket, key, body.clone(), contentType, etag(body), clock.instant());
        objects.get(bucket).computeIfAbsent(key, k -> new ArrayList<>()).add(object);
        return object;
    }

    /** The current version of an object. */
    public synchronized Optional<S3Object> get(String bucket, String key) {
        TreeMap<String, List<S3Object>> inBucket = objects.get(bucket);
        List<S3Object> versions = inBucket == null ? null : inBucket.get(key);
        return versions == null ? Optional.empty() : Optional.of(versions.getLast());
    }

    /** The current versions of the objects whose keys start with {@code prefix}, in key order. */
    public synchronized List<S3Object> list(String bucket, String prefix) {
        TreeMap<String, List<S3Object>> inBucket = objects.get(bucket);
        if (inBucket == null) {
            return List.of();
        }
        return inBucket.tailMap(prefix, true).entrySet().stream()
                .takeWhile(e -> e.getKey().startsWith(prefix))
                .map(e -> e.getValue().getLast())
                .toList();
    }

    /** How many versions of an object were written. */
    public synchronized int versions(String bucket, String key) {
        TreeMap<String, List<S3Object>> inBucket = objects.get(bucket);
        List<S3Object> versions = inBucket == null ? null : inBucket.get(key);
        return versions == null ? 0 : versions.size();
    }

    private static String etag(byte[] body) {
        try {
            return "\""
                    + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
