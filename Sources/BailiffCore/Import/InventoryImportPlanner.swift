/// Checks an inventory file against itself and the stored inventory, and works out what to change.
///
/// Pure: the store loads the current inventory, asks for a plan, and applies it in one
/// transaction. Every problem is collected, so that one run lists everything to fix.
/// History is never rewritten in place: an assignment can be closed (given an `until` where it
/// had none), never moved or re-dated, and a change of holder is one closing and one opening.
public enum InventoryImportPlanner {
    /// - Parameter readProblems: problems already found while reading the file; the rows that
    ///   were read are still checked, so that one run lists everything to fix.
    public static func plan(
        _ document: InventoryDocument, current: InventorySnapshot, mode: InventoryImportMode, now: Int64,
        readProblems: [ImportProblem] = []
    ) throws(InventoryImportError) -> InventoryImportPlan {
        var problems = readProblems
        var plan = InventoryImportPlan()

        // Entities: later duplicates are problems; new or changed records go into the plan.
        let resellers = merge(document.resellers, current: current.resellers, key: \.id, name: "reseller", problems: &problems, changed: &plan.resellers, unchanged: &plan.unchanged)
        let customers = merge(document.customers, current: current.customers, key: \.id, name: "customer", problems: &problems, changed: &plan.customers, unchanged: &plan.unchanged)
        let services = merge(document.services, current: current.services, key: \.id, name: "service", problems: &problems, changed: &plan.services, unchanged: &plan.unchanged)
        let networks = merge(document.networks, current: current.networks, key: \.prefix, name: "network", problems: &problems, changed: &plan.networks, unchanged: &plan.unchanged)
        _ = merge(document.infrastructure, current: current.infrastructure, key: \.prefix, name: "infrastructure entry", problems: &problems, changed: &plan.infrastructure, unchanged: &plan.unchanged)

        // References must resolve in the file or the store.
        for customer in document.customers {
            if let reseller = customer.value.resellerID, resellers[reseller] == nil {
                problems.append(ImportProblem(line: customer.line, "customer '\(customer.value.id)' names reseller '\(reseller)', which is neither in this file nor in the inventory"))
            }
        }
        for service in document.services where customers[service.value.customerID] == nil {
            problems.append(ImportProblem(line: service.line, "service '\(service.value.id)' names customer '\(service.value.customerID)', which is neither in this file nor in the inventory"))
        }
        for row in document.assignments where services[row.value.serviceID] == nil {
            problems.append(ImportProblem(line: row.line, "assignment of \(row.value.prefix) names service '\(row.value.serviceID)', which is neither in this file nor in the inventory"))
        }

        // Every assigned or infrastructure prefix lies inside the provider's own space.
        let ownSpace = Array(networks.values.map(\.prefix))
        func outsideOwnSpace(_ prefix: IPPrefix) -> Bool { !ownSpace.contains { $0.contains(prefix) } }
        let spaceHint = ownSpace.isEmpty ? "no provider network is defined yet; add 'network' records" : "add the network it belongs to as a 'network' record"
        for row in document.assignments where outsideOwnSpace(row.value.prefix) {
            problems.append(ImportProblem(line: row.line, "\(row.value.prefix) is outside the provider's own address space; \(spaceHint)"))
        }
        for entry in document.infrastructure where outsideOwnSpace(entry.value.prefix) {
            problems.append(ImportProblem(line: entry.line, "infrastructure \(entry.value.prefix) is outside the provider's own address space; \(spaceHint)"))
        }

        switch mode {
        case .history: planHistory(document.assignments, current: current.assignments, plan: &plan, problems: &problems)
        case .snapshot: planSnapshot(document.assignments, current: current.assignments, now: now, plan: &plan, problems: &problems)
        }

        guard problems.isEmpty else { throw InventoryImportError(problems: problems) }
        return plan
    }

    /// Merges file records over stored ones by key; returns the merged view.
    private static func merge<Record: Hashable & Sendable, Key: Hashable>(
        _ located: [Located<Record>], current: [Record], key: KeyPath<Record, Key>, name: String,
        problems: inout [ImportProblem], changed: inout [Record], unchanged: inout Int
    ) -> [Key: Record] {
        var merged: [Key: Record] = [:]
        merged.reserveCapacity(current.count + located.count)
        for record in current { merged[record[keyPath: key]] = record }
        var seenOnLine: [Key: Int] = [:]
        for record in located {
            let id = record.value[keyPath: key]
            if let earlier = seenOnLine[id] {
                problems.append(ImportProblem(line: record.line, "\(name) '\(id)' is already defined on line \(earlier)"))
                continue
            }
            seenOnLine[id] = record.line
            if merged[id] == record.value { unchanged += 1 } else { changed.append(record.value) }
            merged[id] = record.value
        }
        return merged
    }

    private struct AssignmentKey: Hashable {
        var prefix: IPPrefix
        var from: Int64
    }

