package dev.quiesce.processor.testing;

import dev.quiesce.processor.QuiesceProcessor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Runs the Quiesce processor with a {@link Filer} that throws an unchecked exception when asked to
 * create a source file whose name contains a marker: a stand-in for any bug or hostile environment,
 * to check that the processor turns it into an error instead of crashing javac.
 */
public final class CrashingFilerProcessor implements Processor {
  private final Processor delegate = new QuiesceProcessor();
  private final String marker;

  /** Crashes on source files whose name contains {@code marker}. */
  public CrashingFilerProcessor(String marker) {
    this.marker = marker;
  }

  @Override
  public void init(ProcessingEnvironment env) {
    Filer filer = env.getFiler();
    Filer crashing =
        proxy(
            Filer.class,
            filer,
            (proxy, method, args) -> {
              if (method.getName().equals("createSourceFile")
                  && args[0].toString().contains(marker)) {
                throw new IllegalStateException("simulated crash writing " + args[0]);
              }
              return invoke(method, filer, args);
            });
    delegate.init(
        proxy(
            ProcessingEnvironment.class,
            env,
            (proxy, method, args) ->
                method.getName().equals("getFiler") ? crashing : invoke(method, env, args)));
  }

  private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            CrashingFilerProcessor.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }

  @Override
  public Iterable<? extends Completion> getCompletions(
      Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
    return delegate.getCompletions(element, annotation, member, userText);
  }
}
