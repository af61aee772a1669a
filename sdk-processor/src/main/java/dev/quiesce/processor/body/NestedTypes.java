package dev.quiesce.processor.body;

import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Types;

/**
 * Which member classes met while reading a class are not part of its code: writers (checked on
 * their own) and supertypes of the class being read (read as part of its hierarchy).
 */
final class NestedTypes {
  private final Types types;
  private final MemberMethods methods;

  NestedTypes(Types types) {
    this.types = types;
    this.methods = new MemberMethods(types);
  }

  /** How the methods of the member classes that are read with the class start running. */
  MemberMethods methods() {
    return methods;
  }

  boolean readSeparately(TypeElement member, TypeElement reading) {
    return member != null
        && (Writers.isWriter(member)
            || types.isSubtype(types.erasure(reading.asType()), types.erasure(member.asType())));
  }
}
