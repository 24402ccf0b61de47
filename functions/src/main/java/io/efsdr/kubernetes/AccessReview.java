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

    private record Question(RequiredAccess.Permission permission, String namespace) {}

    /** The required permissions the caller lacks in the site's cluster, as a person reads them; empty when none. */
    public List<String> denied(Site site, Collection<String> namespaces, int concurrency) {
        KubernetesApi client = connections.client(site);
        List<Question> questions = new ArrayList<>();
        for (RequiredAccess.Permission permission : RequiredAccess.VERBS) {
            if (permission.namespaced()) {
                namespaces.forEach(namespace -> questions.add(new Question(permission, namespace)));
            } else {
                questions.add(new Question(permission, null));
            }
        }
        List<Boolean> answers = Parallel.map(questions, concurrency, q -> allowed(client, q));
        List<String> denied = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            if (!answers.get(i)) {
                denied.add(
                        questions.get(i).permission().describe(questions.get(i).namespace()));
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
        JsonNode answer = client.create(Paths.selfSubjectAccessReviews(), review);
        return answer.path("status").path("allowed").asBoolean(false);
    }
}
