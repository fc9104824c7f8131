import BailiffCore
import FluentKit
import SQLKit

/// Reads and writes the inventory.
public struct InventoryRepository: Sendable {
    let store: Store

    public init(_ store: Store) { self.store = store }

    /// The inventory revision: grows with every change, by any process or node.
    /// The contacts of one reseller or customer (`ownerKind` is `reseller` or `customer`).
    public static func contacts(ownerKind: String, ownerID: String, on sql: any SQLDatabase) async throws -> Contacts {
        var byRole: [ContactRole: [String]] = [:]
        for row in try await sql.select().columns("role", "address").from("contacts")
            .where("owner_kind", .equal, ownerKind).where("owner_id", .equal, ownerID).orderBy("position").all() {
            guard let role = ContactRole(rawValue: try row.decode(column: "role", as: String.self)) else { continue }
            byRole[role, default: []].append(try row.decode(column: "address", as: String.self))
        }
        return Contacts(byRole)
    }

    public func revision() async throws -> Int64 {
        let row = try await store.sql.select().column("revision").from("inventory_state").where("id", .equal, 1).first()
        guard let row else { throw StoreError("the database has no inventory state; run `bailiff migrate`") }
        return try row.decode(column: "revision", as: Int64.self)
    }

    /// The whole inventory, for building the attribution table and for planning imports.
    public func loadSnapshot() async throws -> InventorySnapshot {
        try await loadSnapshot(assignmentPrefixes: nil)
    }

    /// The part of the inventory that can answer for one address: the assignments of every
    /// prefix that contains it (at most 33 or 129 prefixes, found by the primary key), their
    /// services, customers and resellers, and all networks and infrastructure. An attribution
    /// table built from it answers for that address exactly as the full table would, without
    /// reading a million rows — what a one-off `bailiff whois` needs.
    public func loadSnapshot(covering address: IPAddress) async throws -> InventorySnapshot {
        let prefixes = (0...address.family.bitWidth).map { IPPrefix(address, length: $0).description }
        return try await loadSnapshot(assignmentPrefixes: prefixes)
    }

