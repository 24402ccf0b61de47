package io.efsdr.sandbox.aws;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** SSM parameters per region, each with a version that starts at 1. Thread-safe. */
public final class SsmModel {
  private final Clock clock;
  private final Map<String, SsmParameter> parameters = new ConcurrentHashMap<>();

  SsmModel(Clock clock) {
    this.clock = clock;
  }

  /** Seeds or overwrites a {@code String} parameter. */
  public SsmParameter put(String region, String name, String value) {
    return put(region, name, "String", value, true);
  }

  public Optional<SsmParameter> get(String region, String name) {
    return Optional.ofNullable(parameters.get(key(region, name)));
  }

  /**
   * Stores a value; the version grows by one on overwrite.
   *
   * @throws ServiceError {@code ParameterAlreadyExists} when it exists and {@code overwrite} is
   *     false
   */
  SsmParameter put(String region, String name, String type, String value, boolean overwrite) {
    return parameters.compute(
        key(region, name),
        (k, old) -> {
          if (old != null && !overwrite) {
            throw new ServiceError(
                400,
                "ParameterAlreadyExists",
                "The parameter already exists. To overwrite this value, set the overwrite option in"
                    + " the request to true.");
          }
          long version = old == null ? 1 : old.version() + 1;
          String effectiveType = type != null ? type : old != null ? old.type() : "String";
          return new SsmParameter(region, name, effectiveType, value, version, clock.instant());
        });
  }

  private static String key(String region, String name) {
    return region + "|" + name;
  }
}
