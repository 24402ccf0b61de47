package io.efsdr.sandbox.kubernetes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a SelfSubjectAccessReview sent as {@code application/vnd.kubernetes.protobuf}, as the typed
 * clients kubectl uses for {@code auth can-i} send it, into its JSON form. The envelope is the
 * four bytes {@code k8s\0} and a runtime.Unknown message (typeMeta = 1 {apiVersion = 1, kind = 2},
 * raw = 2, contentEncoding = 3, contentType = 4; staging/src/k8s.io/apimachinery/pkg/runtime/
 * serializer/protobuf/protobuf.go and runtime/generated.proto); raw is the object (k8s.io/api
 * authorization/v1/generated.proto: SelfSubjectAccessReview metadata = 1, spec = 2;
 * SelfSubjectAccessReviewSpec resourceAttributes = 1, nonResourceAttributes = 2; ResourceAttributes
 * namespace = 1, verb = 2, group = 3, version = 4, resource = 5, subresource = 6, name = 7;
 * NonResourceAttributes path = 1, verb = 2). Only length-delimited and varint fields occur in these
 * messages; anything else is skipped by its wire type.
 */
final class ProtobufAccessReview {
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final String[] RESOURCE_FIELDS = {
        null, "namespace", "verb", "group", "version", "resource", "subresource", "name"
    };
    private static final String[] NON_RESOURCE_FIELDS = {null, "path", "verb"};

    private ProtobufAccessReview() {}

    static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.trim().startsWith("application/vnd.kubernetes.protobuf");
    }

    /** The review in its JSON form ({@code apiVersion}, {@code kind}, {@code spec}). */
    static ObjectNode decode(byte[] body) throws ApiException {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw ApiException.badRequest("the body of the request was in an unknown format: no protobuf magic");
        }
        try {
            ObjectNode review = JsonNodeFactory.instance.objectNode();
            byte[] raw = null;
            Reader unknown = new Reader(body, MAGIC.length, body.length);
            while (unknown.more()) {
                int tag = unknown.tag();
                if (tag >>> 3 == 1 && (tag & 7) == 2) {
                    Reader typeMeta = unknown.message();
                    while (typeMeta.more()) {
                        int field = typeMeta.tag();
                        if ((field & 7) == 2 && (field >>> 3 == 1 || field >>> 3 == 2)) {
                            review.put(field >>> 3 == 1 ? "apiVersion" : "kind", typeMeta.string());
                        } else {
                            typeMeta.skip(field);
                        }
                    }
                } else if (tag >>> 3 == 2 && (tag & 7) == 2) {
                    raw = unknown.bytes();
                } else {
                    unknown.skip(tag);
                }
            }
            if (raw == null) {
                throw ApiException.badRequest("the body of the request was in an unknown format: no object");
            }
            ObjectNode spec = review.putObject("spec");
            Reader object = new Reader(raw, 0, raw.length);
            while (object.more()) {
                int tag = object.tag();
                if (tag >>> 3 == 2 && (tag & 7) == 2) {
                    Reader specReader = object.message();
                    while (specReader.more()) {
                        int field = specReader.tag();
                        if ((field & 7) == 2 && (field >>> 3 == 1 || field >>> 3 == 2)) {
                            boolean resource = field >>> 3 == 1;
                            ObjectNode attributes =
                                    spec.putObject(resource ? "resourceAttributes" : "nonResourceAttributes");
                            strings(specReader.message(), attributes, resource ? RESOURCE_FIELDS : NON_RESOURCE_FIELDS);
                        } else {
                            specReader.skip(field);
                        }
                    }
                } else {
                    object.skip(tag);
                }
            }
            return review;
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw ApiException.badRequest("the body of the request was in an unknown format: " + e.getMessage());
        }
    }

    private static void strings(Reader reader, ObjectNode into, String[] names) {
        while (reader.more()) {
            int tag = reader.tag();
            int number = tag >>> 3;
            if ((tag & 7) == 2 && number < names.length && names[number] != null) {
                into.put(names[number], reader.string());
            } else {
                reader.skip(tag);
            }
        }
    }

    /** Protocol Buffers wire format ("Encoding", protobuf.dev): varints and length-delimited fields. */
    private static final class Reader {
        private final byte[] data;
        private final int end;
        private int at;

        Reader(byte[] data, int from, int end) {
            this.data = data;
            this.at = from;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        int tag() {
            return (int) varint();
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = data[at++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        private int length() {
            long length = varint();
            if (length < 0 || length > end - at) {
                throw new IllegalArgumentException("bad length " + length);
            }
            return (int) length;
        }

        byte[] bytes() {
            int length = length();
            byte[] out = Arrays.copyOfRange(data, at, at + length);
            at += length;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        Reader message() {
            int length = length();
            Reader inner = new Reader(data, at, at + length);
            at += length;
            return inner;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> {
                    int length = length();
                    at += length;
                }
                case 5 -> at += 4;
                default -> throw new IllegalArgumentException("unsupported wire type " + (tag & 7));
            }
            if (at > end) {
                throw new IllegalArgumentException("truncated field");
            }
        }
    }
}
