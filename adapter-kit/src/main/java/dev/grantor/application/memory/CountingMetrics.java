package dev.grantor.application.memory;

import dev.grantor.application.port.out.DeliveryMetrics;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The counting double of {@link DeliveryMetrics}: how many messages of each kind the relay sent, failed or parked, and how
 * many of its settlements were superseded.
 */
public final class CountingMetrics implements DeliveryMetrics {

    public final Map<Kind, Integer> sent = Collections.synchronizedMap(new EnumMap<>(Kind.class));
    public final Map<Kind, Integer> failed = Collections.synchronizedMap(new EnumMap<>(Kind.class));
    public final Map<Kind, Integer> parked = Collections.synchronizedMap(new EnumMap<>(Kind.class));
    public final Map<Kind, Integer> superseded = Collections.synchronizedMap(new EnumMap<>(Kind.class));

    @Override
    public void sent(Kind kind) {
        sent.merge(kind, 1, Integer::sum);
    }

    @Override
    public void failed(Kind kind) {
        failed.merge(kind, 1, Integer::sum);
    }

    @Override
    public void parked(Kind kind) {
        parked.merge(kind, 1, Integer::sum);
    }

    @Override
    public void superseded(Kind kind) {
        superseded.merge(kind, 1, Integer::sum);
    }
}
