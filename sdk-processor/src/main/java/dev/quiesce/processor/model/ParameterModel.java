package dev.quiesce.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.Objects;

/**
 * One handler parameter: where its value comes from and, for a context or a {@code @SessionState}
 * class, the class to cast to or ask the session for.
 *
 * @param source where the dispatcher takes the value from
 * @param type the parameter's class (for {@code Optional<SnapshotSetId>}, {@code Optional})
 */
public record ParameterModel(ParameterSource source, ClassName type) {
  /** Checks both are present. */
  public ParameterModel {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
  }
}
