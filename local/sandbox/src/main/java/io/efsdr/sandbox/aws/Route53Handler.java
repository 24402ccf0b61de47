package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.READ;
import static io.efsdr.sandbox.aws.Operation.Effect.WRITE;
import static io.efsdr.sandbox.aws.Operation.when;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Route 53 in its REST-XML protocol (Amazon Route 53 API Reference, version 2013-04-01):
 * ChangeResourceRecordSets ({@code POST /2013-04-01/hostedzone/{Id}/rrset}, UPSERT of simple record
 * sets, with values or an alias target; weighted and failover sets are listed with their
 * SetIdentifier, Weight or Failover), ListResourceRecordSets ({@code GET .../rrset?name=&type=&maxitems=})
 * and GetChange ({@code GET /2013-04-01/change/{Id}}); errors as {@code ErrorResponse} with
 * {@code NoSuchHostedZone} and {@code NoSuchChange} (404), {@code InvalidChangeBatch} (400),
 * {@code Throttling} (400).
 */
final class Route53Handler extends RestXmlService {
    private static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    private static final Pattern RRSET = Pattern.compile("/2013-04-01/hostedzone/([^/]+)/rrset/?");
    private static final Pattern CHANGE = Pattern.compile("/2013-04-01/change/(?:change/)?([^/]+)");

    private final Route53Model model;

    Route53Handler(Route53Model model) {
        super(
                "route53",
                "Route53",
                new FaultAnswers(
                        new ServiceError(400, "Throttling", "Rate exceeded"),
                        new ServiceError(500, "InternalError", "Internal error (injected)")));
        this.model = model;
        operations(
                op("ChangeResourceRecordSets", WRITE, when("POST", RRSET.asMatchPredicate()), this::change),
                op("ListResourceRecordSets", READ, when("GET", RRSET.asMatchPredicate()), this::list),
                op("GetChange", READ, when("GET", CHANGE.asMatchPredicate()), this::getChange));
    }

    @Override
    ServiceError unknown(AwsRequest request) {
        return new ServiceError(400, "InvalidInput", "Unsupported request " + request.method() + " " + request.path());
    }

    private AwsResponse change(AwsRequest request) {
        Matcher m = RRSET.matcher(request.path());
        m.matches();
        String zone = m.group(1);
        if (!model.hasZone(zone)) {
            throw new ServiceError(404, "NoSuchHostedZone", "No hosted zone found with ID: " + zone);
        }
        Document doc = parse(request.bodyText());
        NodeList changes = doc.getElementsByTagNameNS("*", "Change");
        if (changes.getLength() != 1) {
            throw new ServiceError(400, "InvalidChangeBatch", "This stand-in takes one change per batch");
        }
        Element change = (Element) changes.item(0);
        String action = text(change, "Action");
        if (!"UPSERT".equals(action)) {
            throw new ServiceError(400, "InvalidChangeBatch", "This stand-in serves UPSERT only, not " + action);
        }
        String name = text(change, "Name");
        String type = text(change, "Type");
        String ttl = text(change, "TTL");
        List<String> values = new ArrayList<>();
        NodeList valueNodes = change.getElementsByTagNameNS("*", "Value");
        for (int i = 0; i < valueNodes.getLength(); i++) {
            values.add(valueNodes.item(i).getTextContent());
        }
        NodeList aliases = change.getElementsByTagNameNS("*", "AliasTarget");
        Route53Model.RecordSet set;
        if (aliases.getLength() > 0) {
            // An alias record: AliasTarget {HostedZoneId, DNSName, EvaluateTargetHealth}, and neither TTL
            // nor ResourceRecords (Route 53 API reference, ResourceRecordSet and AliasTarget).
            Element alias = (Element) aliases.item(0);
            String aliasZone = text(alias, "HostedZoneId");
            String dnsName = text(alias, "DNSName");
            if (name == null || type == null || aliasZone == null || dnsName == null) {
                throw new ServiceError(
                        400, "InvalidChangeBatch", "Name, Type, AliasTarget.HostedZoneId and DNSName are required");
            }
            if (ttl != null || !values.isEmpty()) {
                throw new ServiceError(
                        400, "InvalidChangeBatch", "An alias record set takes neither TTL nor ResourceRecords");
            }
            if (!type.equals("A") && !type.equals("AAAA")) {
                throw new ServiceError(400, "InvalidChangeBatch", "This stand-in serves alias A and AAAA records only");
            }
            set = Route53Model.RecordSet.alias(name, type, dnsName, aliasZone);
        } else {
            if (name == null || type == null || ttl == null || values.isEmpty()) {
                throw new ServiceError(400, "InvalidChangeBatch", "Name, Type, TTL and ResourceRecords are required");
            }
            set = new Route53Model.RecordSet(name, type, Long.parseLong(ttl), values);
        }
        Route53Model.Change made = model.upsert(zone, set, text(doc.getDocumentElement(), "Comment"));
        return xml("ChangeResourceRecordSetsResponse", changeInfo(made));
    }

