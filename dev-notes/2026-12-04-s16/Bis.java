import dev.grantor.adapter.persistence.*; import java.sql.*; import java.util.*;
import org.sqlite.core.*;
public class Bis {
  public static void main(String[] a) throws Exception {
    var storage = JdbcStorage.open(new StorageSettings("jdbc:sqlite:" + a[0], null, null, 10, false));
    var ds = storage.dataSource();
    List<String> keys = new ArrayList<>();
    try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery("select value from license_keys limit 2000")) { while (rs.next()) keys.add(rs.getString(1)); }
    String[] cols = {"id","business_id","grant_id","customer_id","entitlement_id","value","source","activations_limit","expires_at_second","expires_at_nano","disabled_at","created_at","updated_at","version","instance_id","instance_name","instance_created_at","grant_status"};
    Map<Connection, PreparedStatement> kept = new HashMap<>();
    Set<String> opts = new HashSet<>(Arrays.asList(a).subList(1, a.length));
    Random r = new Random();
    for (int round = 0; round < 6; round++) {
      long t0 = System.nanoTime(); int n = 0;
      while (System.nanoTime() - t0 < 1_000_000_000L) {
        try (Connection c = ds.getConnection()) {
          Connection raw = c.unwrap(Connection.class);
          PreparedStatement ps = kept.get(raw);
          if (ps == null) { ps = raw.prepareStatement(opts.contains("one") ? Micro.ONE : Micro.JOIN); kept.put(raw, ps); }
          ps.setString(1, keys.get(r.nextInt(keys.size())));
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (opts.contains("allcols")) for (String col : cols) rs.getString(col); else rs.getString("id");
            if (opts.contains("next2")) rs.next();
          }
          if (opts.contains("reset")) ps.unwrap(CoreStatement.class).pointer.safeRunInt(DB::reset);
          if (opts.contains("clear") || opts.contains("clearBatch")) ps.clearBatch(); if (opts.contains("clear") || opts.contains("clearParameters")) ps.clearParameters();
        }
        n++;
      }
      if (round >= 3) System.out.printf("%s: %.1f us%n", opts, 1e6 / n);
    }
  }
}
