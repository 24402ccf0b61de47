package io.efsdr.sandbox.aws;

import com.sun.net.httpserver.HttpServer;
import io.efsdr.sandbox.FaultPlan;
import io.efsdr.sandbox.VirtualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for EFS, EKS, SNS, SSM, Step Functions, EventBridge rules, S3, Lambda Invoke, Route 53 and
 * STS GetCallerIdentity in every region, served over HTTP on 127.0.0.1 in the wire formats of the AWS SDK for Java
 * v2 and the aws CLI (botocore). A service or operation not served is answered with the client's own error format.
 *
 * <p>Point unchanged SDK clients at {@link #endpoint()} with {@code endpointOverride}. Each request
 * is routed by the region and service of its SigV4 credential scope; signatures are not checked; a
 * request without {@code Authorization} gets 403. Before answering, the stand-in asks the {@link
 * FaultPlan} for a fault and journals the call in {@link #calls()}.
 */
public final class AwsStandIn implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService scheduler;
    private final AwsDispatcher dispatcher;
    private final AtomicReference<Duration> timeoutHold = new AtomicReference<>(Duration.ofSeconds(15));
    private final CallJournal calls = new CallJournal();
    private final EfsModel efs;
    private final EksModel eks;
    private final SnsModel sns;
    private final SsmModel ssm;
    private final StepFunctionsModel stepFunctions;
    private final EventBridgeModel events;
    private final S3Model s3;
    private final LambdaModel lambda;
    private final Route53Model route53;
    private final CloudWatchModel cloudWatch;
    private final List<ProtocolService> services;

    private AwsStandIn(VirtualClock clock, FaultPlan faults) throws IOException {
        efs = new EfsModel(clock, faults);
        eks = new EksModel(clock);
        sns = new SnsModel(clock);
        ssm = new SsmModel(clock);
        stepFunctions = new StepFunctionsModel(clock);
        events = new EventBridgeModel(clock);
        s3 = new S3Model(clock);
        lambda = new LambdaModel(clock);
        route53 = new Route53Model(clock);
        cloudWatch = new CloudWatchModel(clock);
        executor = Executors.newFixedThreadPool(
                32, Thread.ofPlatform().name("aws-stand-in-", 0).daemon().factory());
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("aws-stand-in-hold").daemon().factory());
        services = List.of(
                new EfsHandler(efs),
                new EksHandler(eks),
                new SnsHandler(sns),
                new SsmHandler(ssm),
                new StepFunctionsHandler(stepFunctions),
                new EventBridgeHandler(events),
                new S3Handler(s3),
                new LambdaHandler(lambda),
                new Route53Handler(route53),
                new StsHandler(),
                new CloudWatchHandler(cloudWatch));
        dispatcher = new AwsDispatcher(
                List.<ServiceHandler>copyOf(services), faults, clock, calls, scheduler, timeoutHold::get);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", dispatcher);
        server.setExecutor(executor);
    }

    /** Starts a stand-in on an ephemeral loopback port. */
    public static AwsStandIn start(VirtualClock clock, FaultPlan faults) {
        try {
            AwsStandIn standIn = new AwsStandIn(clock, faults);
            standIn.server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the AWS stand-in", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, for {@code endpointOverride} or {@code AWS_ENDPOINT_URL}. */
    public URI endpoint() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    /** How long a TIMEOUT fault holds a call before dropping the connection; default 15 s. */
    public void setTimeoutHold(Duration hold) {
        timeoutHold.set(hold);
    }

    /** CloudWatch's AWS/EFS metrics (GetMetricData). */
    public CloudWatchModel cloudWatch() {
        return cloudWatch;
    }

    public EfsModel efs() {
        return efs;
    }

    public EksModel eks() {
        return eks;
    }

    public SnsModel sns() {
        return sns;
    }

    public SsmModel ssm() {
        return ssm;
    }

    public StepFunctionsModel stepFunctions() {
        return stepFunctions;
    }

    public EventBridgeModel events() {
        return events;
    }

    /** The hook functions (Lambda Invoke). */
    public LambdaModel lambda() {
        return lambda;
    }

    public S3Model s3() {
        return s3;
    }

    public Route53Model route53() {
        return route53;
    }

    /**
     * The operations each stand-in serves, by SigV4 signing name, in the order of its operation table: the
     * names a fault plan's {@code operation}, the call journal and docs/sandbox.md "AWS operations served" use.
     */
    public Map<String, List<String>> operations() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        services.forEach(s ->
                out.put(s.service(), s.table().stream().map(Operation::name).toList()));
        return Collections.unmodifiableMap(out);
    }

    /** Whether {@code service}'s {@code operation} changes the world (journaled as mutating). */
    public boolean mutating(String service, String operation) {
        return services.stream().anyMatch(s -> s.service().equals(service) && s.isMutating(operation));
    }

    /** Every call received, with its outcome. */
    public CallJournal calls() {
        return calls;
    }

    /** See {@link EfsModel#addChangeListener}. */
    public void addChangeListener(Runnable listener) {
        efs.addChangeListener(listener);
    }

    /** Stops serving, dropping calls still held by a TIMEOUT fault. */
    @Override
    public void close() {
        dispatcher.dropHeld();
        server.stop(0);
        scheduler.shutdownNow();
        executor.shutdownNow();
    }
}
