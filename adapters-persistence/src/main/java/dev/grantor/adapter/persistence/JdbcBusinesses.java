package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Businesses;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;

final class JdbcBusinesses implements Businesses {

    private final JdbcTransactions transactions;

    JdbcBusinesses(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(Business business) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO businesses (id, name, default_brand_id, created_at)"
                        + " VALUES (:id, :name, :default_brand_id, :created_at)")
                .bind("id", business.id().value())
                .bind("name", business.name())
                .bind("default_brand_id", business.defaultBrandId().value())
                .bind("created_at", Columns.nanos(business.createdAt()))
                .execute());
    }

    @Override
    public Option<Business> find(BusinessId id) {
        return transactions.reading(handle -> handle.createQuery("SELECT id, name, default_brand_id, created_at"
                        + " FROM businesses WHERE id = :id")
                .bind("id", id.value())
                .map((rs, ctx) -> business(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public List<Business> list() {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT id, name, default_brand_id, created_at"
                        + " FROM businesses ORDER BY created_at, id")
                .map((rs, ctx) -> business(rs))
                .list()));
    }

    private static Business business(ResultSet rs) throws SQLException {
        return new Business(new BusinessId(rs.getString("id")), rs.getString("name"),
                new BrandId(rs.getString("default_brand_id")), Columns.instant(rs, "created_at"));
    }
}
