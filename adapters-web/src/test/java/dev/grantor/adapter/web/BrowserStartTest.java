package dev.grantor.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.SessionNotCreatedException;

/**
 * {@link Browser#open}'s start: one that fails for a reason of the moment is tried again (logged), one that never
 * starts fails loudly with every try's answer, and a mistake that is no start failure is not tried again. The policy
 * is checked with starts that fail as told; the real driver with a "Chromium" that exits at once.
 */
class BrowserStartTest {

    @TempDir
    Path dir;

    final List<String> logged = new ArrayList<>();

    @Test
    void a_start_that_fails_is_tried_again_and_logged_and_the_next_start_is_the_answer() {
        var tries = new AtomicInteger();

        String answer = Browser.started("chromium", 3, attempt -> {
            tries.incrementAndGet();
            if (attempt < 3) {
                throw new SessionNotCreatedException("DevTools did not answer in time (try " + attempt + ")");
            }
            return "started on try " + attempt;
        }, log());

        assertThat(answer).isEqualTo("started on try 3");
        assertThat(tries).hasValue(3);
        assertThat(logged).hasSize(2).allMatch(line -> line.startsWith("WARNING Chromium (chromium) did not start, try "));
        assertThat(logged.getFirst()).contains("try 1 of 3, starting it again with a fresh profile: ")
                .contains("DevTools did not answer in time (try 1)");
    }

    @Test
    void a_start_that_never_succeeds_fails_with_the_first_answer_as_cause_and_the_others_suppressed() {
        var tries = new AtomicInteger();

        assertThatThrownBy(() -> Browser.started("chromium", 3, attempt -> {
            tries.incrementAndGet();
            throw new SessionNotCreatedException("Chrome failed to start: exited normally (try " + attempt + ")");
        }, log()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Chromium (chromium) did not start in 3 tries, each with a fresh profile; the first"
                        + " try's answer: ")
                .hasMessageContaining("(try 1)")
                .satisfies(e -> {
                    assertThat(e.getCause()).isInstanceOf(SessionNotCreatedException.class);
                    assertThat(e.getCause().getSuppressed()).hasSize(2);
                });
        assertThat(tries).hasValue(3);
        assertThat(logged.getLast()).contains("try 3 of 3: ").doesNotContain("starting it again");
    }

    @Test
    void a_mistake_that_is_no_failed_start_is_thrown_at_once() {
        var tries = new AtomicInteger();

        assertThatThrownBy(() -> Browser.started("chromium", 3, attempt -> {
            tries.incrementAndGet();
            throw new IllegalArgumentException("no such option");
        }, log())).isInstanceOf(IllegalArgumentException.class).hasMessage("no such option");
        assertThat(tries).hasValue(1);
        assertThat(logged).isEmpty();
    }

    @Test
    void a_chromium_that_never_starts_fails_naming_it_after_every_try_through_the_real_driver() throws Exception {
        assertThat(Browser.CHROMEDRIVER).as(Browser.MISSING).exists();
        Path chromium = dir.resolve("chromium");
        Files.writeString(chromium, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(chromium, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> Browser.open(chromium))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Chromium (" + chromium + ") did not start in " + Browser.STARTS + " tries")
                .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasSize(Browser.STARTS - 1));
    }

    /** A logger that keeps each line as "LEVEL text". */
    private System.Logger log() {
        return new System.Logger() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public boolean isLoggable(Level level) {
                return true;
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
                logged.add(level + " " + message);
            }

            @Override
            public void log(Level level, ResourceBundle bundle, String format, Object... params) {
                logged.add(level + " " + format);
            }
        };
    }
}
