package io.efsdr.notify;

import io.efsdr.aws.AwsCalls;
import io.efsdr.aws.AwsClients;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Audit objects in the stack's S3 bucket, one PutObject each. The bucket's default encryption
 * (SSE-KMS) and versioning apply; a second put of the same key keeps the first as an older version.
 */
public final class S3AuditStore implements AuditStore {
    private final AwsClients clients;
    private final String region;
    private final String bucket;

    public S3AuditStore(AwsClients clients, String region, String bucket) {
        this.clients = clients;
        this.region = region;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, String contentType, String body) {
        AwsCalls.call(
                "S3 PutObject s3://" + bucket + "/" + key,
                () -> clients.s3(region)
                        .putObject(
                                r -> r.bucket(bucket).key(key).contentType(contentType), RequestBody.fromString(body)));
    }

    public String bucket() {
        return bucket;
    }
}
