package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.READ;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * S3 PutObject, GetObject, HeadObject, HeadBucket, ListObjectsV2, ListObjects and ListBuckets in S3's REST-XML
 * protocol (botocore {@code data/s3/2006-03-01/service-2.json}), path-style
 * ({@code /<bucket>/<key>}, what the SDK sends to an endpoint override with {@code forcePathStyle}).
 *
 * <p>Modeled on the Amazon S3 API Reference: "PutObject" (PUT, the body is the object, 200 with
 * an {@code ETag} header), "GetObject" (the body, {@code Content-Type}, {@code ETag},
 * {@code Last-Modified}; {@code NoSuchKey} 404), "ListObjectsV2" ({@code GET /<bucket>?list-type=2},
 * a {@code ListBucketResult} with one {@code Contents} per key and {@code CommonPrefixes} with a delimiter),
 * "ListBuckets" ({@code GET /}, what {@code aws s3 ls} sends), "HeadObject", "HeadBucket", and "Error responses"
 * (an XML
 * {@code Error} with {@code Code}, {@code Message}, {@code RequestId}; {@code NoSuchBucket} 404,
 * {@code SlowDown} 503, {@code InternalError} 500). A body the SDK streams with a trailing checksum
 * is {@code aws-chunked} encoded ("Signature Calculations for the Authorization Header: Transferring
 * Payload in Multiple Chunks"): it is decoded to the object's bytes, trailers ignored.
 */
final class S3Handler extends RestXmlService {
    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int MAX_KEYS = 1000;
    /** The query parameters of ListObjects and ListObjectsV2; any other names a bucket subresource (not served). */
    private static final Set<String> LIST_PARAMETERS = Set.of(
            "list-type",
            "prefix",
            "delimiter",
            "marker",
            "continuation-token",
            "start-after",
            "max-keys",
            "encoding-type",
            "fetch-owner");
    /** ListBuckets' query parameters. */
    private static final Set<String> LIST_BUCKETS_PARAMETERS =
            Set.of("max-buckets", "continuation-token", "prefix", "bucket-region");

    private final S3Model model;

    S3Handler(S3Model model) {
        super(
                "s3",
                "S3",
                new FaultAnswers(
                        new ServiceError(503, "SlowDown", "Please reduce your request rate."),
                        new ServiceError(500, "InternalError", "We encountered an internal error. Please try again.")));
        this.model = model;
        // None mutates: an audit object records the DR world and changes none of it (as an SNS publish), so a
        // dry run or a refused run that leaves its record still "changed nothing".
        operations(
                op("PutObject", READ, request -> request.method().equals("PUT") && hasKey(request), this::putObject),
                op(
                        "ListBuckets",
                        READ,
                        request -> request.method().equals("GET")
                                && root(request)
                                && LIST_BUCKETS_PARAMETERS.containsAll(
                                        request.query().keySet()),
                        request -> listBuckets()),
                op(
                        "GetObject",
                        READ,
                        request -> request.method().equals("GET")
                                && !root(request)
                                && hasKey(request)
                                && request.query().isEmpty(),
                        request -> getObject(request, false)),
                op(
                        "ListObjectsV2",
                        READ,
                        request ->
                                listing(request) && "2".equals(request.query().get("list-type")),
                        request -> list(existingBucket(request), request, true)),
                op(
                        "ListObjects",
                        READ,
                        request ->
                                listing(request) && !"2".equals(request.query().get("list-type")),
                        request -> list(existingBucket(request), request, false)),
                op(
                        "HeadObject",
                        READ,
                        request -> request.method().equals("HEAD") && !root(request) && hasKey(request),
                        request -> getObject(request, true)),
                op(
                        "HeadBucket",
                        READ,
                        request -> request.method().equals("HEAD") && !root(request) && !hasKey(request),
                        // HeadBucket: 200 with no body when the bucket exists.
                        request -> {
                            existingBucket(request);
                            return AwsResponse.empty(200);
                        }));
    }

    private static boolean root(AwsRequest request) {
        return target(request)[0].isEmpty();
    }

    private static boolean hasKey(AwsRequest request) {
        String[] target = target(request);
        return target.length == 2 && !target[1].isEmpty();
    }

    /** A GET on a bucket (no key) with ListObjects' or ListObjectsV2's parameters only. */
    private static boolean listing(AwsRequest request) {
        return request.method().equals("GET")
                && !root(request)
                && !hasKey(request)
                && LIST_PARAMETERS.containsAll(request.query().keySet());
    }

    @Override
    ServiceError unknown(AwsRequest request) {
        String query = request.query().isEmpty()
                ? ""
                : "?" + String.join("&", request.query().keySet());
        return new ServiceError(
                501,
                "NotImplemented",
                "not served by the sandbox: S3." + request.method() + " " + request.path() + query);
    }

    /** The request's bucket; {@code NoSuchBucket} (404) when it does not exist. */
    private String existingBucket(AwsRequest request) {
        String bucket = target(request)[0];
        if (!model.exists(bucket)) {
            throw new ServiceError(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        return bucket;
    }

    private AwsResponse putObject(AwsRequest request) {
        S3Model.S3Object object =
                model.put(existingBucket(request), target(request)[1], body(request), request.header("Content-Type"));
        return AwsResponse.empty(200).withHeader("ETag", object.etag());
    }

    /** HeadObject: GetObject's headers without the body; a missing key is a bare 404 (no body to a HEAD). */
    private AwsResponse getObject(AwsRequest request, boolean head) {
        S3Model.S3Object object = model.get(existingBucket(request), target(request)[1])
                .orElseThrow(() -> new ServiceError(404, "NoSuchKey", "The specified key does not exist."));
        return new AwsResponse(
                        200,
                        object.contentType() == null ? "binary/octet-stream" : object.contentType(),
                        Map.of(),
                        head ? new byte[0] : object.body())
                .withHeader("ETag", object.etag())
                .withHeader("Last-Modified", HTTP_DATE.format(object.at()))
                .withHeader("Content-Length", Integer.toString(object.body().length));
    }

    /**
     * ListObjectsV2 ({@code continuation-token}, {@code start-after}, {@code KeyCount}) or ListObjects
     * ({@code marker}, {@code NextMarker} when delimited): keys after the token under {@code prefix}; with a
     * {@code delimiter}, the keys with the delimiter after the prefix roll up into {@code CommonPrefixes}
     * (Amazon S3 API Reference, ListObjectsV2 and ListObjects), counted once each against {@code max-keys}.
     */
    private AwsResponse list(String bucket, AwsRequest request, boolean v2) {
        Map<String, String> query = request.query();
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.get("delimiter");
        String after = v2 ? query.getOrDefault("continuation-token", query.get("start-after")) : query.get("marker");
        int maxKeys = MAX_KEYS;
        if (query.containsKey("max-keys")) {
            maxKeys = Math.min(MAX_KEYS, Integer.parseInt(query.get("max-keys")));
        }
        List<S3Model.S3Object> contents = new ArrayList<>();
        Set<String> prefixes = new LinkedHashSet<>();
        String last = null;
        boolean truncated = false;
        for (S3Model.S3Object object : model.list(bucket, prefix)) {
            String key = object.key();
            int cut = delimiter == null || delimiter.isEmpty() ? -1 : key.indexOf(delimiter, prefix.length());
            String entry = cut < 0 ? key : key.substring(0, cut + delimiter.length());
            if ((after != null && entry.compareTo(after) <= 0) || prefixes.contains(entry)) {
                continue;
            }
            if (contents.size() + prefixes.size() == maxKeys) {
                truncated = true;
                break;
            }
            if (cut < 0) {
                contents.add(object);
            } else {
                prefixes.add(entry);
            }
            last = entry;
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<ListBucketResult xmlns=\"")
                .append(NS)
                .append("\">")
                .append(Xml.element("Name", bucket))
                .append(Xml.element("Prefix", prefix));
        if (delimiter != null) {
            xml.append(Xml.element("Delimiter", delimiter));
        }
        if (v2) {
            xml.append(Xml.element("KeyCount", contents.size() + prefixes.size()));
        } else {
            xml.append(Xml.element("Marker", after == null ? "" : after));
        }
        xml.append(Xml.element("MaxKeys", maxKeys)).append(Xml.element("IsTruncated", truncated));
        if (truncated) {
            xml.append(Xml.element(v2 ? "NextContinuationToken" : "NextMarker", last));
        }
        for (S3Model.S3Object object : contents) {
            xml.append("<Contents>")
                    .append(Xml.element("Key", object.key()))
                    .append(Xml.element("LastModified", object.at().truncatedTo(ChronoUnit.MILLIS)))
                    .append(Xml.element("ETag", object.etag()))
                    .append(Xml.element("Size", object.body().length))
                    .append("<StorageClass>STANDARD</StorageClass></Contents>");
        }
        for (String common : prefixes) {
            xml.append("<CommonPrefixes>").append(Xml.element("Prefix", common)).append("</CommonPrefixes>");
        }
        xml.append("</ListBucketResult>");
        return AwsResponse.of(200, "application/xml", xml.toString());
    }

    /** ListBuckets ({@code GET /}): a {@code ListAllMyBucketsResult} with each bucket's name and creation date. */
    private AwsResponse listBuckets() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<ListAllMyBucketsResult xmlns=\"")
                .append(NS)
                .append("\"><Owner>")
                .append(Xml.element("ID", EfsModel.ACCOUNT))
                .append("</Owner><Buckets>");
        model.buckets()
                .forEach((name, created) -> xml.append("<Bucket>")
                        .append(Xml.element("Name", name))
                        .append(Xml.element("CreationDate", created.truncatedTo(ChronoUnit.MILLIS)))
                        .append("</Bucket>"));
        xml.append("</Buckets></ListAllMyBucketsResult>");
        return AwsResponse.of(200, "application/xml", xml.toString());
    }

    /** {@code [bucket]} or {@code [bucket, key]} from a path-style request path. */
    private static String[] target(AwsRequest request) {
        String path = request.path().startsWith("/") ? request.path().substring(1) : request.path();
        return path.split("/", 2);
    }

    /** The object's bytes: the body itself, or the data of its {@code aws-chunked} chunks. */
    static byte[] body(AwsRequest request) {
        String encoding = request.header("Content-Encoding");
        String sha = request.header("x-amz-content-sha256");
        boolean chunked = (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked"))
                || (sha != null && sha.startsWith("STREAMING-"));
        if (!chunked) {
            return request.body();
        }
        byte[] in = request.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < in.length) {
            int lineEnd = indexOfCrlf(in, at);
            String header = new String(in, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? header : header.substring(0, semicolon)).trim(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(in, at, size);
            at += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] in, int from) {
        for (int i = from; i + 1 < in.length; i++) {
            if (in[i] == '\r' && in[i + 1] == '\n') {
                return i;
            }
        }
        throw new ServiceError(400, "IncompleteBody", "aws-chunked body ends inside a chunk header");
    }
}
