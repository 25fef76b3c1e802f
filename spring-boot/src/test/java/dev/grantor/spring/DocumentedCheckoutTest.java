package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.spring.shop.ShopApplication;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionInterceptor;

/**
 * The {@code placeOrder} block of docs/spring-boot.md, compiled as printed against this module's class path and run
 * behind Spring's own transaction interceptor, reading its {@code @Transactional}: what a reader copies issues the
 * grant with the order, and leaves no order when Grantor refuses.
 */
@SpringBootTest(classes = ShopApplication.class)
public class DocumentedCheckoutTest {

    /** What the documented method is, for a proxy of Spring's over the compiled class. */
    public interface PlaceOrder {
        GrantView placeOrder(BusinessId business, String entitlementId, String orderId, String email);
    }

    private static final Pattern BLOCK = Pattern.compile("<!-- snippet: spring-place-order -->\\s*```java\\n(.*?)\\n```", Pattern.DOTALL);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabases::sqliteUrl);
        properties.add("grantor.mail.pickup-directory", () -> TestDatabases.temporaryDirectory("grantor-pickup").toString());
    }

    @Autowired
    Grantor grantor;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @TempDir
    Path work;

    @Test
    void the_documented_method_issues_with_the_order_and_leaves_no_order_when_grantor_refuses() throws Exception {
        var checkout = documentedCheckout();
        var business = grantor.access().createBusiness("Shop").get().id();
        String entitlementId = grantor.entitlements().create(business, new CreateEntitlement("Shop Pro",
                LicenseKeyConfig.manual(), null, null)).get().id().value();

        String order = "ord_" + UUID.randomUUID();
        var grant = checkout.placeOrder(business, entitlementId, order, "ada@example.com");
        assertThat(grant.grant().status()).isEqualTo(GrantStatus.PENDING);
        assertThat(grant.grant().entitlementId().value()).isEqualTo(entitlementId);
        assertThat(orders(order)).isEqualTo(1);

        String refused = "ord_" + UUID.randomUUID();
        assertThatThrownBy(() -> checkout.placeOrder(business, "ent_unknown", refused, "bob@example.com"))
                .hasMessage("NOT_FOUND");
        assertThat(orders(refused)).as("the order written before Grantor's refusal is undone with it").isZero();
    }

    private int orders(String orderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM shop_orders WHERE id = ?", Integer.class, orderId);
    }

    private PlaceOrder documentedCheckout() throws Exception {
        var page = Files.readString(Path.of("..", "docs", "spring-boot.md"));
        var block = BLOCK.matcher(page);
        assertThat(block.find()).as("docs/spring-boot.md marks the placeOrder block").isTrue();
        String source = """
                package documented;

                import dev.grantor.application.Grantor;
                import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
                import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
                import dev.grantor.application.port.in.GrantView;
                import dev.grantor.domain.shared.BusinessId;
                import dev.grantor.domain.shared.GrantorError;
                import org.springframework.jdbc.core.JdbcTemplate;
                import org.springframework.transaction.annotation.Transactional;

                public class Checkout implements dev.grantor.spring.DocumentedCheckoutTest.PlaceOrder {

                    public static final class Refused extends RuntimeException {
                        public Refused(GrantorError error) {
                            super(error.code().name());
                        }
                    }

                    private final JdbcTemplate jdbc;
                    private final Grantor grantor;

                    public Checkout(JdbcTemplate jdbc, Grantor grantor) {
                        this.jdbc = jdbc;
                        this.grantor = grantor;
                    }

                %s
                }
                """.formatted(block.group(1));
        Path file = Files.writeString(Files.createDirectories(work.resolve("src/documented")).resolve("Checkout.java"), source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        String classPath = String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> Files.exists(Path.of(entry))).toList());
        var diagnostics = new ByteArrayOutputStream();
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics,
                "-proc:none", "-cp", classPath, "-d", classes.toString(), file.toString());
        assertThat(compiled).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        var loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        Object target = loader.loadClass("documented.Checkout").getConstructor(JdbcTemplate.class, Grantor.class)
                .newInstance(jdbc, grantor);
        var proxy = new ProxyFactory(target);
        proxy.addInterface(PlaceOrder.class);
        proxy.addAdvice(new TransactionInterceptor(transactions, new AnnotationTransactionAttributeSource()));
        return (PlaceOrder) proxy.getProxy(getClass().getClassLoader());
    }
}
