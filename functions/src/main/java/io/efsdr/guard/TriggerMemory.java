package io.efsdr.guard;

import io.efsdr.aws.AwsCalls;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Remembers the last thing the trigger reported, so an alarm it declines to act on is reported
 * once and not at every redelivery.
 */
public final class TriggerMemory {
  private final SsmClient ssm;
  private final String parameterName;

  public TriggerMemory(SsmClient ssm, String parameterName) {
    this.ssm = ssm;
    this.parameterName = parameterName;
  }

  /** True the first time {@code key} is seen (and remembers it); false for a repeat. */
  public boolean firstReport(String key) {
    String last = AwsCalls.call("SSM GetParameter " + parameterName, () -> {
      try {
        return ssm.getParameter(r -> r.name(parameterName)).parameter().value();
      } catch (ParameterNotFoundException e) {
        return null;
      }
    });
    if (key.equals(last)) {
      return false;
    }
    AwsCalls.call("SSM PutParameter " + parameterName, () ->
        ssm.putParameter(r -> r.name(parameterName).value(key).type(ParameterType.STRING).overwrite(true)));
    return true;
  }
}
