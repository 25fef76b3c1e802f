package dev.grantor.adapter.persistence.bench;

import dev.grantor.adapter.persistence.*;
import dev.grantor.application.port.in.*;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Either;
import java.lang.reflect.*;
import java.sql.*;
import java.util.*;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

public class PrepProbe {
  static final Map<String, AtomicInteger> PREPS = new ConcurrentHashMap<>();
  static volatile boolean on;
  public static void main(String[] a) throws Exception {
    for (Driver d : DriverManager.drivers().toList()) {
      if (d.acceptsURL("jdbc:sqlite:x.db")) {
        DriverManager.deregisterDriver(d);
        Driver real = d;
        DriverManager.registerDriver((Driver) Proxy.newProxyInstance(Driver.class.getClassLoader(), new Class<?>[]{Driver.class}, (p, m, args) -> {
          Object r = m.invoke(real, args);
          if (r instanceof Connection c) {
            return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class}, (p2, m2, args2) -> {
              if (m2.getName().equals("unwrap") && args2[0] == Connection.class) return p2;
              if ((on || System.getProperty("all") != null) && m2.getName().startsWith("prepare")) PREPS.computeIfAbsent(m2.getName()+"/"+(args2.length)+" "+((String) args2[0]).substring(0, Math.min(70, ((String) args2[0]).length())), k -> new AtomicInteger()).incrementAndGet();
              try { return m2.invoke(c, args2); } catch (InvocationTargetException e) { throw e.getCause(); }
            });
          }
          return r;
        }));
      }
    }
    var dir = java.nio.file.Files.createTempDirectory("probe");
    var storage = JdbcStorage.open(new StorageSettings("jdbc:sqlite:" + dir.resolve("g.db"), null, null, 4, true));
    var world = Samples.world(storage);
    var engine = Engines.over(storage);
    var grants = new ArrayList<GrantId>();
    storage.transactions().write(() -> { for (int i = 0; i < 300; i++) grants.add(Engines.issuePending(engine, world)); return Either.right(true); });
    for (int i = 0; i < 100; i++) fulfill(engine, world, grants.get(i));
    on = true;
    for (int i = 100; i < 300; i++) fulfill(engine, world, grants.get(i));
    on = false;
    PREPS.forEach((k, v) -> System.out.println(v + "  " + k));
    System.exit(0);
  }
  static void fulfill(dev.grantor.application.Grantor engine, Samples.World world, GrantId g) {
    var r = engine.fulfillment().fulfillLicenseKey(world.businessId(), g.value(), new dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey(Samples.keyValue(), null, null));
    if (r.isLeft()) throw new IllegalStateException(r.getLeft().message());
  }
}
