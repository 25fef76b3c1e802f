/**
 * In-memory adapters of every secondary port, for tests of the engine and of hosts that embed it:
 * {@link dev.grantor.application.memory.InMemoryStore} (all storage ports over one transactional state),
 * {@link dev.grantor.application.memory.RecordingMailer} and
 * {@link dev.grantor.application.memory.RecordingEventSink} (keep what they were given, fail on demand),
 * and {@link dev.grantor.application.memory.MutableClock}. They pass every port contract of
 * {@link dev.grantor.application.contract}.
 */
package dev.grantor.application.memory;
