package io.efsdr.tools.workflow;

import io.efsdr.handler.StepCatalogue;
import io.efsdr.handler.StepCatalogue.Function;
import io.efsdr.notify.StepKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small builder of Amazon States Language for the two workflows: the Lambda Task with the standard
 * retry policy and timeout, the bounded poll loop, the hook run with its abort check, the approval
 * wait, the notification and the Choice/Pass/Wait/Fail states between them. Every shape that repeats
 * is written here once; {@link Workflows} only says which states there are and how they connect.
 *
 * <p>The output is plain maps and lists in a fixed key order, printed by {@link #print} in the layout
 * the repository's ASL files have always had (two-space indent, like Python's {@code json.dumps(d,
 * indent=2, ensure_ascii=False)}), so the committed files can be compared byte for byte.
 */
public final class Asl {
    /** The Task timeout of every Lambda Task: a backstop above the functions' 120 s timeout (template.yaml Globals). */
    static final int TASK_TIMEOUT_SECONDS = 150;

    /**
     * The one retry policy of every Lambda Task: Lambda's transient service errors, an unknown or
     * timed-out invocation, and a dependency the handler found unavailable. Errors of the step's own
     * logic are not retried: the execution stops at the step and a redrive resumes there.
     */
    static final List<Object> RETRY = List.of(
            retry(
                    2,
                    6,
                    60,
                    "Lambda.ServiceException",
                    "Lambda.AWSLambdaException",
                    "Lambda.SdkClientException",
                    "Lambda.TooManyRequestsException"),
            retry(5, 3, 60, "Lambda.Unknown", "Lambda.ClientExecutionTimeoutException"),
            retry(5, 4, 120, "io.efsdr.error.DependencyUnavailableException"));

    /** The order of a state's keys in the files. */
    private static final List<String> KEY_ORDER = List.of(("Type Comment Resource InputPath Parameters Result"
                    + " TimeoutSecondsPath ResultPath TimeoutSeconds Retry Catch Choices Default SecondsPath Error"
                    + " ErrorPath CausePath Next")
            .split(" "));

    private static final String NULL = "\u0000null";

    private Asl() {}

    private static Map<String, Object> retry(int interval, int attempts, int maxDelay, String... errors) {
        Map<String, Object> retry = obj("ErrorEquals", List.of(errors), "IntervalSeconds", interval);
        retry.putAll(obj("MaxAttempts", attempts, "BackoffRate", 2, "MaxDelaySeconds", maxDelay));
        retry.put("JitterStrategy", "FULL");
        return retry;
    }

    /** An ordered JSON object from key, value pairs. */
    public static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The parameters of a step that works on the plan for this run, then its own. */
    public static Map<String, Object> work(Object... keysAndValues) {
        Map<String, Object> map = obj("plan.$", "$.plan", "run.$", "$.run");
        map.putAll(obj(keysAndValues));
        return map;
    }

    /** A reference path to a step's result: {@code $.steps.<key>[.field]}. */
    public static String at(StepKey<?> key, String... field) {
        return "$.steps." + key.json() + (field.length == 0 ? "" : "." + String.join(".", field));
    }

    // Choice conditions

    public static Map<String, Object> isTrue(String variable) {
        return obj("Variable", variable, "BooleanEquals", true);
    }

    public static Map<String, Object> isFalse(String variable) {
        return obj("Variable", variable, "BooleanEquals", false);
    }

    public static Map<String, Object> is(String variable, String value) {
        return obj("Variable", variable, "StringEquals", value);
    }

    public static Map<String, Object> present(String variable) {
        return obj("Variable", variable, "IsPresent", true);
    }

    @SafeVarargs
    public static Map<String, Object> and(Map<String, Object>... conditions) {
        return obj("And", List.of(conditions));
    }

    @SafeVarargs
    public static Map<String, Object> or(Map<String, Object>... conditions) {
        return obj("Or", List.of(conditions));
    }

    /** A Catch: on {@code error}, keep it at {@code resultPath} and go to {@code next}. */
    public static Map<String, Object> catching(String error, String resultPath, String next) {
        return obj("ErrorEquals", List.of(error), "ResultPath", resultPath, "Next", next);
    }