    private AwsResponse list(AwsRequest request) {
        Matcher m = RRSET.matcher(request.path());
        m.matches();
        String zone = m.group(1);
        int max = Integer.parseInt(request.query().getOrDefault("maxitems", "300"));
        List<Route53Model.RecordSet> sets =
                model.list(zone, request.query().get("name"), request.query().get("type"));
        StringBuilder body = new StringBuilder("<ResourceRecordSets>");
        for (Route53Model.RecordSet set : sets.subList(0, Math.min(max, sets.size()))) {
            body.append("<ResourceRecordSet><Name>")
                    .append(escape(set.name()))
                    .append("</Name><Type>")
                    .append(set.type())
                    .append("</Type>");
            if (set.setIdentifier() != null) {
                body.append("<SetIdentifier>")
                        .append(escape(set.setIdentifier()))
                        .append("</SetIdentifier>");
            }
            if (set.weight() != null) {
                body.append("<Weight>").append(set.weight()).append("</Weight>");
            }
            if (set.failover() != null) {
                body.append("<Failover>").append(set.failover()).append("</Failover>");
            }
            if (set.isAlias()) {
                body.append("<AliasTarget><HostedZoneId>")
                        .append(escape(set.aliasHostedZoneId()))
                        .append("</HostedZoneId><DNSName>")
                        .append(escape(set.aliasDnsName()))
                        .append("</DNSName><EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget>");
            } else {
                body.append("<TTL>").append(set.ttl()).append("</TTL><ResourceRecords>");
                set.values()
                        .forEach(v -> body.append("<ResourceRecord><Value>")
                                .append(escape(v))
                                .append("</Value></ResourceRecord>"));
                body.append("</ResourceRecords>");
            }
            body.append("</ResourceRecordSet>");
        }
        body.append("</ResourceRecordSets><IsTruncated>")
                .append(sets.size() > max)
                .append("</IsTruncated><MaxItems>")
                .append(max)
                .append("</MaxItems>");
        return xml("ListResourceRecordSetsResponse", body.toString());
    }

    private AwsResponse getChange(AwsRequest request) {
        Matcher m = CHANGE.matcher(request.path());
        m.matches();
        Route53Model.Change change = model.change(m.group(1))
                .orElseThrow(() -> new ServiceError(
                        404,
                        "NoSuchChange",
                        "A change with the specified change ID " + "does not exist: " + m.group(1)));
        return xml("GetChangeResponse", changeInfo(change));
    }

    private String changeInfo(Route53Model.Change change) {
        return "<ChangeInfo><Id>/change/" + change.id() + "</Id><Status>" + model.status(change)
                + "</Status><SubmittedAt>" + change.submittedAt() + "</SubmittedAt>"
                + (change.comment() == null ? "" : "<Comment>" + escape(change.comment()) + "</Comment>")
                + "</ChangeInfo>";
    }

    private static AwsResponse xml(String root, String content) {
        return AwsResponse.of(
                200,
                "text/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + root + " xmlns=\"" + NS + "\">" + content + "</" + root
                        + ">");
    }

    @Override
    public AwsResponse render(ServiceError error) {
        String type = error.status() >= 500 ? "Receiver" : "Sender";
        return AwsResponse.of(
                error.status(),
                "text/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse xmlns=\"" + NS + "\"><Error><Type>" + type
                        + "</Type><Code>" + escape(error.code()) + "</Code><Message>" + escape(error.getMessage())
                        + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes()));
        } catch (Exception e) {
            throw new ServiceError(400, "InvalidInput", "The request body is not XML: " + e.getMessage());
        }
    }

    private static String text(Element element, String tag) {
        NodeList nodes = element.getElementsByTagNameNS("*", tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
