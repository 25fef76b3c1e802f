package dev.grantor.doctests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The ports table and the list of contracts of docs/adapters.md against the code: an adapter author who implements
 * what the table lists, and runs what the list names, has implemented and certified every storage port the engine
 * takes ({@link Grantor.Storage}, its overridable defaults aside) and every contract the kit holds.
 */
class AdapterPortsTableTest {

    private static final Pattern NAME = Pattern.compile("`([A-Z][A-Za-z]+)`");

    @Test
    void the_ports_table_lists_every_port_the_engine_takes() {
        String page = Manual.page("adapters.md");
        String table = page.substring(page.indexOf("## The ports"), page.indexOf("Rules every storage adapter must keep"));
        var listed = new ArrayList<String>();
        for (String row : table.lines().filter(line -> line.startsWith("| `")).toList()) {
            var names = NAME.matcher(row.split("\\|")[1]);
            while (names.find()) {
                listed.add(names.group(1));
            }
        }
        var storage = Arrays.stream(Grantor.Storage.class.getMethods()).filter(method -> !method.isDefault())
                .map(Method::getReturnType).map(Class::getSimpleName).toList();
        assertThat(listed).containsAll(storage).contains("Mailer", "EventSink", "WebhookSender");
    }

    @Test
    void the_list_of_contracts_names_every_contract_of_the_kit() throws Exception {
        String page = Manual.page("adapters.md");
        String steps = page.substring(page.indexOf("4. Run `mvn test`"), page.indexOf("`ContractFixtures` in the same package"));
        var named = new ArrayList<String>();
        var names = NAME.matcher(steps);
        while (names.find()) {
            named.add(names.group(1));
        }
        // read from the kit's sources: this module sees the kit only as a POM (see its pom.xml)
        var contracts = new ArrayList<String>();
        var kit = Manual.root().resolve("adapter-kit/src/main/java/dev/grantor/application/contract");
        try (var files = java.nio.file.Files.list(kit)) {
            for (var file : files.filter(path -> path.getFileName().toString().endsWith("Contract.java")).toList()) {
                String source = java.nio.file.Files.readString(file);
                String name = file.getFileName().toString().replace(".java", "");
                if (source.contains("public abstract class " + name) && source.contains("@Test")) {
                    contracts.add(name);
                }
            }
        }
        assertThat(contracts).isNotEmpty();
        assertThat(named).containsAll(contracts);
    }
}
