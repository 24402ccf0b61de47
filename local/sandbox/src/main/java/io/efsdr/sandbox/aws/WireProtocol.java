package io.efsdr.sandbox.aws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The AWS wire protocol a request was sent in, recognised from the request itself as the clients'
 * serializers shape it (botocore {@code serialize.py}, the AWS SDK for Java v2 protocol marshallers,
 * "AWS protocols" in the Smithy specification):
 *
 * <ul>
 *   <li>RPC v2 CBOR: header {@code smithy-protocol: rpc-v2-cbor}, path
 *       {@code /service/<ServiceName>/operation/<Operation>} (botocore's first choice for CloudWatch);
 *   <li>AWS JSON 1.0/1.1: header {@code X-Amz-Target: <Prefix>.<Operation>} (SSM, Step Functions, EventBridge);
 *   <li>query: a form-encoded body with {@code Action=<Operation>&Version=...} (STS, SNS, IAM; EC2's dialect);
 *   <li>REST-XML (S3, Route 53, CloudFront) or REST-JSON (EFS, EKS, Lambda and most others): the operation is
 *       the method and path, so only the signing name tells them apart.
 * </ul>
 *
 * Used to answer, in the client's own format, requests for services or operations no stand-in serves.
 */
enum WireProtocol {
    RPC_V2_CBOR,
    JSON,
    QUERY,
    EC2_QUERY,
    REST_XML,
    REST_JSON;

    /** Signing names of the REST-XML services (botocore {@code data/<service>/*}/service-2.json "protocol"). */
    private static final Set<String> REST_XML_SERVICES = Set.of("s3", "route53", "cloudfront", "s3-outposts");

    static WireProtocol of(String service, AwsRequest request) {
        if ("rpc-v2-cbor".equalsIgnoreCase(request.header("smithy-protocol"))) {
            return RPC_V2_CBOR;
        }
        if (request.header("X-Amz-Target") != null) {
            return JSON;
        }
        if (queryParameters(request).containsKey("Action")) {
            return service.equals("ec2") ? EC2_QUERY : QUERY;
        }
        return REST_XML_SERVICES.contains(service) ? REST_XML : REST_JSON;
    }

    /** A query request's parameters: the form body and the URL query together. */
    static Map<String, String> queryParameters(AwsRequest request) {
        String contentType = request.header("Content-Type");
        Map<String, String> params = contentType != null
                        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                ? AwsRequest.parseForm(request.bodyText())
                : AwsRequest.parseForm(null);
        params.putAll(request.query());
        return params;
    }

    /** The operation the request names, as far as the protocol names it; REST gives method and path. */
    String operation(AwsRequest request) {
        return switch (this) {
            case RPC_V2_CBOR -> request.path().substring(request.path().lastIndexOf('/') + 1);
            case JSON -> {
                String target = request.header("X-Amz-Target");
                yield target.substring(target.lastIndexOf('.') + 1);
            }
            case QUERY, EC2_QUERY -> queryParameters(request).get("Action");
            case REST_XML, REST_JSON -> request.method() + " " + request.path();
        };
    }

    /**
     * The error for a request no stand-in serves, coded as the service would code an operation it does not know
     * ({@code UnknownOperationException} for the JSON and REST-JSON protocols, {@code InvalidAction} for the query
     * protocols (AWS API references, "Common Errors"), S3's {@code NotImplemented}, 501), with the message
     * {@code not served by the sandbox: <Service>.<Operation>}.
     */
    ServiceError notServed(String serviceName, AwsRequest request) {
        String message = "not served by the sandbox: " + serviceName + "." + operation(request);
        return switch (this) {
            case QUERY, EC2_QUERY -> new ServiceError(400, "InvalidAction", message);
            case REST_XML -> new ServiceError(501, "NotImplemented", message);
            default -> new ServiceError(400, "UnknownOperationException", message);
        };
    }

    /** Renders {@code error} as a client of this protocol parses it. */
    AwsResponse error(AwsRequest request, ServiceError error) {
        return switch (this) {
            case RPC_V2_CBOR -> cborError(error);
            case JSON -> Json.awsJsonError(jsonVersion(request), error);
            case QUERY -> Xml.queryError(null, error);
            case EC2_QUERY -> Xml.ec2Error(error);
            case REST_XML -> Xml.restXmlError(error);
            case REST_JSON -> Json.restJsonError(error, null);
        };
    }

    /** {@code 1.0} or {@code 1.1}, from the request's {@code Content-Type: application/x-amz-json-1.x}. */
    private static String jsonVersion(AwsRequest request) {
        String contentType = request.header("Content-Type");
        return contentType != null && contentType.contains("x-amz-json-1.0") ? "1.0" : "1.1";
    }

    /**
     * An RPC v2 CBOR error: a CBOR map {@code {"__type": code, "message": text}} (Smithy "RPC v2 CBOR
     * protocol", error responses; botocore {@code RpcV2CBORParser._do_error_parse}), encoded per RFC 8949 with
     * definite-length text strings.
     */
    private static AwsResponse cborError(ServiceError error) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cborHead(out, 5, 2);
        for (String text : new String[] {"__type", error.code(), "message", error.getMessage()}) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            cborHead(out, 3, bytes.length);
            out.writeBytes(bytes);
        }
        return new AwsResponse(
                error.status(), "application/cbor", Map.of("smithy-protocol", "rpc-v2-cbor"), out.toByteArray());
    }

    private static void cborHead(ByteArrayOutputStream out, int majorType, int length) {
        int major = majorType << 5;
        if (length < 24) {
            out.write(major | length);
        } else if (length < 256) {
            out.write(major | 24);
            out.write(length);
        } else if (length < 65536) {
            out.write(major | 25);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(major | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((length >> shift) & 0xff);
            }
        }
    }
}
