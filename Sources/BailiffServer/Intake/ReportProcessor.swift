import BailiffCore
import BailiffReports
import BailiffStore
import Foundation
import Logging

/// Turns stored messages into attributed events: parse, recognise, attribute each event to the
/// holder of its address at its time, record — the second half of intake, after the durable
/// store. Re-running it on a message replaces its earlier result (`bailiff reparse`).
public struct ReportProcessor: Sendable {
    let store: Store
    let table: @Sendable () -> AttributionTable
    let analyzer: ReportAnalyzer
    /// Resolves the host of events that name only a URL or domain; nil: such events stay unresolved.
    let resolver: (any HostResolver)?
    let logger: Logger

    public init(
        store: Store, table: @escaping @Sendable () -> AttributionTable, analyzer: ReportAnalyzer = ReportAnalyzer(),
        resolver: (any HostResolver)? = nil, logger: Logger
    ) {
        self.store = store; self.table = table; self.analyzer = analyzer; self.resolver = resolver; self.logger = logger
    }

    /// Parses up to `batch` pending messages and records their results in one transaction;
    /// returns how many it processed.
    @discardableResult
    public func processPending(batch: Int = 200) async throws -> Int {
        let reports = ReportRepository(store)
        let claimed = try await reports.claimPendingMessages(limit: batch, now: Int64(Date().timeIntervalSince1970))
        guard !claimed.isEmpty else { return 0 }
        let table = table()
        var results = await analyzeConcurrently(claimed, table: table)
        try await verifySensorReports(&results)
        try await attributeFormReports(&results)
        try await matchCorrespondence(claimed, &results)
        await resolveHosts(in: &results, table: table)
        let now = Int64(Date().timeIntervalSince1970)
        do {
            try await reports.record(results, at: now)
        } catch {
            // One result the database refuses must not hold back the rest: record them one by one.
            logger.warning("could not record a batch of parse results; recording them one by one", metadata: ["error": "\(error)"])
            for result in results {
                do {
                    try await reports.record([result], at: now)
                } catch {
                    // Left claimed: another node (or this one) takes it over when the claim is stale.
                    logger.error("could not record a parse result", metadata: ["sha256": "\(result.sha256)", "error": "\(error)"])
                }
            }
        }
        return claimed.count
    }

    /// Replies to and bounces of a case's notices join that case instead of becoming reports:
    /// the case is found by the case address the mail was delivered to (`abuse+<token>@…`), or
    /// failing that by a notice Message-ID in In-Reply-To or References. A token that names no
    /// case is ignored (anyone can write to abuse+anything@), and the mail is read as a report.
    func matchCorrespondence(_ messages: [ReportRepository.ClaimedMessage], _ results: inout [ReportRepository.ParseResult]) async throws {
        let deliveryTokens = try await ReportRepository(store).caseTokens(of: messages.map(\.sha256))
        var candidates: [Int: (tokens: [String], message: MIMEMessage?)] = [:]
        for (index, message) in messages.enumerated() {
            var tokens = deliveryTokens[message.sha256] ?? []
            var parsed: MIMEMessage?
            if !tokens.isEmpty || message.content.firstRange(of: Array("<notice.".utf8)) != nil || message.content.firstRange(of: Array("<digest.".utf8)) != nil {
                if case .success(let mime) = MIMEParser.parse(message.content, limits: analyzer.limits) {
                    parsed = mime
                    let quoted = mime.root.inReplyTo + mime.root.references.reversed()
                    if tokens.isEmpty { tokens = quoted.compactMap(CaseAddress.token(inMessageID:)) }
                    // A reply to a digest joins the oldest case the digest was about.
                    for id in quoted where tokens.isEmpty && id.hasPrefix("digest.") {
                        tokens = try await NoticeRepository(store).caseTokens(ofMessageID: id)
                    }
                }
            }
            if !tokens.isEmpty { candidates[index] = (tokens, parsed) }
        }
        guard !candidates.isEmpty else { return }
        let ids = try await CaseRepository(store).ids(forTokens: Set(candidates.values.flatMap(\.tokens)))
        for (index, candidate) in candidates {
            guard let caseID = candidate.tokens.lazy.compactMap({ ids[$0] }).first else { continue }
            let isBounce = results[index].status == ReportAnalysis.Status.notAReport.rawValue && (results[index].reason ?? "").contains("delivery status")
            let kind = isBounce ? "bounce" : "reply"
            let from = candidate.message?.root.reporter ?? "unknown sender"
            let subject = candidate.message?.subject ?? ""
            let summary = isBounce
                ? "a notice of this case bounced: \(results[index].reason ?? "delivery failed")"
                : "reply from \(from)" + (subject.isEmpty ? "" : ": \(subject.prefix(200))")
            results[index] = ReportRepository.ParseResult(
                sha256: results[index].sha256, status: "correspondence", format: kind, reason: "\(kind) on case #\(caseID)", events: [],
                correspondence: ReportRepository.Correspondence(caseID: caseID, kind: kind, from: from, summary: summary,
                                                                failedRecipients: isBounce ? candidate.message.map(DeliveryStatus.failedRecipients(in:)) ?? [] : []))
        }
    }

