package io.efsdr.hooks;

import com.fasterxml.jackson.annotation.JsonValue;

/** How one hook call went. */
public enum HookStatus {
    /** The function answered, without a function error and without {@code "status": "fail"}. */
    OK("ok"),
    /** The call failed, the function raised an error, or it answered {@code "status": "fail"}. */
    FAIL("fail"),
    /** The call took longer than the hook's {@code timeoutSeconds}. */
    TIMEOUT("timeout"),
    /** A dry run calls no hook: a hook may change things. */
    SKIPPED_DRY_RUN("skipped-dry-run");

    private final String json;

    HookStatus(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Whether the hook's {@code onFailure} applies. */
    public boolean failed() {
        return this == FAIL || this == TIMEOUT;
    }
}
