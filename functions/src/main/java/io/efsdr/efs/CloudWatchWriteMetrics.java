package io.efsdr.efs;

import io.efsdr.aws.SignedPost;
import io.efsdr.error.DependencyUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * CloudWatch {@code GetMetricData} for the two EFS metrics, over the AWS Query protocol and signed by
 * hand: the SDK's {@code cloudwatch} module (2.57.8) speaks RPC v2 CBOR and would add its 1.8 MB jar
 * plus the CBOR protocol and Jackson's CBOR format to every function's package, for one call. The
 * Query form is CloudWatch's documented API (CloudWatch API Reference, "GetMetricData", "Making API
 * requests": {@code POST /} with {@code Content-Type: application/x-www-form-urlencoded}, {@code
 * Action=GetMetricData&Version=2010-08-01}, lists as {@code MetricDataQueries.member.N}, the answer
 * XML in the {@code http://monitoring.amazonaws.com/doc/2010-08-01/} namespace), SigV4 with signing
 * name {@code monitoring} in the file system's region (its metrics live in its region).
 *
 * <p>Both metrics in one call ({@code MetricDataQueries}: one {@code MetricStat} each, {@code
 * Period} 60, {@code Stat} {@code Sum}, the dimension {@code FileSystemId}; EFS user guide,
 * "Amazon CloudWatch metrics for Amazon EFS"), {@code ScanBy=TimestampAscending} so a paginated
 * answer starts with the periods just after the stop; a {@code NextToken} is not followed (one
 * bounded call). Bounded as the other clients are: connect {@value #CONNECT_SECONDS} s, the whole
 * call {@value #CALL_SECONDS} s, one attempt.
 */
public final class CloudWatchWriteMetrics implements WriteMetrics {
    static final String SIGNING_NAME = "monitoring";
    static final String VERSION = "2010-08-01";
    static final String NAMESPACE = "AWS/EFS";
    static final String WRITES_ID = "writes";
    static final String CONNECTIONS_ID = "connections";
    static final long CONNECT_SECONDS = 3;
    static final long CALL_SECONDS = 10;

    /** Headers the JDK HTTP client sets itself and refuses to be given. */
    private final AwsCredentialsProvider credentials;

    private final Function<String, URI> endpoint;
    private final Clock clock;
    private final SignedPost signer;

    /** Built on the first call, so no function's start-up pays for it (see SignedClusterTransport). */
    private HttpClient http;

    /**
     * @param endpoint the CloudWatch endpoint of a region ({@code https://monitoring.<region>.amazonaws.com})
     */
    public CloudWatchWriteMetrics(AwsCredentialsProvider credentials, Function<String, URI> endpoint, Clock clock) {
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.clock = clock;
        this.signer = new SignedPost(credentials, clock, SIGNING_NAME);
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(CONNECT_SECONDS))
                    .build();
        }
        return http;
    }

    @Override
    public Periods read(String region, String fileSystemId, Instant start, Instant end) {
        byte[] body = form(fileSystemId, start, end).getBytes(StandardCharsets.UTF_8);
        URI uri = endpoint.apply(region);
        uri = URI.create(uri.toString().endsWith("/") ? uri.toString() : uri + "/");
        HttpResponse<byte[]> response;
        try {
            response = http().send(signed(uri, region, body), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new DependencyUnavailableException(
                    "CloudWatch in " + region + " did not answer: "
                            + e.getClass().getSimpleName(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DependencyUnavailableException("interrupted while reading CloudWatch", e);
        }
        Document answer = parse(response.body());
        if (response.statusCode() != 200) {
            String code = answer == null ? "HTTP " + response.statusCode() : text(answer.getDocumentElement(), "Code");
            throw new DependencyUnavailableException(
                    "CloudWatch in " + region + " answered " + code + " (HTTP " + response.statusCode() + ")", null);
        }
        if (answer == null) {
            throw new DependencyUnavailableException("CloudWatch in " + region + " answered no XML", null);
        }
        return periods(answer);
    }

    /** The form body of the one GetMetricData call. */
    static String form(String fileSystemId, Instant start, Instant end) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", "GetMetricData");
        params.put("Version", VERSION);
        params.put("StartTime", start.toString());
        params.put("EndTime", end.toString());
        params.put("ScanBy", "TimestampAscending");
        int index = 1;
        for (String[] query : List.of(
                new String[] {WRITES_ID, "DataWriteIOBytes"}, new String[] {CONNECTIONS_ID, "ClientConnections"})) {
            String prefix = "MetricDataQueries.member." + index++ + ".";
            params.put(prefix + "Id", query[0]);
            params.put(prefix + "MetricStat.Metric.Namespace", NAMESPACE);
            params.put(prefix + "MetricStat.Metric.MetricName", query[1]);
            params.put(prefix + "MetricStat.Metric.Dimensions.member.1.Name", "FileSystemId");
            params.put(prefix + "MetricStat.Metric.Dimensions.member.1.Value", fileSystemId);
            params.put(prefix + "MetricStat.Period", String.valueOf(PERIOD_SECONDS));
            params.put(prefix + "MetricStat.Stat", "Sum");
            params.put(prefix + "ReturnData", "true");
        }
        return params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code MetricDataResults.member} by {@code Id}: {@code Timestamps.member} beside {@code Values.member}. */
    static Periods periods(Document answer) {
        Map<String, List<Datapoint>> byId = new LinkedHashMap<>();
        NodeList results = answer.getElementsByTagNameNS("*", "MetricDataResults");
        for (int r = 0; r < results.getLength(); r++) {
            for (Element member : children((Element) results.item(r), "member")) {
                String id = text(member, "Id");
                List<String> timestamps = members(member, "Timestamps");
                List<String> values = members(member, "Values");
                List<Datapoint> points = new ArrayList<>();
                for (int i = 0; i < Math.min(timestamps.size(), values.size()); i++) {
                    points.add(new Datapoint(Instant.parse(timestamps.get(i)), Double.parseDouble(values.get(i))));
                }
                byId.computeIfAbsent(id, k -> new ArrayList<>()).addAll(points);
            }
        }
        return new Periods(byId.getOrDefault(WRITES_ID, List.of()), byId.getOrDefault(CONNECTIONS_ID, List.of()));
    }

    private static List<String> members(Element parent, String list) {
        List<String> texts = new ArrayList<>();
        for (Element holder : children(parent, list)) {
            for (Element member : children(holder, "member")) {
                texts.add(member.getTextContent().trim());
            }
        }
        return texts;
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static String text(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    /** The answer as XML, or null when it is none; external entities and DTDs refused. */
    static Document parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return null;
        }
    }

    private HttpRequest signed(URI uri, String region, byte[] payload) {
        return signer.request(
                uri,
                region,
                Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                payload,
                Duration.ofSeconds(CALL_SECONDS));
    }
}
