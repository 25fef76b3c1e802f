package dev.grantor.bootstrap;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the real command tree in-process and keeps what it printed. */
record Cli(int exitCode, String out, String err) {

    static Cli run(String... args) {
        return run(Map.of(), args);
    }

    static Cli run(Map<String, String> environment, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = GrantorCli.commandLine(environment);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** The single line a command printed on stdout: an id or a token. */
    String printed() {
        return out.strip();
    }
}
