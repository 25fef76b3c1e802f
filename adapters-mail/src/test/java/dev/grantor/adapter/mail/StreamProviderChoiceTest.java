package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.util.StreamProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class StreamProviderChoiceTest {

    @Test
    void the_provider_named_is_the_one_the_service_loader_finds_first_and_jakarta_mail_then_uses_it() {
        StreamProviderChoice.settle();

        var first = ServiceLoader.load(StreamProvider.class, ClassLoader.getSystemClassLoader()).stream().findFirst();
        assertThat(first).isPresent();
        if (first.get().type().getClassLoader() == ClassLoader.getSystemClassLoader()) {
            assertThat(System.getProperty(StreamProviderChoice.PROPERTY)).isEqualTo(first.get().type().getName());
        }
        assertThat(StreamProvider.provider()).isInstanceOf(first.get().type());
    }
}
