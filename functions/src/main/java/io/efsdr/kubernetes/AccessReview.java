package io.efsdr.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.efsdr.config.Json;
import io.efsdr.plan.Site;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Asks a cluster, with the orchestrator's own identity, whether it may do each of
 * {@link RequiredAccess#VERBS}: one SelfSubjectAccessReview per permission and namespace. Creating
 * such a review needs no RBAC grant (every authenticated user may), so the answer shows the
 * caller's real rights without touching any object.
 */
public final class AccessReview {
    private final KubernetesClusters connections;

    public AccessReview(KubernetesClusters connections) {
        this.connections = connections;
    }

    /** One review: {@code name} set for a {@link RequiredAccess.NamedPermission}, else null. */
    private record Question(RequiredAccess.Permission permission, String namespace, String name, String description) {}

    /**
     * The required permissions the caller lacks in the site's cluster, as a person reads them; empty
     * when none: {@link RequiredAccess#VERBS} (the namespaced ones in each of {@code namespaces}) and
     * {@link RequiredAccess#POLICY_READS}.
     */
    public List<String> denied(Site site, Collection<String> namespaces, int concurrency) {
        List<Question> questions = questions(RequiredAccess.VERBS, namespaces);
        for (RequiredAccess.NamedPermission read : RequiredAccess.POLICY_READS) {
            questions.add(new Question(
                    new RequiredAccess.Permission(read.verb(), read.group(), read.resource(), null, false),
                    null,
                    read.name(),
                    read.describe()));
        }
        return ask(site, questions, concurrency);
    }

    /**
     * The permissions of {@code permissions} (the GitOps hand-over's {@link RequiredAccess#ARGO_CD}
     * or {@link RequiredAccess#FLUX}) the caller lacks in each of {@code namespaces} of the site's
     * cluster; empty when none.
     */
    public List<String> denied(
            Site site, List<RequiredAccess.Permission> permissions, Collection<String> namespaces, int concurrency) {
        return ask(site, questions(permissions, namespaces), concurrency);
    }

    private static List<Question> questions(
            List<RequiredAccess.Permission> permissions, Collection<String> namespaces) {
        List<Question> questions = new ArrayList<>();
        for (RequiredAccess.Permission permission : permissions) {
            if (permission.namespaced()) {
                namespaces.forEach(namespace ->
                        questions.add(new Question(permission, namespace, null, permission.describe(namespace))));
            } else {
                questions.add(new Question(permission, null, null, permission.describe(null)));
            }
        }
        return questions;
    }

    private List<String> ask(Site site, List<Question> questions, int concurrency) {
        KubernetesApi client = connections.client(site);
        List<Boolean> answers = Parallel.map(questions, concurrency, q -> allowed(client, q));
        List<String> denied = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            if (!answers.get(i)) {
                denied.add(questions.get(i).description());
            }
        }
        return denied;
    }

    private static boolean allowed(KubernetesApi client, Question question) {
        RequiredAccess.Permission permission = question.permission();
        ObjectNode review = Json.MAPPER.createObjectNode();
        review.put("apiVersion", "authorization.k8s.io/v1");
        review.put("kind", "SelfSubjectAccessReview");
        ObjectNode attributes = review.putObject("spec").putObject("resourceAttributes");
        if (question.namespace() != null) {
            attributes.put("namespace", question.namespace());
        }
        attributes.put("verb", permission.verb());
        attributes.put("group", permission.group());
        attributes.put("resource", permission.resource());
        if (permission.subresource() != null) {
            attributes.put("subresource", permission.subresource());
        }
        if (question.name() != null) {
            attributes.put("name", question.name());
        }
        JsonNode answer = client.create(Paths.selfSubjectAccessReviews(), review);
        return answer.path("status").path("allowed").asBoolean(false);
    }
}
