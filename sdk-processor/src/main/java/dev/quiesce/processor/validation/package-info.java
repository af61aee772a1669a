/**
 * The declaration rules (DESIGN section 4, items 1 and 2, and the parameter rules of section 3),
 * one class per concern. Each reports every problem it finds, once, on the most precise element
 * (class, method, parameter, annotation or annotation value), and never stops at the first one.
 */
package dev.quiesce.processor.validation;
