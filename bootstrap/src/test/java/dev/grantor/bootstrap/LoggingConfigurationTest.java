package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.grantor.adapter.rest.RestApi;
import dev.grantor.bootstrap.logging.BatchingConsoleAppender;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void debug_is_grantor_s_and_its_libraries_not_the_jdk_s_certificate_store_and_process_starts() throws Exception {
        var context = new LoggerContext();
        context.putProperty(dev.grantor.bootstrap.logging.ConsoleLog.LEVEL_VARIABLE, "debug");
        var configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(GrantorCli.class.getResource("/logback.xml"));

        assertThat(context.getLogger(RestApi.class).isDebugEnabled()).isTrue();
        assertThat(context.getLogger("dev.grantor.application.outbox.OutboxRelay").isDebugEnabled()).isTrue();
        assertThat(context.getLogger("jdk.event.security").isDebugEnabled()).isFalse();
        assertThat(context.getLogger("java.lang.ProcessBuilder").isDebugEnabled()).isFalse();
        context.stop();
    }

    @Test
    void every_logger_writes_through_the_one_batching_appender_so_lines_keep_their_order_across_loggers() throws Exception {
        var context = shipped();
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(appenders::add);

        assertThat(appenders).singleElement().isInstanceOf(BatchingConsoleAppender.class)
                .satisfies(appender -> assertThat(appender.isStarted()).isTrue());
        for (String name : List.of(RestApi.ACCESS_LOGGER, "grantor.events", Service.class.getName())) {
            var logger = context.getLogger(name);
            assertThat(logger.isAdditive()).as(name).isTrue();
            assertThat(logger.iteratorForAppenders().hasNext()).as(name + " has no appender of its own").isFalse();
        }
        assertThat(context.getLogger(RestApi.ACCESS_LOGGER).isInfoEnabled()).isTrue();
        context.stop();
    }
}