    /** A Choice rule: when the condition holds, go to {@code next}. */
    public static Map<String, Object> when(Map<String, Object> condition, String next) {
        Map<String, Object> rule = new LinkedHashMap<>(condition);
        rule.put("Next", next);
        return rule;
    }

    /** One state under construction; {@link #comment} and {@link #set} add to it. */
    public static final class State {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        public State comment(String comment) {
            return set("Comment", comment);
        }

        /** Adds parameters (key, value pairs) to the Task's. */
        @SuppressWarnings("unchecked")
        public State with(Object... parameters) {
            ((Map<String, Object>) fields.get("Parameters")).putAll(obj(parameters));
            return this;
        }

        public State set(String key, Object value) {
            if (!KEY_ORDER.contains(key)) {
                throw new IllegalArgumentException("not a state key: " + key);
            }
            fields.put(key, value == null ? NULL : value);
            return this;
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            KEY_ORDER.stream().filter(fields::containsKey).forEach(k -> json.put(k, fields.get(k)));
            return json;
        }
    }

    /** A Task and the Choice after it that reads its result: a poll loop, or a hook run with its abort check. */
    public static final class Checked {
        private final StepKey<?> key;
        private final State task;
        private final State choice;
        private final List<Object> rules = new ArrayList<>();

        Checked(StepKey<?> key, State task, State choice) {
            this.key = key;
            this.task = task;
            this.choice = choice.set("Choices", rules);
        }

        /** Leaves for {@code next} when the task result's {@code flag} is true. */
        public Checked when(String flag, String next) {
            return when(isTrue(at(key, flag)), next);
        }

        public Checked when(Map<String, Object> condition, String next) {
            rules.add(Asl.when(condition, next));
            return this;
        }

        /** Adds the Task's own parameters; a poll's previous result and redrive count stay last. */
        @SuppressWarnings("unchecked")
        public Checked with(Object... parameters) {
            Map<String, Object> all = (Map<String, Object>) task.fields.get("Parameters");
            Map<String, Object> last = new LinkedHashMap<>();
            List.of("previous.$", "redriveCount.$").forEach(k -> {
                if (all.containsKey(k)) {
                    last.put(k, all.remove(k));
                }
            });
            all.putAll(obj(parameters));
            all.putAll(last);
            return this;
        }

        public Checked comment(String comment) {
            task.comment(comment);
            return this;
        }

        public Checked choiceComment(String comment) {
            choice.comment(comment);
            return this;
        }
    }

    /** One state machine: its states in the order they are declared, its Tasks from the step catalogue. */
    public static final class Machine {
        private final String workflow;
        private final String comment;
        private final int timeoutSeconds;
        private final Map<String, State> states = new LinkedHashMap<>();

        public Machine(String workflow, int timeoutSeconds, String comment) {
            this.workflow = workflow;
            this.timeoutSeconds = timeoutSeconds;
            this.comment = comment;
        }

        public State state(String name, String type) {
            if (states.containsKey(name)) {
                throw new IllegalArgumentException(workflow + ": state declared twice: " + name);
            }
            State state = new State().set("Type", type);
            states.put(name, state);
            return state;
        }

        private StepCatalogue.Step catalogued(String name) {
            return StepCatalogue.STEPS.stream()
                    .filter(s -> s.workflow().equals(workflow) && s.state().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(workflow + ": not in StepCatalogue: " + name));
        }

        /** A Lambda Task with the standard timeout and retry policy; its function and result key from the catalogue. */
        public State task(String name, Map<String, Object> parameters, String resultPath, String next) {
            Function function = catalogued(name).function();
            State state = state(name, "Task").set("Resource", "${" + function.id() + "Arn}");
            state.set("Parameters", parameters);
            if (resultPath != null) {
                state.set("ResultPath", resultPath);
            }
            return state.set("TimeoutSeconds", TASK_TIMEOUT_SECONDS)
                    .set("Retry", RETRY)
                    .set("Next", next);
        }

        /** A step on the plan for this run: parameters plan, run and the given pairs; result under its key. */
        public State step(String name, String next, Object... parameters) {
            StepKey<?> key = catalogued(name).result();
            return task(name, work(parameters), key == null ? null : at(key), next);
        }