    /// Sensor reports carry the sensors' high trust, so only those delivered on the `sensor`
    /// channel are believed; the same document mailed or posted with the intake token is
    /// quarantined. Reporters of other formats that look like a sensor's name lose that look.
    func verifySensorReports(_ results: inout [ReportRepository.ParseResult]) async throws {
        let claimed = results.filter { $0.format == SensorReport.format && $0.status == ReportAnalysis.Status.parsed.rawValue }.map(\.sha256)
        let genuine = claimed.isEmpty ? [] : try await ReportRepository(store).delivered(claimed, on: Envelope.Channel.sensor.rawValue)
        for index in results.indices {
            if results[index].format == SensorReport.format {
                guard results[index].status == ReportAnalysis.Status.parsed.rawValue, !genuine.contains(results[index].sha256) else { continue }
                results[index].status = ReportAnalysis.Status.quarantined.rawValue
                results[index].reason = "a sensor report that did not come from a sensor (only the sensor channel is believed)"
                results[index].events = []
            } else {
                for position in results[index].events.indices {
                    if let reporter = results[index].events[position].reporter, reporter.lowercased().hasPrefix("sensor"), !reporter.contains("@") {
                        results[index].events[position].reporter = "unverified " + reporter
                    }
                }
            }
        }
    }

    /// A report from the public form names whoever the complainant claimed to be; nobody checked
    /// it, so its events carry the reporter "form" (the policy's trust for anonymous complaints).
    func attributeFormReports(_ results: inout [ReportRepository.ParseResult]) async throws {
        let withEvents = results.filter { !$0.events.isEmpty }.map(\.sha256)
        guard !withEvents.isEmpty else { return }
        let fromForm = try await ReportRepository(store).delivered(withEvents, on: Envelope.Channel.form.rawValue)
        for index in results.indices where fromForm.contains(results[index].sha256) {
            for position in results[index].events.indices { results[index].events[position].reporter = "form" }
        }
    }

