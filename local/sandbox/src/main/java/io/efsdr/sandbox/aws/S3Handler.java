package io.efsdr.sandbox.aws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * S3 PutObject, GetObject and ListObjectsV2 in S3's REST-XML protocol, path-style
 * ({@code /<bucket>/<key>}, what the SDK sends to an endpoint override with {@code forcePathStyle}).
 *
 * <p>Modeled on the Amazon S3 API Reference: "PutObject" (PUT, the body is the object, 200 with
 * an {@code ETag} header), "GetObject" (the body, {@code Content-Type}, {@code ETag},
 * {@code Last-Modified}; {@code NoSuchKey} 404), "ListObjectsV2" ({@code GET /<bucket>?list-type=2},
 * a {@code ListBucketResult} with one {@code Contents} per key), and "Error responses" (an XML
 * {@code Error} with {@code Code}, {@code Message}, {@code RequestId}; {@code NoSuchBucket} 404,
 * {@code SlowDown} 503, {@code InternalError} 500). A body the SDK streams with a trailing checksum
 * is {@code aws-chunked} encoded ("Signature Calculations for the Authorization Header: Transferring
 * Payload in Multiple Chunks"): it is decoded to the object's bytes, trailers ignored.
 */
final class S3Handler implements ServiceHandler {
    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int MAX_KEYS = 1000;

    private final S3Model model;

    S3Handler(S3Model model) {
        this.model = model;
    }

    @Override
    public String service() {
        return "s3";
    }

    @Override
    public String operation(AwsRequest request) {
        String[] target = target(request);
        boolean hasKey = target.length == 2 && !target[1].isEmpty();
        return switch (request.method()) {
            case "PUT" -> hasKey ? "PutObject" : "Unknown";
            case "GET" ->
                hasKey ? "GetObject" : "2".equals(request.query().get("list-type")) ? "ListObjectsV2" : "Unknown";
            default -> "Unknown";
        };
    }

    /**
     * None: an audit object records the DR world and changes none of it (as an SNS publish), so a
     * dry run or a refused run that leaves its record still "changed nothing".
     */
    @Override
    public boolean isMutating(String operation) {
        return false;
    }

    @Override
    public AwsResponse handle(AwsRequest request, String operation) {
        String[] target = target(request);
        String bucket = target[0];
        if (operation.equals("Unknown")) {
            throw new ServiceError(
                    501, "NotImplemented", request.method() + " " + request.path() + " is not served by this stand-in");
        }
        if (!model.exists(bucket)) {
            throw new ServiceError(404, "NoSuchBucket", "The specified bucket does not exist");
        }
        return switch (operation) {
            case "PutObject" -> {
                S3Model.S3Object object = model.put(bucket, target[1], body(request), request.header("Content-Type"));
                yield AwsResponse.empty(200).withHeader("ETag", object.etag());
            }
            case "GetObject" -> {
                S3Model.S3Object object = model.get(bucket, target[1])
                        .orElseThrow(() -> new ServiceError(404, "NoSuchKey", "The specified key does not exist."));
                yield new AwsResponse(
                                200,
                                object.contentType() == null ? "binary/octet-stream" : object.contentType(),
                                Map.of(),
                                object.body())
                        .withHeader("ETag", object.etag())
                        .withHeader("Last-Modified", HTTP_DATE.format(object.at()));
            }
            default -> list(bucket, request);
        };
    }

    private AwsResponse list(String bucket, AwsRequest request) {
        String prefix = request.query().getOrDefault("prefix", "");
        String after = request.query().get("continuation-token");
        if (after == null) {
            after = request.query().get("start-after");
        }
        int maxKeys = MAX_KEYS;
        if (request.query().containsKey("max-keys")) {
            maxKeys = Math.min(MAX_KEYS, Integer.parseInt(request.query().get("max-keys")));
        }
        String from = after;
        List<S3Model.S3Object> all = model.list(bucket, prefix).stream()
                .filter(o -> from == null || o.key().compareTo(from) > 0)
                .toList();
        List<S3Model.S3Object> page = all.subList(0, Math.min(maxKeys, all.size()));
        boolean truncated = page.size() < all.size();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<ListBucketResult xmlns=\"")
                .append(NS)
                .append("\"><Name>")
                .append(escape(bucket))
                .append("</Name><Prefix>")
                .append(escape(prefix))
                .append("</Prefix><KeyCount>")
                .append(page.size())
                .append("</KeyCount><MaxKeys>")
                .append(maxKeys)
                .append("</MaxKeys><IsTruncated>")
                .append(truncated)
                .append("</IsTruncated>");
        if (truncated) {
            xml.append("<NextContinuationToken>")
                    .append(escape(page.getLast().key()))
                    .append("</NextContinuationToken>");
        }
        for (S3Model.S3Object object : page) {
            xml.append("<Contents><Key>")
                    .append(escape(object.key()))
                    .append("</Key><LastModified>")
                    .append(object.at().truncatedTo(ChronoUnit.MILLIS))
                    .append("</LastModified><ETag>")
                    .append(escape(object.etag()))
                    .append("</ETag><Size>")
                    .append(object.body().length)
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        xml.append("</ListBucketResult>");
        return AwsResponse.of(200, "application/xml", xml.toString());
    }

    @Override
    public AwsResponse render(ServiceError error) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + escape(error.code())
                + "</Code><Message>" + escape(error.getMessage()) + "</Message><RequestId>" + UUID.randomUUID()
                + "</RequestId></Error>";
        return AwsResponse.of(error.status(), "application/xml", xml);
    }

    @Override
    public ServiceError throttling() {
        return new ServiceError(503, "SlowDown", "Please reduce your request rate.");
    }

    @Override
    public ServiceError serverError() {
        return new ServiceError(500, "InternalError", "We encountered an internal error. Please try again.");
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

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
