package io.efsdr.config;

import io.efsdr.aws.AwsCalls;
import io.efsdr.error.InvalidPlanException;
import io.efsdr.plan.PlanSource;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/** Reads the plan from SSM Parameter Store through Powertools Parameters (decrypting SecureStrings). */
public final class SsmPlanSource implements PlanSource {
  private final SSMProvider provider;
  private final String parameterName;
  private final String region;

  public SsmPlanSource(SsmClient ssm, String parameterName, String region) {
    this.provider = SSMProvider.builder().withClient(ssm).build();
    this.parameterName = parameterName;
    this.region = region;
  }

  @Override
  public String read() {
    return AwsCalls.call("SSM GetParameter " + parameterName + " in " + region, () -> {
      try {
        String value = provider.withDecryption().get(parameterName);
        if (value == null) {
          throw new InvalidPlanException("plan: parameter " + parameterName + " in " + region + " is empty");
        }
        return value;
      } catch (RuntimeException e) {
        if (causedBy(e, ParameterNotFoundException.class)) {
          throw new InvalidPlanException("plan: parameter " + parameterName + " does not exist in " + region
              + "; store the plan there (see README, 'The DR plan')");
        }
        throw e;
      }
    });
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
