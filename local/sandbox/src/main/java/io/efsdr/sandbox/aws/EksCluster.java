package io.efsdr.sandbox.aws;

import java.net.URI;
import java.time.Instant;

/** A registered EKS cluster: what DescribeCluster answers. */
public record EksCluster(
        String region, String name, URI endpoint, String caDataBase64, String version, Instant createdAt) {

    public String arn() {
        return "arn:aws:eks:" + region + ":" + EfsModel.ACCOUNT + ":cluster/" + name;
    }
}
