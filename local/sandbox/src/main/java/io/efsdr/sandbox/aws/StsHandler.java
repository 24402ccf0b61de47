package io.efsdr.sandbox.aws;

import static io.efsdr.sandbox.aws.Operation.Effect.READ;

/**
 * STS GetCallerIdentity over the AWS query protocol (form-encoded POST, XML answers), so {@code aws
 * sts get-caller-identity} works against the sandbox. After the AWS STS API Reference,
 * "GetCallerIdentity": a {@code GetCallerIdentityResponse} in the namespace {@code
 * https://sts.amazonaws.com/doc/2011-06-15/} with {@code UserId}, {@code Account} and {@code Arn}
 * (botocore {@code data/sts/2011-06-15/service-2.json}, protocol {@code query}). The caller is the
 * sandbox's one IAM user in its one account, whatever key signed.
 */
final class StsHandler extends QueryService {
    static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    /** The sandbox's caller: an IAM user; the user id has the {@code AIDA} prefix IAM gives user ids. */
    static final String USER_ID = "AIDASANDBOXEXAMPLE00";

    static final String CALLER_ARN = "arn:aws:iam::" + EfsModel.ACCOUNT + ":user/efs-dr-sandbox";

    /** STS API Reference, "Common Errors": {@code Throttling} (400). */
    StsHandler() {
        super(
                "sts",
                "STS",
                NS,
                new FaultAnswers(
                        new ServiceError(400, "Throttling", "Rate exceeded"),
                        new ServiceError(500, "InternalFailure", "Internal failure (injected)")));
        operations(op(
                "GetCallerIdentity",
                READ,
                (request, params) -> Xml.element("Arn", CALLER_ARN)
                        + Xml.element("UserId", USER_ID)
                        + Xml.element("Account", EfsModel.ACCOUNT)));
    }
}
