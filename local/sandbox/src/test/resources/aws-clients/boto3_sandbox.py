"""boto3 against the sandbox: the environment (AWS_ENDPOINT_URL, keys, AWS_DEFAULT_REGION) names it.

Prints one JSON object of what each call answered; exits 3 when boto3 is not installed.
Run by AwsCliCompatibilityTest.
"""
import json
import sys

try:
    import boto3
    from botocore.exceptions import ClientError
except ImportError:
    sys.exit(3)


def error_code(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


out = {
    "account": boto3.client("sts").get_caller_identity()["Account"],
    "fileSystems": [f["FileSystemId"] for f in boto3.client("efs").describe_file_systems()["FileSystems"]],
    "plan": boto3.client("ssm").get_parameter(Name="/efs-dr/plan")["Parameter"]["Name"],
    "stateMachines": [m["name"] for m in boto3.client("stepfunctions").list_state_machines()["stateMachines"]],
    "clusters": boto3.client("eks").list_clusters()["clusters"],
    "topics": [t["TopicArn"] for t in boto3.client("sns").list_topics()["Topics"]],
    "auditKeys": [o["Key"] for o in boto3.client("s3").list_objects_v2(Bucket="efs-dr-audit").get("Contents", [])],
    "cloudwatchError": error_code(lambda: boto3.client("cloudwatch").describe_alarms()),
    "iamError": error_code(lambda: boto3.client("iam").list_users()),
}
print(json.dumps(out))
