package dev.quiesce.processor.validation;

import dev.quiesce.processor.ValidationReport;
import dev.quiesce.processor.model.WriterModel;
import java.util.Objects;
import java.util.Optional;

/**
 * What validating one writer gave: the report to print and the model to generate from. The
 * processor prints the report and generates only if it is clean.
 *
 * @param report the problems of the writer, its handlers and the session state classes they take
 * @param model the writer read into a model; empty if the report is not clean, and when javac could
 *     not attribute an attribute of {@code @Writer} (javac reports that itself)
 */
public record WriterValidation(ValidationReport report, Optional<WriterModel> model) {
  /** Checks both are present. */
  public WriterValidation {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(model, "model");
  }
}
