package io.efsdr.plan;

import io.efsdr.aws.AwsCalls;
import io.efsdr.config.ParameterTier;
import io.efsdr.error.Causes;
import io.efsdr.error.InvalidInputException;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * Reads the plan from SSM Parameter Store through Powertools Parameters (decrypting SecureStrings).
 * The client and provider are made on the first read: only the functions that read the plan pay
 * for them at start-up.
 */
public final class SsmPlanSource implements PlanSource {
    private final Supplier<SsmClient> ssm;
    private final String parameterName;
    private final String region;
    private volatile SSMProvider provider;

    public SsmPlanSource(Supplier<SsmClient> ssm, String parameterName, String region) {
        this.ssm = ssm;
        this.parameterName = parameterName;
        this.region = region;
    }

    private SSMProvider provider() {
        SSMProvider made = provider;
        if (made == null) {
            made = SSMProvider.builder().withClient(ssm.get()).build();
            provider = made;
        }
        return made;
    }

    /**
     * Refuses a plan no SSM tier holds, naming the limits. GetParameter does not say the tier; the
     * smallest tier that holds the value is the one SSM must have stored it in (PutParameter refuses
     * a value over its tier's limit), so only a value over the Advanced limit can be refused here:
     * one that reached us from elsewhere than SSM, or from a stand-in that let it through.
     */
    static String withinTier(String parameterName, String value) {
        if (ParameterTier.holding(value) == null) {
            ParameterTier largest = ParameterTier.ADVANCED;
            throw new InvalidInputException("plan: parameter " + parameterName + " is " + ParameterTier.bytes(value)
                    + " bytes, over the " + largest.maxBytes() + "-byte limit of the " + largest.displayName()
                    + " tier, the largest SSM parameter tier (" + ParameterTier.STANDARD.displayName() + " holds "
                    + ParameterTier.STANDARD.maxBytes()
                    + " bytes): list many workloads with a selector rather than items"
                    + " (see README, 'The DR plan')");
        }
        return value;
    }

    @Override
    public String read() {
        return AwsCalls.call("SSM GetParameter " + parameterName + " in " + region, () -> {
            try {
                String value = provider().withDecryption().get(parameterName);
                if (value == null) {
                    throw new InvalidInputException("plan: parameter " + parameterName + " in " + region + " is empty");
                }
                return withinTier(parameterName, value);
            } catch (RuntimeException e) {
                if (Causes.find(e, ParameterNotFoundException.class).isPresent()) {
                    throw new InvalidInputException("plan: parameter " + parameterName + " does not exist in " + region
                            + "; store the plan there (see docs/plan.md)");
                }
                throw e;
            }
        });
    }
}