    /// Parsing is pure CPU work: split the batch over the machine's cores.
    private func analyzeConcurrently(_ messages: [ReportRepository.ClaimedMessage], table: AttributionTable) async -> [ReportRepository.ParseResult] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, messages.count / 8))
        guard workers > 1 else { return messages.map { analyze($0, table: table) } }
        let share = (messages.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [ReportRepository.ParseResult]).self) { group in
            for (index, start) in stride(from: 0, to: messages.count, by: share).enumerated() {
                let slice = messages[start..<min(start + share, messages.count)]
                group.addTask { (index, slice.map { analyze($0, table: table) }) }
            }
            var parts: [(Int, [ReportRepository.ParseResult])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    private func analyze(_ message: ReportRepository.ClaimedMessage, table: AttributionTable) -> ReportRepository.ParseResult {
        Self.parseResult(analyze(message.content, receivedAt: message.firstReceivedAt, table: table), sha256: message.sha256, table: table)
    }

    /// An analysis as the row it is recorded as, its events attributed.
    static func parseResult(_ analysis: ReportAnalysis, sha256: String, table: AttributionTable) -> ReportRepository.ParseResult {
        ReportRepository.ParseResult(
            sha256: sha256, status: analysis.status.rawValue, format: analysis.format, reason: analysis.reason,
            events: analysis.events.enumerated().map { stored($1, sha256: sha256, position: $0, table: table) },
            noticeCompliant: analysis.ipNotice?.isCompliant, noticeMissing: analysis.ipNotice?.missing.map(\.rawValue) ?? []
        )
    }

    private func analyze(_ bytes: [UInt8], receivedAt: Int64, table: AttributionTable) -> ReportAnalysis {
        let context = AnalysisContext(receivedAt: receivedAt, isProviderInfrastructure: { address in
            if case .providerInfrastructure = table.attribute(address, at: receivedAt) { return true }
            return false
        })
        // JSON reports (XARF over HTTP) are not mail; the analyzer tells them apart.
        return analyzer.analyze(bytes, context: context)
    }

    /// Parses one stored message and records the result.
    @discardableResult
    public func process(sha256: String) async throws -> ReportAnalysis {
        let evidence = EvidenceRepository(store)
        let reports = ReportRepository(store)
        let now = Int64(Date().timeIntervalSince1970)
        guard let bytes = try await evidence.message(sha256: sha256) else {
            throw StoreError("no stored message \(sha256)")
        }
        let receivedAt = try await evidence.deliveries(sha256: sha256).first?.receivedAt ?? now
        let table = table()
        let analysis = analyze(bytes, receivedAt: receivedAt, table: table)
        var results = [Self.parseResult(analysis, sha256: sha256, table: table)]
        try await verifySensorReports(&results)
        try await attributeFormReports(&results)
        try await matchCorrespondence([ReportRepository.ClaimedMessage(sha256: sha256, content: bytes, firstReceivedAt: receivedAt)], &results)
        await resolveHosts(in: &results, table: table)
        try await reports.record(results, at: now)
        return analysis
    }

    static func stored(_ event: ReportEvent, sha256: String, position: Int, table: AttributionTable) -> ReportRepository.StoredEvent {
        var stored = ReportRepository.StoredEvent(
            sha256: sha256, position: position, ip: event.ip?.description, port: event.port, url: event.url, category: event.category.rawValue,
            occurredAt: event.occurredAt, timeSource: event.timeSource.rawValue, reporter: event.reporter, excerpt: event.excerpt,
            attribution: "unresolved", serviceID: nil, customerID: nil, resellerID: nil, assignmentPrefix: nil, recipient: event.recipient,
            findings: event.findings.isEmpty ? nil : event.findings.joined(separator: "\n")
        )
        guard let ip = event.ip else { return stored }
        attribute(&stored, to: ip, table: table)
        return stored
    }

    static func attribute(_ stored: inout ReportRepository.StoredEvent, to ip: IPAddress, table: AttributionTable) {
        let answer = table.attribute(ip, at: stored.occurredAt)
        stored.ip = ip.description
        stored.attribution = answer.kind
        if case .service(let hit) = answer {
            stored.serviceID = hit.service.id
            stored.customerID = hit.customer.id
            stored.resellerID = hit.reseller?.id
            stored.assignmentPrefix = hit.assignment.prefix.description
        }
    }

    /// Events that name only a URL or domain get an address: the URL's literal one, else what the
    /// resolver answers now, kept as evidence with its time. Of several addresses the first held
    /// by a service at the event's time is taken, else the first in our networks, else the first.
    /// Each name is looked up once per batch, all at once.
    func resolveHosts(in results: inout [ReportRepository.ParseResult], table: AttributionTable) async {
        var names: Set<String> = []
        for result in results {
            for event in result.events where event.ip == nil {
                if let url = event.url, case .name(let name)? = ReportedHost(url: url) { names.insert(name) }
            }
        }
        var answers: [String: HostLookup] = [:]
        if let resolver, !names.isEmpty {
            answers = await withTaskGroup(of: HostLookup.self) { group in
                for name in names.prefix(256) { group.addTask { await resolver.lookup(name) } }
                var answers: [String: HostLookup] = [:]
                for await answer in group { answers[answer.name] = answer }
                return answers
            }
        }
        for index in results.indices {
            for position in results[index].events.indices where results[index].events[position].ip == nil {
                guard let url = results[index].events[position].url, let host = ReportedHost(url: url) else { continue }
                switch host {
                case .address(let address):
                    Self.attribute(&results[index].events[position], to: address, table: table)
                case .name(let name):
                    guard let answer = answers[name] else { continue }
                    results[index].events[position].dnsName = name
                    results[index].events[position].dnsAnswer = answer.evidence
                    results[index].events[position].dnsResolvedAt = answer.resolvedAt
                    let at = results[index].events[position].occurredAt
                    let ranked = answer.addresses.first { if case .service = table.attribute($0, at: at) { true } else { false } }
                        ?? answer.addresses.first { table.attribute($0, at: at).kind != "not-ours" }
                        ?? answer.addresses.first
                    if let ranked { Self.attribute(&results[index].events[position], to: ranked, table: table) }
                }
            }
        }
    }

    /// Processes pending messages until cancelled; a failure is logged and retried later.
    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            do {
                // Drain the queue, then wait.
                while try await processPending() > 0, !Task.isCancelled {}
            } catch {
                logger.warning("could not process stored reports; will retry", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
    }
}