    private func loadSnapshot(assignmentPrefixes: [String]?) async throws -> InventorySnapshot {
        // Read in one transaction so that the revision matches the rows.
        try await store.database.transaction { database in
            let sql = database as! any SQLDatabase
            /// Restricts a query to `values` of `column`, unless the whole inventory is wanted.
            func only(_ query: SQLSelectBuilder, _ column: String, _ values: [String]?) -> SQLSelectBuilder {
                guard let values else { return query }
                return query.where(column, .in, values.isEmpty ? [""] : values)
            }
            let isPartial = assignmentPrefixes != nil
            var snapshot = InventorySnapshot()
            let revisionRow = try await sql.select().column("revision").from("inventory_state").where("id", .equal, 1).first()
            snapshot.revision = try revisionRow?.decode(column: "revision", as: Int64.self) ?? 0

            for row in try await only(sql.select().columns("prefix", "valid_from", "valid_until", "service_id").from("ip_assignments"), "prefix", assignmentPrefixes).all() {
                snapshot.assignments.append(Assignment(
                    prefix: try IPPrefix(parsing: try row.decode(column: "prefix", as: String.self)),
                    serviceID: try row.decode(column: "service_id", as: String.self),
                    validity: Validity(from: try row.decode(column: "valid_from", as: Int64.self), until: try row.decode(column: "valid_until", as: Int64?.self))
                ))
            }
            let serviceIDs = isPartial ? Array(Set(snapshot.assignments.map(\.serviceID))) : nil
            var references: [String: [String: String]] = [:]
            for row in try await only(sql.select().columns("service_id", "name", "value").from("service_references"), "service_id", serviceIDs).all() {
                references[try row.decode(column: "service_id", as: String.self), default: [:]][try row.decode(column: "name", as: String.self)] =
                    try row.decode(column: "value", as: String.self)
            }
            for row in try await only(sql.select().columns("id", "customer_id", "label", "kind", "status").from("services"), "id", serviceIDs).orderBy("id").all() {
                let id = try row.decode(column: "id", as: String.self)
                snapshot.services.append(Service(
                    id: id, customerID: try row.decode(column: "customer_id", as: String.self), label: try row.decode(column: "label", as: String.self),
                    kind: ServiceKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .other,
                    status: ServiceStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .active,
                    references: references[id] ?? [:]
                ))
            }
            let customerIDs = isPartial ? Array(Set(snapshot.services.map(\.customerID))) : nil
            var customerRows: [(id: String, resellerID: String?, name: String, language: String, createdAt: Int64?, flags: String)] = []
            for row in try await only(sql.select().columns("id", "reseller_id", "name", "language", "created_at", "flags").from("customers"), "id", customerIDs).orderBy("id").all() {
                customerRows.append((
                    try row.decode(column: "id", as: String.self), try row.decode(column: "reseller_id", as: String?.self),
                    try row.decode(column: "name", as: String.self), try row.decode(column: "language", as: String.self),
                    try row.decode(column: "created_at", as: Int64?.self), try row.decode(column: "flags", as: String.self)
                ))
            }
            let resellerIDs = isPartial ? Array(Set(customerRows.compactMap(\.resellerID))) : nil
            var resellerRows: [(id: String, name: String, language: String, createdAt: Int64?)] = []
            for row in try await only(sql.select().columns("id", "name", "language", "created_at").from("resellers"), "id", resellerIDs).orderBy("id").all() {
                resellerRows.append((
                    try row.decode(column: "id", as: String.self), try row.decode(column: "name", as: String.self),
                    try row.decode(column: "language", as: String.self), try row.decode(column: "created_at", as: Int64?.self)
                ))
            }

            var contacts: [String: [ContactRole: [String]]] = [:]
            let owners = isPartial ? customerRows.map(\.id) + resellerRows.map(\.id) : nil
            for row in try await only(sql.select().columns("owner_kind", "owner_id", "role", "address").from("contacts"), "owner_id", owners)
                .orderBy("owner_kind").orderBy("owner_id").orderBy("role").orderBy("position").all()
            {
                let owner = try row.decode(column: "owner_kind", as: String.self) + "/" + row.decode(column: "owner_id", as: String.self)
                guard let role = ContactRole(rawValue: try row.decode(column: "role", as: String.self)) else { continue }
                contacts[owner, default: [:]][role, default: []].append(try row.decode(column: "address", as: String.self))
            }
            snapshot.resellers = resellerRows.map {
                Reseller(id: $0.id, name: $0.name, language: $0.language, createdAt: $0.createdAt, contacts: Contacts(contacts["reseller/\($0.id)"] ?? [:]))
            }
            snapshot.customers = customerRows.map {
                Customer(
                    id: $0.id, resellerID: $0.resellerID, name: $0.name, language: $0.language, createdAt: $0.createdAt,
                    flags: Set($0.flags.split(separator: ",").compactMap { CustomerFlag(rawValue: String($0)) }),
                    contacts: Contacts(contacts["customer/\($0.id)"] ?? [:])
                )
            }
            for row in try await sql.select().columns("prefix", "label").from("provider_networks").all() {
                snapshot.networks.append(ProviderNetwork(
                    prefix: try IPPrefix(parsing: try row.decode(column: "prefix", as: String.self)), label: try row.decode(column: "label", as: String.self)
                ))
            }
            for row in try await sql.select().columns("prefix", "role", "label").from("provider_infrastructure").all() {
                snapshot.infrastructure.append(InfrastructureEntry(
                    prefix: try IPPrefix(parsing: try row.decode(column: "prefix", as: String.self)),
                    role: InfrastructureRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .other,
                    label: try row.decode(column: "label", as: String.self)
                ))
            }
            return snapshot
        }
    }

