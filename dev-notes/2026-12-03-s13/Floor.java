import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The floor of "raw JDBC over HTTP" for issue 19: the same Javalin (virtual threads), HikariCP, Jackson and JDBC driver
 * as grantor.jar, serving raw's own fulfill transaction (bench/raw's Main.fulfill: select for update, insert the key,
 * update the grant, three outbox rows, commit) and raw's key lookup (one select, in auto-commit from a pool of its own,
 * {@code -Dreads=16}, so one round trip) behind the routes and bodies
 * wrk's fulfill.lua and validate.lua send. No authentication read, no idempotency, no relay, no validation of input.
 * Whatever this reaches is as far as any server on this stack can go on this machine.
 *
 * Run: java -cp grantor.jar Floor.java JDBC_URL PORT N IDS_FILE [POOL]   (the database is emptied first)
 */
public class Floor {
    record FulfillBody(String key) {}
    record ValidateBody(String license_key) {}
    record Delivered(String id, String status, String license_key) {}
    record Validated(boolean valid, String id, String status) {}

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BIZ = "bus_floor";
    static String url;
    static final int READS = Integer.getInteger("reads", 16);

    public static void main(String[] args) throws Exception {
        url = args[0];
        int port = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        var ids = Path.of(args[3]);
        int pool = args.length > 4 ? Integer.parseInt(args[4]) : 16;
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(pool);
        config.setMinimumIdle(pool);
        config.setAutoCommit(false);
        if (sqlite()) {
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.addDataSourceProperty("busy_timeout", "60000");
        }
        var ds = new HikariDataSource(config);
        // lookups in auto-commit, one statement and one round trip each (raw's loop also sends a COMMIT)
        var readConfig = new HikariConfig();
        config.copyStateTo(readConfig);
        readConfig.setPoolName("reads");
        readConfig.setAutoCommit(true);
        readConfig.setMaximumPoolSize(READS);
        readConfig.setMinimumIdle(READS);
        if (sqlite()) {
            readConfig.addDataSourceProperty("transaction_mode", "DEFERRED");
        }
        var reads = new HikariDataSource(readConfig);
        schema(ds, n, ids);
        String sel = sqlite() ? "select id, status, version from grants where id=? and business_id=?"
                : "select id, status, version from grants where id=? and business_id=? for update";
        Javalin.create(c -> {
            c.concurrency.useVirtualThreads = true;
            c.startup.showJavalinBanner = false;
            c.routes.post("/grants/{id}/license-key", ctx -> {
                if (!ctx.header("Authorization").startsWith("Bearer ")) { ctx.status(401); return; }
                var body = JSON.readValue(ctx.bodyAsBytes(), FulfillBody.class);
                String gid = ctx.pathParam("id");
                try (Connection con = ds.getConnection()) {
                    if (fulfill(con, sel, gid, body.key())) {
                        ctx.contentType("application/json").result(JSON.writeValueAsBytes(new Delivered(gid, "Delivered", body.key())));
                    } else {
                        ctx.status(409).result("{}");
                    }
                }
            });
            c.routes.post("/licenses/validate", ctx -> {
                var body = JSON.readValue(ctx.bodyAsBytes(), ValidateBody.class);
                try (Connection con = reads.getConnection(); PreparedStatement ps = con.prepareStatement(
                        "select id, status, activations_limit, expires_at from license_keys where key_value=?")) {
                    ps.setString(1, body.license_key());
                    Validated answer;
                    try (ResultSet rs = ps.executeQuery()) {
                        answer = rs.next() ? new Validated("Active".equals(rs.getString(2)), rs.getString(1), rs.getString(2))
                                : new Validated(false, null, null);
                    }
                    ctx.contentType("application/json").result(JSON.writeValueAsBytes(answer));
                }
            });
            c.routes.get("/ready", ctx -> ctx.result("ok"));
        }).start(port);
    }

    static boolean sqlite() { return url.startsWith("jdbc:sqlite"); }