        /**
         * A bounded poll loop as one declaration: the step (handed its own previous result and the
         * redrive count, so its deadline holds across polls and redrives), its Choice {@code check}
         * (rules added with {@link Checked#when}) and the Wait {@code wait} of its {@code nextPollSeconds}.
         * The bound is the handler's: each polled result carries its deadline.
         */
        public Checked poll(String name, String check, String wait) {
            return loop(name, check, wait, true);
        }

        /** A write fence put on or taken off, polled until it has propagated (its deadline needs no redrive count). */
        public Checked fence(String name, String check, String wait) {
            return loop(name, check, wait, false);
        }

        private Checked loop(String name, String check, String wait, boolean redrive) {
            StepKey<?> key = catalogued(name).result();
            Map<String, Object> all = work();
            all.put("previous.$", at(key));
            if (redrive) {
                all.put("redriveCount.$", "$$.Execution.RedriveCount");
            }
            Checked poll = new Checked(key, task(name, all, at(key), check), state(check, "Choice"));
            poll.choice.set("Default", wait);
            state(wait, "Wait").set("SecondsPath", at(key, "nextPollSeconds")).set("Next", name);
            return poll;
        }

        @SafeVarargs
        public final State choice(String name, String otherwise, Map<String, Object>... rules) {
            return state(name, "Choice").set("Choices", List.of(rules)).set("Default", otherwise);
        }

        /**
         * Runs the plan's hooks at one point: "Run After Wave Hooks" runs the afterWave hooks, and a
         * hook that aborts ends the run at "Notify Stopped By Hook" from the Choice "After Wave Hooks
         * Passed?"; otherwise on to {@code next} (or a further rule added with {@link Checked#when}).
         */
        public Checked hooks(String name, String next) {
            String point =
                    name.replaceFirst("^Run ", "").replaceFirst(" Hooks$", "").replace(" ", "");
            point = Character.toLowerCase(point.charAt(0)) + point.substring(1);
            String check = name.replaceFirst("^Run ", "") + " Passed?";
            State task = step(name, check, "at", point, "steps.$", "$.steps")
                    .comment("Calls the plan's " + point + " hooks in plan order (none in a dry run) and adds their"
                            + " results to $.steps.hooks; a failed hook with onFailure abort marks it aborted.");
            Checked hooks =
                    new Checked(StepKey.HOOKS, task, state(check, "Choice").set("Default", next));
            return hooks.when("aborted", "Notify Stopped By Hook");
        }

        /** Clears a step's result before a (re)started wait, so the poll starts a new deadline. */
        public State clear(String name, StepKey<?> key, String next) {
            return pass(name, at(key), next).set("Result", null);
        }

        public State pass(String name, String resultPath, String next) {
            return state(name, "Pass").set("ResultPath", resultPath).set("Next", next);
        }

        /** The first state: validates the stored plan and this execution's input. */
        public State validate(String next) {
            Map<String, Object> input = obj("input.$", "$", "executionName.$", "$$.Execution.Name");
            input.put("workflow", workflow);
            return task("Validate Plan", input, null, next);
        }

        /** A notification: best effort, so a failed notice goes on to {@code next} all the same. */
        public State notify(String name, String event, String next) {
            Map<String, Object> parameters = obj("approvals.$", "$.approvals", "plan.$", "$.plan", "run.$", "$.run");
            parameters.putAll(obj("event", event, "steps.$", "$.steps"));
            return task(name, parameters, "$.notification", next)
                    .set("Catch", List.of(catching("States.ALL", "$.notificationError", next)));
        }