    /// Reads, checks and applies an inventory file in one transaction: all of it or none of it.
    ///
    /// Throws ``InventoryImportError`` listing every problem when the file is bad, and
    /// ``StoreError`` when another import changed the inventory meanwhile (run it again).
    @discardableResult
    public func importInventory(
        _ document: InventoryDocument, mode: InventoryImportMode, now: Int64, source: String, readProblems: [ImportProblem] = []
    ) async throws -> (plan: InventoryImportPlan, revision: Int64) {
        let current = try await loadSnapshot()
        let plan = try InventoryImportPlanner.plan(document, current: current, mode: mode, now: now, readProblems: readProblems)
        guard !plan.isEmpty else { return (plan, current.revision) }
        let revision = try await apply(plan, expectedRevision: current.revision, now: now, source: source, mode: mode)
        return (plan, revision)
    }

    /// Writes a plan; fails without writing if the inventory moved past `expectedRevision`.
    func apply(_ plan: InventoryImportPlan, expectedRevision: Int64, now: Int64, source: String, mode: InventoryImportMode) async throws -> Int64 {
        try await store.writeTransaction { sql in
            // Take the write lock first (SQLite: the first write; PostgreSQL: the row lock), then check
            // that nobody changed the inventory since it was read for planning.
            try await sql.update("inventory_state").set("revision", to: SQLBinaryExpression(SQLColumn("revision"), .add, SQLBind(1)))
                .set("changed_at", to: now).where("id", .equal, 1).run()
            let revision = try await sql.select().column("revision").from("inventory_state").where("id", .equal, 1).first()!
                .decode(column: "revision", as: Int64.self)
            guard revision == expectedRevision + 1 else {
                throw StoreError("the inventory was changed by someone else during this import; nothing was written — run the import again")
            }
            try await write(plan, sql: sql)
            try await sql.insert(into: "inventory_imports").columns("revision", "imported_at", "source", "mode", "summary")
                .values(SQLBind(revision), SQLBind(now), SQLBind(String(source.prefix(500))), SQLBind(mode.rawValue), SQLBind(plan.summary)).run()
            try await AuditLog.append(actor: "import", action: "inventory.imported", subject: "inventory:\(revision)",
                                      details: AuditLog.details(["source": String(source.prefix(500)), "mode": mode.rawValue, "summary": plan.summary]),
                                      now: now, on: sql)
            return revision
        }
    }

