package io.efsdr.readiness;

/**
 * One readiness check: its name, how it came out, and why, in a sentence a person can act on.
 *
 * @param alert for a FAIL that needs someone now (writers in the inactive region), a headline for
 *     the notification's subject; null otherwise
 */
public record CheckResult(String name, CheckStatus status, String detail, String alert) {
    public CheckResult(String name, CheckStatus status, String detail) {
        this(name, status, detail, null);
    }

    static CheckResult alert(String name, String alert, String detail) {
        return new CheckResult(name, CheckStatus.FAIL, detail, alert);
    }

    static CheckResult ok(String name, String detail) {
        return new CheckResult(name, CheckStatus.OK, detail);
    }

    static CheckResult warn(String name, String detail) {
        return new CheckResult(name, CheckStatus.WARN, detail);
    }

    static CheckResult fail(String name, String detail) {
        return new CheckResult(name, CheckStatus.FAIL, detail);
    }

    /**
     * The metric name: {@code Readiness} + the name in CamelCase ({@code dr-storage-class} -> {@code
     * ReadinessDrStorageClass}).
     */
    public String metricName() {
        StringBuilder metric = new StringBuilder("Readiness");
        for (String part : name.split("-")) {
            metric.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return metric.toString();
    }
}
