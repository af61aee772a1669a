package dev.quiesce.api;

/** What kind of data a writer owns (VSS's {@code VSS_USAGE_TYPE}), for requestors that filter. */
public enum UsageType {
  /** Not stated. */
  UNDEFINED,
  /** Data the system needs to boot. */
  BOOTABLE_SYSTEM_STATE,
  /** A system service's data. */
  SYSTEM_SERVICE,
  /** Application or user data. The default. */
  USER_DATA,
  /** Anything else. */
  OTHER
}