    private func write(_ plan: InventoryImportPlan, sql: any SQLDatabase) async throws {
        // Parents before children so that foreign keys hold at every statement.
        try await sql.upsert("resellers", ["id", "name", "language", "created_at"], key: ["id"], plan.resellers.map {
            [SQLBind($0.id), SQLBind($0.name), SQLBind($0.language), SQLBind($0.createdAt)]
        })
        try await replaceContacts(plan.resellers.map { ("reseller", $0.id, $0.contacts) }, sql: sql)
        try await sql.upsert("customers", ["id", "reseller_id", "name", "language", "created_at", "flags"], key: ["id"], plan.customers.map {
            [SQLBind($0.id), SQLBind($0.resellerID), SQLBind($0.name), SQLBind($0.language), SQLBind($0.createdAt),
             SQLBind($0.flags.map(\.rawValue).sorted().joined(separator: ","))]
        })
        try await replaceContacts(plan.customers.map { ("customer", $0.id, $0.contacts) }, sql: sql)
        try await sql.upsert("services", ["id", "customer_id", "label", "kind", "status"], key: ["id"], plan.services.map {
            [SQLBind($0.id), SQLBind($0.customerID), SQLBind($0.label), SQLBind($0.kind.rawValue), SQLBind($0.status.rawValue)]
        })
        for chunk in plan.services.chunked(500) {
            try await sql.delete(from: "service_references").where("service_id", .in, chunk.map(\.id)).run()
        }
        try await sql.upsert("service_references", ["service_id", "name", "value"], key: nil, plan.services.flatMap { service in
            service.references.sorted { $0.key < $1.key }.map { [SQLBind(service.id), SQLBind($0.key), SQLBind($0.value)] }
        })
        try await sql.upsert("provider_networks", ["prefix", "label"], key: ["prefix"], plan.networks.map {
            [SQLBind($0.prefix.description), SQLBind($0.label)]
        })
        try await sql.upsert("provider_infrastructure", ["prefix", "role", "label"], key: ["prefix"], plan.infrastructure.map {
            [SQLBind($0.prefix.description), SQLBind($0.role.rawValue), SQLBind($0.label)]
        })
        // Closings before openings: a reassignment ends one holder where the next begins.
        for closing in plan.closings {
            try await sql.update("ip_assignments").set("valid_until", to: closing.until)
                .where("prefix", .equal, closing.prefix.description).where("valid_from", .equal, closing.from)
                .where("valid_until", .is, SQLLiteral.null).run()
        }
        try await sql.upsert("ip_assignments", ["prefix", "valid_from", "valid_until", "service_id", "family"], key: nil, plan.openings.map {
            [SQLBind($0.prefix.description), SQLBind($0.validity.from), SQLBind($0.validity.until), SQLBind($0.serviceID),
             SQLBind($0.prefix.family.rawValue)]
        })
    }

    private func replaceContacts(_ owners: [(kind: String, id: String, contacts: Contacts)], sql: any SQLDatabase) async throws {
        guard let kind = owners.first?.kind else { return }
        for chunk in owners.chunked(500) {
            try await sql.delete(from: "contacts").where("owner_kind", .equal, kind).where("owner_id", .in, chunk.map(\.id)).run()
        }
        var rows: [[any SQLExpression]] = []
        for owner in owners {
            for role in ContactRole.allCases {
                for (position, address) in owner.contacts[role].enumerated() {
                    rows.append([SQLBind(owner.kind), SQLBind(owner.id), SQLBind(role.rawValue), SQLBind(position), SQLBind(address)])
                }
            }
        }
        try await sql.upsert("contacts", ["owner_kind", "owner_id", "role", "position", "address"], key: nil, rows)
    }

    /// Import runs, newest first.
    public func importHistory(limit: Int = 50) async throws -> [(revision: Int64, importedAt: Int64, source: String, mode: String, summary: String)] {
        try await store.sql.select().columns("revision", "imported_at", "source", "mode", "summary").from("inventory_imports")
            .orderBy("revision", .descending).limit(limit).all().map {
                (try $0.decode(column: "revision", as: Int64.self), try $0.decode(column: "imported_at", as: Int64.self),
                 try $0.decode(column: "source", as: String.self), try $0.decode(column: "mode", as: String.self),
                 try $0.decode(column: "summary", as: String.self))
            }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension SQLDatabase {
    /// Inserts rows in batches of multi-row statements; with a `key`, rows that exist are updated
    /// (`ON CONFLICT … DO UPDATE`, on both SQLite and PostgreSQL). Batches stay under both
    /// back ends' limits on bound parameters.
    func upsert(_ table: String, _ columns: [String], key: [String]?, _ rows: [[any SQLExpression]]) async throws {
        guard !rows.isEmpty else { return }
        let batch = Swift.max(1, 3_000 / columns.count)
        for chunk in rows.chunked(batch) {
            var builder = insert(into: table).columns(columns)
            for row in chunk { builder = builder.values(row) }
            if let key {
                let updated = columns.filter { !key.contains($0) }
                builder = builder.onConflict(with: key) { conflict in
                    var conflict = conflict
                    for column in updated { conflict = conflict.set(excludedValueOf: column) }
                    return conflict
                }
            }
            try await builder.run()
        }
    }
}
