/**
 * Text from outside (a peer's name, an archive's paths, a daemon's message) made safe to log or
 * print: {@link dev.quiesce.runtime.text.PeerText}.
 */
package dev.quiesce.runtime.text;
