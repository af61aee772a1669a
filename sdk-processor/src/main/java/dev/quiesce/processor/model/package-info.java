/**
 * What the processor reads a writer into: plain records with no {@code Element} or {@code
 * TypeMirror}, so validation (which builds them) and generation (which reads them) stay apart and a
 * model is valid in any round. {@link dev.quiesce.processor.model.EventSpec} is the single table of
 * events, annotations, contexts and accepted parameters.
 */
package dev.quiesce.processor.model;
