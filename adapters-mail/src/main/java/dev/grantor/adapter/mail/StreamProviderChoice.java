package dev.grantor.adapter.mail;

import jakarta.mail.util.StreamProvider;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Jakarta Mail looks its {@link StreamProvider} up through a {@link ServiceLoader} for every body part it creates and
 * every message it writes, and in a large class path (the service's single jar) that scan was a fifth of the CPU a
 * delivery email costs. Naming the provider in the system property Jakarta Mail reads first turns the lookup into a
 * class load. Only the provider the service loader finds first anyway is named, only when the system class loader
 * defined it (where Jakarta Mail then loads it from), and never over a choice the host already made.
 */
final class StreamProviderChoice {

    static final String PROPERTY = StreamProvider.class.getName();

    private static final AtomicBoolean SETTLED = new AtomicBoolean();

    private StreamProviderChoice() {}

    static void settle() {
        if (!SETTLED.compareAndSet(false, true) || System.getProperty(PROPERTY) != null) {
            return;
        }
        ClassLoader system = ClassLoader.getSystemClassLoader();
        ServiceLoader.load(StreamProvider.class, system).stream().findFirst()
                .map(ServiceLoader.Provider::type)
                .filter(type -> type.getClassLoader() == system)
                .ifPresent(type -> System.setProperty(PROPERTY, type.getName()));
    }
}
