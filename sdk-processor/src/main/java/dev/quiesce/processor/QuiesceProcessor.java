package dev.quiesce.processor;

import com.google.auto.service.AutoService;
import dev.quiesce.processor.body.BodyRules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * The Quiesce annotation processor: checks {@code @Writer} classes and their handlers, and generates
 * one {@code <Writer>_Dispatcher} per writer plus the {@code META-INF/services} index the runtime
 * discovers them by. Skeleton: validation and generation land with the foundation issue.
 */
@AutoService(Processor.class)
public final class QuiesceProcessor extends AbstractProcessor {
  private Reporter reporter;
  private BodyRules bodyRules;

  @Override
  public synchronized void init(javax.annotation.processing.ProcessingEnvironment env) {
    super.init(env);
    reporter = new Reporter(env.getMessager());
    bodyRules = BodyRules.create(env, reporter);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("dev.quiesce.api.*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        try {
          if (element instanceof TypeElement type
              && annotation.getQualifiedName().contentEquals("dev.quiesce.api.Writer")) {
            bodyRules.check(type);
          }
        } catch (RuntimeException | Error e) {
          reporter.report(Diagnostic.INTERNAL_ERROR, element, element, stackTrace(e));
        }
      }
    }
    return false;
  }

  static String stackTrace(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
