import java.sql.*; import java.util.*; import java.util.concurrent.atomic.*;
public class Micro {
  static final String COLS = "k.id, k.business_id, k.grant_id, k.customer_id, k.entitlement_id, k.value, k.source, k.activations_limit, k.expires_at_second, k.expires_at_nano, k.disabled_at, k.created_at, k.updated_at, k.version";
  static final String JOIN = "SELECT " + COLS + ", NULL AS instance_id, NULL AS instance_name, NULL AS instance_created_at, g.status AS grant_status FROM license_keys k LEFT JOIN grants g ON g.id = k.grant_id AND g.business_id || '' = k.business_id WHERE k.value = ?";
  static final String ONE = "SELECT " + COLS + " FROM license_keys k WHERE k.value = ?";
  public static void main(String[] a) throws Exception {
    String db = a[0]; String mode = a[1]; int threads = Integer.parseInt(a[2]); double secs = Double.parseDouble(a[3]);
    String sql = mode.startsWith("join") ? JOIN : ONE; boolean keep = mode.endsWith("kept");
    Properties p = new Properties(); p.setProperty("journal_mode","WAL"); p.setProperty("synchronous","FULL"); p.setProperty("foreign_keys","true"); p.setProperty("busy_timeout","5000");
    for (int i = 4; i < a.length; i++) { String[] kv = a[i].split("="); p.setProperty(kv[0], kv[1]); }
    List<String> keys = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, p); ResultSet rs = c.createStatement().executeQuery("select value from license_keys limit 2000")) { while (rs.next()) keys.add(rs.getString(1)); }
    Connection writer = null;
    if (System.getenv("WAL") != null) { writer = DriverManager.getConnection("jdbc:sqlite:" + db, p); var st = writer.createStatement(); st.execute("pragma wal_autocheckpoint=0");
      for (int i = 0; i < Integer.parseInt(System.getenv("WAL")); i++) st.executeUpdate("update license_keys set updated_at = updated_at + 0 where rowid = " + (1 + i % 2000));
      if (System.getenv("CKPT") != null) try (ResultSet rs = st.executeQuery("pragma wal_checkpoint(PASSIVE)")) { rs.next(); } }
    for (int round = 0; round < 3; round++) {
      AtomicLong n = new AtomicLong(); long end = System.nanoTime() + (long)(secs*1e9); Thread[] ts = new Thread[threads];
      for (int t = 0; t < threads; t++) { ts[t] = new Thread(() -> { try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, p)) {
          PreparedStatement kept = keep ? c.prepareStatement(sql) : null; Random r = new Random(); long k = 0;
          while (System.nanoTime() < end) {
            PreparedStatement ps = keep ? kept : c.prepareStatement(sql);
            ps.setString(1, keys.get(r.nextInt(keys.size())));
            try (ResultSet rs = ps.executeQuery()) { if (!rs.next()) throw new IllegalStateException(); rs.getString("id"); if (System.getenv("DONE") != null && rs.next()) throw new IllegalStateException(); }
            if (!keep) ps.close();
            k++;
          } n.addAndGet(k); } catch (SQLException e) { throw new RuntimeException(e); } }); ts[t].start(); }
      for (Thread t : ts) t.join();
      System.out.printf("%s threads=%d round=%d ops/s=%.0f%n", mode, threads, round, n.get()/secs);
    }
  }
}