    private static func planHistory(
        _ rows: [Located<AssignmentRow>], current: [Assignment], plan: inout InventoryImportPlan, problems: inout [ImportProblem]
    ) {
        var stored: [AssignmentKey: Assignment] = [:]
        stored.reserveCapacity(current.count)
        for assignment in current { stored[AssignmentKey(prefix: assignment.prefix, from: assignment.validity.from)] = assignment }
        var seenOnLine: [AssignmentKey: Int] = [:]
        var lineOfOpening: [AssignmentKey: Int] = [:]
        var closedUntil: [AssignmentKey: Int64] = [:]

        for row in rows {
            guard let from = row.value.from else {
                problems.append(ImportProblem(line: row.line, "an assignment needs 'from' when importing history; to import the inventory as it is now, use --snapshot"))
                continue
            }
            let key = AssignmentKey(prefix: row.value.prefix, from: from)
            if let earlier = seenOnLine[key] {
                problems.append(ImportProblem(line: row.line, "the assignment of \(row.value.prefix) from \(Timestamp.format(from)) is already given on line \(earlier)"))
                continue
            }
            seenOnLine[key] = row.line
            let wanted = Assignment(prefix: row.value.prefix, serviceID: row.value.serviceID, validity: Validity(from: from, until: row.value.until))
            guard let existing = stored[key] else {
                plan.openings.append(wanted)
                lineOfOpening[key] = row.line
                continue
            }
            if existing == wanted {
                plan.unchanged += 1
            } else if existing.serviceID == wanted.serviceID, existing.validity.until == nil, let until = wanted.validity.until {
                plan.closings.append(AssignmentClosing(prefix: key.prefix, from: from, until: until))
                closedUntil[key] = until
            } else {
                problems.append(ImportProblem(line: row.line, "conflicts with the stored assignment of \(existing.prefix) to service '\(existing.serviceID)' \(describe(existing.validity)); history is not rewritten: only an open assignment can be given an end"))
            }
        }
        checkOverlaps(stored: current, closedUntil: closedUntil, openings: plan.openings, lineOfOpening: lineOfOpening, problems: &problems)
    }

    private static func planSnapshot(
        _ rows: [Located<AssignmentRow>], current: [Assignment], now: Int64, plan: inout InventoryImportPlan, problems: inout [ImportProblem]
    ) {
        var openNow: [IPPrefix: Assignment] = [:]
        for assignment in current where assignment.validity.until == nil { openNow[assignment.prefix] = assignment }
        var seenOnLine: [IPPrefix: Int] = [:]
        var lineOfOpening: [AssignmentKey: Int] = [:]
        var closedUntil: [AssignmentKey: Int64] = [:]

        func close(_ assignment: Assignment, line: Int?) {
            guard assignment.validity.from < now else {
                problems.append(ImportProblem(line: line, "the stored assignment of \(assignment.prefix) to '\(assignment.serviceID)' begins at \(Timestamp.format(assignment.validity.from)), not before this import; it cannot be ended now — import again later"))
                return
            }
            plan.closings.append(AssignmentClosing(prefix: assignment.prefix, from: assignment.validity.from, until: now))
            closedUntil[AssignmentKey(prefix: assignment.prefix, from: assignment.validity.from)] = now
        }

        for row in rows {
            if row.value.from != nil || row.value.until != nil {
                problems.append(ImportProblem(line: row.line, "a snapshot import takes no 'from' or 'until': the import instant is used; to import dated history, leave out --snapshot"))
                continue
            }
            if let earlier = seenOnLine[row.value.prefix] {
                problems.append(ImportProblem(line: row.line, "\(row.value.prefix) is already assigned on line \(earlier); a prefix has one holder at a time"))
                continue
            }
            seenOnLine[row.value.prefix] = row.line
            if let existing = openNow[row.value.prefix] {
                if existing.serviceID == row.value.serviceID { plan.unchanged += 1; continue }
                close(existing, line: row.line)
            }
            plan.openings.append(Assignment(prefix: row.value.prefix, serviceID: row.value.serviceID, validity: Validity(from: now)))
            lineOfOpening[AssignmentKey(prefix: row.value.prefix, from: now)] = row.line
        }
        for (prefix, assignment) in openNow where seenOnLine[prefix] == nil {
            close(assignment, line: nil)
        }
        checkOverlaps(stored: current, closedUntil: closedUntil, openings: plan.openings, lineOfOpening: lineOfOpening, problems: &problems)
    }

    /// No two assignments of one prefix may share an instant, after the plan is applied.
    private static func checkOverlaps(
        stored: [Assignment], closedUntil: [AssignmentKey: Int64], openings: [Assignment], lineOfOpening: [AssignmentKey: Int],
        problems: inout [ImportProblem]
    ) {
        guard !openings.isEmpty else { return }
        var byPrefix: [IPPrefix: [(assignment: Assignment, line: Int?)]] = [:]
        for opening in openings {
            byPrefix[opening.prefix, default: []].append((opening, lineOfOpening[AssignmentKey(prefix: opening.prefix, from: opening.validity.from)]))
        }
        for var assignment in stored where byPrefix[assignment.prefix] != nil {
            if let until = closedUntil[AssignmentKey(prefix: assignment.prefix, from: assignment.validity.from)] { assignment.validity.until = until }
            byPrefix[assignment.prefix]!.append((assignment, nil))
        }
        for (_, group) in byPrefix where group.count > 1 {
            let sorted = group.sorted { $0.assignment.validity.from < $1.assignment.validity.from }
            for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.assignment.validity.overlaps(later.assignment.validity) {
                let line = later.line ?? earlier.line
                let other = later.line == nil ? later.assignment : earlier.assignment
                let whose = (later.line != nil && earlier.line != nil) ? "another row of this file" : "the inventory"
                problems.append(ImportProblem(line: line, "\(other.prefix) is held by service '\(other.serviceID)' \(describe(other.validity)) in \(whose); one prefix has one holder at a time — end that assignment first"))
            }
        }
    }

    static func describe(_ validity: Validity) -> String {
        "from \(Timestamp.format(validity.from))" + (validity.until.map { " until \(Timestamp.format($0))" } ?? " (open)")
    }
}
