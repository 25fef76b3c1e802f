import dev.grantor.adapter.persistence.*; import dev.grantor.domain.grant.*; import io.vavr.control.Option;
import java.sql.*; import java.util.*;
public class Eng {
  public static void main(String[] a) throws Exception {
    var storage = JdbcStorage.open(new StorageSettings("jdbc:sqlite:" + a[0], null, null, 10, false));
    List<String> keys = new ArrayList<>();
    try (Connection c = storage.dataSource().getConnection(); ResultSet rs = c.createStatement().executeQuery("select value from license_keys limit 2000")) { while (rs.next()) keys.add(rs.getString(1)); }
    try (Connection c = storage.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(Micro.JOIN)) {
      Random r0 = new Random();
      for (int round = 0; round < 3; round++) { long t0 = System.nanoTime(); int n = 0;
        while (System.nanoTime() - t0 < 1_000_000_000L) { ps.setString(1, keys.get(r0.nextInt(keys.size()))); try (ResultSet rs = ps.executeQuery()) { rs.next(); rs.getString("id"); } n++; }
        System.out.printf("raw on the engine's pool, kept: %.1f us%n", 1e6 / n); }
    }
    var lk = storage.licenseKeys(); Random r = new Random();
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime(); int n = 0;
      while (System.nanoTime() - t0 < 2_000_000_000L) {
        var v = LicenseKeyValue.lookup(keys.get(r.nextInt(keys.size()))).get();
        if (lk.findForValidation(v, Option.none(), k -> false).isEmpty()) throw new IllegalStateException();
        n++;
      }
      System.out.printf("round %d: %.1f us per validation read (1 thread)%n", round, 2e6 / n);
    }
  }
}
