package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.Test;

/** The logging configuration {@code grantor} ships (tests run with their own): what reaches the operator's stderr. */
class LoggingConfigurationTest {

    private static LoggerContext shipped() throws Exception {
        var context = new LoggerContext();
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(GrantorCli.class.getResource("/logback.xml"));
        return context;
    }

    @Test
    void javalin_logs_nothing_so_a_port_in_use_is_only_the_commands_one_line() throws Exception {
        var context = shipped();

        assertThat(context.getLogger("io.javalin.Javalin").isErrorEnabled()).isFalse();
        assertThat(context.getLogger("io.javalin.jetty.JettyServer").isErrorEnabled()).isFalse();
        assertThat(context.getLogger(Service.class).isInfoEnabled()).as("the service's own logs stay").isTrue();
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").isWarnEnabled()).isTrue();
    }
}
