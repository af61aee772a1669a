package dev.quiesce.processor;

import com.google.auto.service.AutoService;
import dev.quiesce.processor.body.BodyRules;
import dev.quiesce.processor.codegen.DispatcherGenerator;
import dev.quiesce.processor.codegen.ServiceIndex;
import dev.quiesce.processor.model.ApiAnnotations;
import dev.quiesce.processor.model.EventSpec;
import dev.quiesce.processor.model.WriterModel;
import dev.quiesce.processor.validation.OrphanHandlerCheck;
import dev.quiesce.processor.validation.SessionStateValidator;
import dev.quiesce.processor.validation.UnresolvedTypes;
import dev.quiesce.processor.validation.WriterValidation;
import dev.quiesce.processor.validation.WriterValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The Quiesce annotation processor: checks {@code @Writer} classes and their handlers, and
 * generates one {@code <Writer>_Dispatcher} per writer plus the {@code META-INF/services} index the
 * runtime discovers them by.
 *
 * <p>Why it is built this way:
 *
 * <ul>
 *   <li>Validators return a {@link ValidationReport} per element, which the {@link Reporter}
 *       prints; a writer is generated only if its report is clean, whatever else the compilation
 *       reported.
 *   <li>It never throws into javac: each element is processed inside its own try block and a bug
 *       becomes an {@link Diagnostic#INTERNAL_ERROR} on that element, so one bad writer never hides
 *       the errors of the others.
 *   <li>A writer whose handler types do not resolve yet is deferred to the next round (another
 *       processor may generate them). If they never do, javac reports them where they are written
 *       ("cannot find symbol"), and the writer gets nothing more; only where javac's own reports
 *       are unknown (no Tree API) does the processor report, once, at the last round, on the
 *       element that uses the type.
 *   <li>It claims nothing ({@link #process} returns false), so other processors still see the
 *       annotations.
 *   <li>It names the thirteen annotations it handles instead of {@code dev.quiesce.api.*}: javac
 *       then calls it only for sources that use them, and the list documents exactly what triggers
 *       it ({@code @CallableDuring}, the other annotation of the package, is read by the body rules
 *       from the methods writers call, never looked up by annotation).
 *   <li>The services index is written once all rounds are done, so it is registered as an
 *       <em>aggregating</em> processor for Gradle.
 * </ul>
 */
@AutoService(Processor.class)
public final class QuiesceProcessor extends AbstractProcessor {
  /** Deferred writers by qualified name (their elements may differ next round), with the reason. */
  private final Map<String, UnresolvedTypes.Unresolved> deferred = new LinkedHashMap<>();

  private final ServiceIndex index = new ServiceIndex();
  private Reporter reporter;
  private BodyRules bodyRules;
  private JavacReports javacReports;
  private SessionStateValidator sessionStates;
  private WriterValidator writers;
  private DispatcherGenerator generator;
  private int round;

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    reporter = new Reporter(env.getMessager());
    bodyRules = BodyRules.create(env, reporter);
    javacReports = JavacReports.of(env);
    sessionStates = new SessionStateValidator(env.getElementUtils());
    writers = new WriterValidator(env, sessionStates);
    generator = new DispatcherGenerator(env.getElementUtils());
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> types = new LinkedHashSet<>();
    types.add(ApiAnnotations.WRITER);
    types.add(ApiAnnotations.SESSION_STATE);
    for (EventSpec event : EventSpec.values()) {
      types.add(event.annotationName());
    }
    return types;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    round++;
    try {
      if (roundEnv.processingOver()) {
        finish();
      } else {
        processRound(roundEnv);
      }
    } catch (RuntimeException | Error e) {
      reporter.reportWithoutElement(
          Diagnostic.INTERNAL_ERROR, "processing round " + round, Reporter.stackTrace(e));
    }
    return false;
  }

  private void processRound(RoundEnvironment roundEnv) {
    Elements elements = processingEnv.getElementUtils();
    for (Element element : annotatedWith(roundEnv, ApiAnnotations.SESSION_STATE)) {
      guarded(element, () -> reporter.print(sessionStates.validate((TypeElement) element)));
    }
    for (EventSpec event : EventSpec.values()) {
      for (Element method : annotatedWith(roundEnv, event.annotationName())) {
        guarded(method, () -> reporter.print(OrphanHandlerCheck.check(method, event)));
      }
    }
    List<TypeElement> toProcess = new ArrayList<>();
    for (Iterator<String> names = deferred.keySet().iterator(); names.hasNext(); ) {
      TypeElement writer = elements.getTypeElement(names.next());
      if (writer != null) {
        toProcess.add(writer);
        names.remove();
      }
    }
    toProcess.addAll(ElementFilter.typesIn(annotatedWith(roundEnv, ApiAnnotations.WRITER)));
    for (TypeElement writer : toProcess) {
      guarded(writer, () -> processWriter(writer));
    }
  }

  private Set<? extends Element> annotatedWith(RoundEnvironment roundEnv, String annotation) {
    TypeElement type = processingEnv.getElementUtils().getTypeElement(annotation);
    return type == null ? Set.of() : roundEnv.getElementsAnnotatedWith(type);
  }

  private void processWriter(TypeElement writer) {
    Optional<UnresolvedTypes.Unresolved> unresolved = UnresolvedTypes.in(writer);
    if (unresolved.isPresent()) {
      deferred.put(writer.getQualifiedName().toString(), unresolved.get());
      return;
    }
    WriterValidation validation = writers.validate(writer);
    reporter.print(validation.report());
    if (validation.report().isClean()) {
      validation.model().ifPresent(model -> generate(model, writer));
    }
    guarded(writer, () -> bodyRules.check(writer));
  }

  private void generate(WriterModel model, TypeElement writer) {
    try {
      generator.generate(model, writer).writeTo(processingEnv.getFiler());
      index.add(model.dispatcherType());
    } catch (IOException e) {
      reporter.report(
          Diagnostic.WRITE_FAILED, writer, model.dispatcherType().canonicalName(), e.toString());
    }
  }

  private void finish() {
    Elements elements = processingEnv.getElementUtils();
    for (Map.Entry<String, UnresolvedTypes.Unresolved> entry : deferred.entrySet()) {
      TypeElement writer = elements.getTypeElement(entry.getKey());
      if (writer != null) {
        // This round's elements: the deferred ones are from the round that deferred the writer.
        UnresolvedTypes.Unresolved unresolved = UnresolvedTypes.in(writer).orElse(entry.getValue());
        if (!javacReports.unresolvedIn(writer)) {
          reporter.report(
              Diagnostic.UNRESOLVED_TYPE,
              unresolved.element(),
              unresolved.annotation(),
              unresolved.value(),
              unresolved.where(),
              unresolved.type());
        }
      } else {
        UnresolvedTypes.Unresolved unresolved = entry.getValue();
        reporter.reportWithoutElement(
            Diagnostic.UNRESOLVED_TYPE, unresolved.where(), unresolved.type());
      }
    }
    deferred.clear();
    try {
      index.write(processingEnv.getFiler());
    } catch (IOException e) {
      reporter.reportWithoutElement(Diagnostic.WRITE_FAILED, ServiceIndex.PATH, e.toString());
    }
  }

  /** Runs {@code work} on {@code element}, turning any exception into an error on the element. */
  private void guarded(Element element, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      reporter.report(Diagnostic.INTERNAL_ERROR, element, element, Reporter.stackTrace(e));
    }
  }
}
