"""Writes, for each AWS::Serverless::StateMachine in a template, a CloudFormation template whose
AWS::StepFunctions::StateMachine carries the definition inline, so that cfn-lint checks it as it
checks inline definitions (rule E3601). SAM's DefinitionUri is never read by cfn-lint, and the
Fn::Join that SAM makes of an inline Definition is not checked either. Each ${Placeholder} is
replaced as CloudFormation would: a !Ref to a function's alias by that alias's ARN form.

Usage: python3 lint_state_machines.py TEMPLATE OUTPUT_DIR   (prints the files written)
"""
import json
import os
import re
import sys

from cfnlint.decode import decode

LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:{name}:{alias}"


def substitute(value, key):
    if isinstance(value, str):
        return value
    ref = value.get("Ref") if isinstance(value, dict) else None
    if isinstance(ref, str):
        match = re.fullmatch(r"(.+Function)Alias(\w+)", ref)
        if match:
            return LAMBDA_ARN.format(name=match.group(1), alias=match.group(2))
    return LAMBDA_ARN.format(name=key, alias="live")


def main(template_path, output_dir):
    template, problems = decode(template_path)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    root = os.path.dirname(os.path.abspath(template_path))
    os.makedirs(output_dir, exist_ok=True)
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::StateMachine":
            continue
        properties = resource.get("Properties", {})
        uri = properties.get("DefinitionUri")
        if not isinstance(uri, str):
            continue
        with open(os.path.join(root, uri), encoding="utf-8") as f:
            text = f.read()
        substitutions = properties.get("DefinitionSubstitutions", {}) or {}
        for key, value in substitutions.items():
            text = text.replace("${" + key + "}", substitute(value, key))
        lint_template = {
            "AWSTemplateFormatVersion": "2010-09-09",
            "Description": "Lint copy of " + uri + " (" + logical_id + "), definition inline",
            "Resources": {
                logical_id: {
                    "Type": "AWS::StepFunctions::StateMachine",
                    "Properties": {
                        "StateMachineType": properties.get("Type", "STANDARD"),
                        "RoleArn": "arn:aws:iam::123456789012:role/lint",
                        "Definition": json.loads(text),
                    },
                }
            },
        }
        out = os.path.join(output_dir, os.path.basename(uri).replace(".asl.json", ".lint.json"))
        with open(out, "w", encoding="utf-8") as f:
            json.dump(lint_template, f, indent=2)
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