        /**
         * Waits for an operator's decision (a task token sent by RequestApproval): approved goes on to
         * {@code next} with the answer under {@code $.approvals.<key>}; a timeout or a rejection records
         * the outcome in the two Pass states {@code outcomes} (timed out, rejected) and goes on to
         * {@code refused}.
         */
        public State approval(
                String name, String key, String question, String next, String refused, String... outcomes) {
            Map<String, Object> payload = obj("plan.$", "$.plan", "run.$", "$.run", "steps.$", "$.steps");
            payload.putAll(obj("token.$", "$$.Task.Token", "question", question));
            payload.put("timeoutSeconds.$", "$.run.approvalTimeoutSeconds");
            String function = "${" + catalogued(name).function().id() + "Arn}";
            State approval = state(name, "Task")
                    .set("Resource", "arn:aws:states:::lambda:invoke.waitForTaskToken")
                    .set("Parameters", obj("FunctionName", function, "Payload", payload))
                    .set("TimeoutSecondsPath", "$.run.approvalTimeoutSeconds")
                    .set("ResultPath", "$.approvals." + key)
                    .set("Retry", RETRY)
                    .set(
                            "Catch",
                            List.of(
                                    catching("States.Timeout", "$.error", outcomes[0]),
                                    catching("io.efsdr.error.ApprovalRejectedException", "$.error", outcomes[1])))
                    .set("Next", next);
            pass(outcomes[0], "$.approvalOutcome", refused).set("Result", "TIMED_OUT");
            pass(outcomes[1], "$.approvalOutcome", refused).set("Result", "REJECTED");
            return approval;
        }

        /** Where a hook that aborts ends the run ({@link #hooks} goes there): its notice, then the Fail. */
        public void stoppedByHook() {
            notify("Notify Stopped By Hook", "HOOK_ABORTED", "Stopped By Hook")
                    .comment("A hook with onFailure abort failed: says what has run and what state the world is in.");
            fail("Stopped By Hook")
                    .comment("A hook stopped the run: before the point of no return nothing was promoted; after it the"
                            + " notification says what state the world is in.")
                    .set("Error", "HookAborted")
                    .set("CausePath", at(StepKey.HOOKS, "summary"));
        }

        /** A refused or unanswered approval: the notice naming the approval's state, then the Fail with its error. */
        public State notApproved(String notice, String end, String approval) {
            notify(notice, "NOT_APPROVED", end).with("error.$", "$.error", "failedState", approval);
            return fail(end).set("ErrorPath", "$.error.Error").set("CausePath", "$.error.Cause");
        }

        public State fail(String name) {
            return state(name, "Fail");
        }

        public State succeed(String name) {
            return state(name, "Succeed");
        }

        /** The state machine as ordered JSON. */
        public Map<String, Object> json() {
            Map<String, Object> json =
                    obj("Comment", comment, "StartAt", "Validate Plan", "TimeoutSeconds", timeoutSeconds);
            Map<String, Object> all = new LinkedHashMap<>();
            states.forEach((name, state) -> all.put(name, state.json()));
            json.put("States", all);
            return json;
        }
    }

    /** Prints JSON as the files have it: two-space indent, ", " and ": " separators, non-ASCII as is. */
    public static String print(Object json) {
        StringBuilder out = new StringBuilder();
        print(json, out, "");
        return out.append('\n').toString();
    }

    private static void print(Object json, StringBuilder out, String indent) {
        String inner = indent + "  ";
        if (json == null || NULL.equals(json)) {
            out.append("null");
        } else if (json instanceof Map<?, ?> || json instanceof List<?>) {
            boolean object = json instanceof Map<?, ?>;
            Collection<?> items = object ? ((Map<?, ?>) json).entrySet() : (List<?>) json;
            out.append(object ? '{' : '[');
            String separator = "\n";
            for (Object item : items) {
                out.append(separator).append(inner);
                if (object) {
                    string((String) ((Map.Entry<?, ?>) item).getKey(), out);
                    out.append(": ");
                    item = ((Map.Entry<?, ?>) item).getValue();
                }
                print(item, out, inner);
                separator = ",\n";
            }
            out.append(items.isEmpty() ? "" : "\n" + indent).append(object ? '}' : ']');
        } else if (json instanceof String s) {
            string(s, out);
        } else if (json instanceof Number || json instanceof Boolean) {
            out.append(json);
        } else {
            throw new IllegalArgumentException("not JSON: " + json.getClass());
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            int escape = "\"\\\n\r\t\b\f".indexOf(c);
            if (escape >= 0) {
                out.append('\\').append("\"\\nrtbf".charAt(escape));
            } else {
                out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        out.append('"');
    }
}
