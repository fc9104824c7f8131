import FluentKit
import SQLKit

/// The inventory: resellers, customers, services and their references, IP assignments over time,
/// the provider's own networks and infrastructure, and the revision counter that tells other
/// processes the inventory changed.
///
/// Instants are BIGINT seconds since the Unix epoch on both back ends, so that SQLite and
/// PostgreSQL compare them the same way. Prefixes are canonical text (`192.0.2.0/24`).
struct CreateInventory: AsyncMigration {
    var name: String { "001_create_inventory" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "resellers")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("language", type: .text, .notNull)
            .column("created_at", type: .bigint)
            .run()
        try await sql.create(table: "customers")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("reseller_id", type: .text, .references("resellers", "id"))
            .column("name", type: .text, .notNull)
            .column("language", type: .text, .notNull)
            .column("created_at", type: .bigint)
            .column("flags", type: .text, .notNull)
            .run()
        try await sql.create(index: "customers_reseller_id").on("customers").column("reseller_id").run()
        // Contacts of resellers and customers, by role; `owner_kind` is `reseller` or `customer`.
        try await sql.create(table: "contacts")
            .column("owner_kind", type: .text, .notNull)
            .column("owner_id", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("position", type: .int, .notNull)
            .column("address", type: .text, .notNull)
            .primaryKey(["owner_kind", "owner_id", "role", "position"])
            .run()
        try await sql.create(table: "services")
            .column("id", type: .text, .primaryKey(autoIncrement: false))
            .column("customer_id", type: .text, .notNull, .references("customers", "id"))
            .column("label", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("status", type: .text, .notNull)
            .run()
        try await sql.create(index: "services_customer_id").on("services").column("customer_id").run()
        // Identifiers of a service in other systems (`whmcs.service_id` → `4711`).
        try await sql.create(table: "service_references")
            .column("service_id", type: .text, .notNull, .references("services", "id"))
            .column("name", type: .text, .notNull)
            .column("value", type: .text, .notNull)
            .primaryKey(["service_id", "name"])
            .run()
        try await sql.create(index: "service_references_lookup").on("service_references").column("name").column("value").run()
        // One row per holder of a prefix over a half-open interval; a prefix cannot have two
        // holders starting at the same instant, so (prefix, valid_from) is the key.
        try await sql.create(table: "ip_assignments")
            .column("prefix", type: .text, .notNull)
            .column("valid_from", type: .bigint, .notNull)
            .column("valid_until", type: .bigint)
            .column("service_id", type: .text, .notNull, .references("services", "id"))
            .column("family", type: .smallint, .notNull)
            .primaryKey(["prefix", "valid_from"])
            .run()
        try await sql.create(index: "ip_assignments_service_id").on("ip_assignments").column("service_id").run()
        try await sql.create(table: "provider_networks")
            .column("prefix", type: .text, .primaryKey(autoIncrement: false))
            .column("label", type: .text, .notNull)
            .run()
        try await sql.create(table: "provider_infrastructure")
            .column("prefix", type: .text, .primaryKey(autoIncrement: false))
            .column("role", type: .text, .notNull)
            .column("label", type: .text, .notNull)
            .run()
        // A single row whose revision grows with every inventory change; every process polls it
        // to know when its attribution table is stale.
        try await sql.create(table: "inventory_state")
            .column("id", type: .int, .primaryKey(autoIncrement: false))
            .column("revision", type: .bigint, .notNull)
            .column("changed_at", type: .bigint, .notNull)
            .run()
        try await sql.insert(into: "inventory_state").columns("id", "revision", "changed_at").values(1, 0, 0).run()
        // What each import did, for the record.
        try await sql.create(table: "inventory_imports")
            .column("revision", type: .bigint, .primaryKey(autoIncrement: false))
            .column("imported_at", type: .bigint, .notNull)
            .column("source", type: .text, .notNull)
            .column("mode", type: .text, .notNull)
            .column("summary", type: .text, .notNull)
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in [
            "inventory_imports", "inventory_state", "provider_infrastructure", "provider_networks", "ip_assignments",
            "service_references", "services", "contacts", "customers", "resellers",
        ] {
            try await sql.drop(table: table).ifExists().run()
        }
    }
}