    static boolean fulfill(Connection c, String sel, String gid, String key) throws SQLException {
        try {
            String st; int ver;
            try (PreparedStatement ps = c.prepareStatement(sel)) {
                ps.setString(1, gid); ps.setString(2, BIZ);
                try (ResultSet rs = ps.executeQuery()) { if (!rs.next()) { c.rollback(); return false; } st = rs.getString(2); ver = rs.getInt(3); }
            }
            if (!"Pending".equals(st)) { c.rollback(); return false; }
            Timestamp now = new Timestamp(System.currentTimeMillis());
            try (PreparedStatement ps = c.prepareStatement("insert into license_keys(id,business_id,grant_id,key_value,status,activations_limit,expires_at,created_at) values(?,?,?,?,'Active',?,?,?)")) {
                ps.setString(1, UUID.randomUUID().toString().substring(0, 26)); ps.setString(2, BIZ); ps.setString(3, gid); ps.setString(4, key);
                ps.setNull(5, Types.INTEGER); ps.setNull(6, Types.TIMESTAMP); ps.setTimestamp(7, now); ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("update grants set status='Delivered', delivered_at=?, updated_at=?, version=version+1 where id=? and version=?")) {
                ps.setTimestamp(1, now); ps.setTimestamp(2, now); ps.setString(3, gid); ps.setInt(4, ver);
                if (ps.executeUpdate() != 1) { c.rollback(); return false; }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into outbox(business_id,kind,payload,created_at,next_attempt_at,attempts) values(?,?,?,?,?,0)")) {
                String[][] rows = {{"email.license_key", "1500"}, {"event.grant_delivered", "1000"}, {"event.license_key_issued", "1000"}};
                for (String[] r : rows) {
                    ps.setString(1, BIZ); ps.setString(2, r[0]); ps.setString(3, payload(r[0], gid, key, Integer.parseInt(r[1])));
                    ps.setTimestamp(4, now); ps.setTimestamp(5, now); ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            return true;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    static String payload(String kind, String gid, String key, int size) {
        var sb = new StringBuilder(size + 64);
        sb.append("{\"type\":\"").append(kind).append("\",\"grant_id\":\"").append(gid).append("\",\"business_id\":\"").append(BIZ)
                .append("\",\"license_key\":\"").append(key).append("\",\"occurred_at\":\"").append(System.currentTimeMillis())
                .append("\",\"to\":\"customer@example.com\",\"subject\":\"Your license key\",\"body\":\"");
        sb.append("x".repeat(Math.max(0, size - sb.length() - 2))).append("\"}");
        return sb.toString();
    }

    static void schema(HikariDataSource ds, int n, Path ids) throws Exception {
        String ts = "timestamp", text = "text";
        String ident = sqlite() ? "integer primary key" : "bigint generated by default as identity primary key";
        try (Connection c = ds.getConnection(); var s = c.createStatement()) {
            for (String t : new String[] {"outbox", "license_keys", "grants"}) s.execute("drop table if exists " + t);
            s.execute("create table grants(id varchar(40) primary key, business_id varchar(26) not null, entitlement_id varchar(26) not null, customer_id varchar(26) not null, status varchar(16) not null, created_at " + ts + " not null, updated_at " + ts + " not null, delivered_at " + ts + " null, version int not null)");
            s.execute("create index grants_lookup on grants(business_id, entitlement_id, status, created_at desc, id desc)");
            s.execute("create table license_keys(id varchar(26) primary key, business_id varchar(26) not null, grant_id varchar(40) not null unique, key_value varchar(255) not null unique, status varchar(16) not null, activations_limit int null, expires_at " + ts + " null, created_at " + ts + " not null)");
            s.execute("create table outbox(id " + ident + ", business_id varchar(26) not null, kind varchar(32) not null, payload " + text + " not null, created_at " + ts + " not null, next_attempt_at " + ts + " not null, attempts int not null, sent_at " + ts + " null)");
            s.execute("create index outbox_due on outbox(next_attempt_at) where sent_at is null");
            c.commit();
            var now = new Timestamp(System.currentTimeMillis());
            try (var out = new PrintWriter(Files.newBufferedWriter(ids));
                 PreparedStatement ps = c.prepareStatement("insert into grants values(?,?,?,?,'Pending',?,?,null,0)")) {
                for (int i = 0; i < n; i++) {
                    String id = "entg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 21);
                    ps.setString(1, id); ps.setString(2, BIZ); ps.setString(3, "ent_" + (i % 100)); ps.setString(4, "cus_" + ThreadLocalRandom.current().nextInt(1000));
                    ps.setTimestamp(5, now); ps.setTimestamp(6, now); ps.addBatch();
                    out.println(id);
                    if (i % 1000 == 999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
            if (sqlite()) { s.execute("pragma wal_checkpoint(TRUNCATE)"); } else { s.execute("vacuum analyze"); s.execute("checkpoint"); }
        }
    }
}
