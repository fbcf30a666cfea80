package dev.lockstep.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Snapshot names: each database's files carry a prefix that no other database's files start with, and an id is never
 * more than a plain file name.
 */
class SnapshotNameTest {
    private static final Instant WHEN = Instant.parse("2026-11-22T10:15:00Z");
    /** Names that share a start, differ only in case or punctuation, or are long enough to be shortened. */
    private static final List<String> DATABASES = List.of("shop", "shop-eu", "shop_eu", "shop.eu", "Shop", "SHOP",
            "shop-", "shop-2026", "shop-20261122t101500z-v1-to-v2", "shop.2deu", "shop 2", "ünïcödé", "магазин",
            "a".repeat(63), "a".repeat(62) + "b", "-".repeat(63), "-".repeat(62) + ".", "x/../y", "lockstep");

    @Test
    void readableNamesStayAsTheyAre() {
        assertThat(SnapshotName.newId("shop", WHEN, "41", "43")).isEqualTo("lockstep-shop-20261122t101500z-v41-to-v43");
        assertThat(SnapshotName.newId("orders_2", WHEN, null, "1")).isEqualTo("lockstep-orders_2-20261122t101500z-v0-to-v1");
        assertThat(SnapshotName.newId("shop-eu", WHEN, "1.2", "1.3"))
                .isEqualTo("lockstep-shop.2deu-20261122t101500z-v1.2-to-v1.3");
        assertThat(SnapshotName.encode("Shop")).isEqualTo(".53hop");
    }

    @Test
    void noDatabasesPrefixIsTheStartOfAnotherDatabasesNames() {
        Set<String> encodings = new HashSet<>();
        for (String database : DATABASES) {
            String encoded = SnapshotName.encode(database);
            assertThat(encoded).as(database).matches("[a-z0-9_.]{1,65}").doesNotContain("-");
            assertThat(encodings.add(encoded)).as("unique encoding of " + database).isTrue();
        }
        List<String> ids = new ArrayList<>();
        for (String database : DATABASES) {
            ids.add(SnapshotName.newId(database, WHEN, "1", "2"));
        }
        for (int i = 0; i < DATABASES.size(); i++) {
            for (int j = 0; j < DATABASES.size(); j++) {
                String database = DATABASES.get(i);
                String id = ids.get(j);
                assertThat(SnapshotName.belongsTo(id, database)).as(id + " belongs to " + database).isEqualTo(i == j);
                assertThat(SnapshotName.belongsTo(SnapshotName.numbered(id, 2), database)).isEqualTo(i == j);
            }
        }
    }

    @Test
    void aLongNameIsShortenedWithItsHashAndStaysDistinct() {
        String encoded = SnapshotName.encode("-".repeat(63));

        assertThat(encoded).hasSize(65).startsWith(".2d".repeat(16)).matches(".{48}\\.[0-9a-f]{16}");
        assertThat(SnapshotName.encode("-".repeat(62) + ".")).hasSize(65).isNotEqualTo(encoded);
        assertThat(SnapshotName.newId("é".repeat(31), WHEN, "1".repeat(200), "2")).hasSizeLessThan(160);
    }

    @Test
    void anIdIsAPlainFileNameAndNothingElse() {
        String id = SnapshotName.newId("shop", WHEN, "1", "2");

        assertThat(SnapshotName.isId(id)).isTrue();
        assertThat(SnapshotName.isId(SnapshotName.numbered(id, 12))).isTrue();
        for (String hostile : List.of("lockstep-shop/../../etc/passwd", "../" + id, id + "/x", id + "\0", "/" + id,
                "lockstep-..", "..", "", id.toUpperCase(), "lockstep-shop-20261122t101500z-v1-to-v2\n",
                "lockstep-sh\0p-20261122t101500z-v1-to-v2", "lockstep-shop-x-v1-to-v2")) {
            assertThat(SnapshotName.isId(hostile)).as(hostile).isFalse();
            assertThat(SnapshotName.belongsTo(hostile, "shop")).as(hostile).isFalse();
        }
    }

    @Test
    void versionsAreMadeSafeAndBounded() {
        assertThat(SnapshotName.newId("shop", WHEN, "2024.01/../x", "V3 beta"))
                .isEqualTo("lockstep-shop-20261122t101500z-v2024.01_.._x-to-vv3_beta");
        assertThat(SnapshotName.isId(SnapshotName.newId("shop", WHEN, "9".repeat(500), "1"))).isTrue();
    }
}
