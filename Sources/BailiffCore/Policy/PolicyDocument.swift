/// A version of the Acceptable Use Policy: the text people read and the rules Bailiff acts on.
///
/// Written as one Markdown file (see ``PolicyFile``): headings carry the clause ids
/// (`## Spam {#spam}`), and a fenced `policy` block holds the machine rules. A version governs
/// every event from its effective instant until the next version's — the instant it was
/// published, or the scheduled notice date when one is given (the AUP: amendments take effect
/// once published or when the notice e-mail is sent).
public struct PolicyDocument: Sendable, Hashable {
    public var version: String
    /// When the version starts to govern events (seconds since the epoch).
    public var effectiveAt: Int64
    /// Whether `effectiveAt` is the date of the e-mail notice to customers rather than publication.
    public var effectiveOnNotice: Bool
    public var title: String
    /// The Markdown text without the rules block: what the public AUP page shows.
    public var text: String
    public var clauses: [PolicyClause]
    public var rules: [AbuseCategory: CategoryRule]
    public var trust: TrustPolicy
    public var fees: FeeSchedule
    public var retention: RetentionPolicy
    public var notices: NoticePolicy

    public init(
        version: String, effectiveAt: Int64, effectiveOnNotice: Bool = false, title: String, text: String, clauses: [PolicyClause],
        rules: [AbuseCategory: CategoryRule], trust: TrustPolicy, fees: FeeSchedule, retention: RetentionPolicy,
        notices: NoticePolicy = NoticePolicy()
    ) {
        self.version = version; self.effectiveAt = effectiveAt; self.effectiveOnNotice = effectiveOnNotice; self.title = title
        self.text = text; self.clauses = clauses; self.rules = rules; self.trust = trust; self.fees = fees; self.retention = retention
        self.notices = notices
    }

    public func clause(_ id: String) -> PolicyClause? { clauses.first { $0.id == id } }

    /// The rung `id` of the ladder for `category` (a category name as stored), or nil.
    public func rung(category: String, id: String) -> LadderRung? {
        AbuseCategory(rawValue: category).flatMap { rules[$0]?.ladder.first { $0.id == id } }
    }
}

/// A clause of the policy text, with the stable id the rules and every decision cite.
public struct PolicyClause: Sendable, Hashable {
    public var id: String
    public var title: String
    public var line: Int
    public init(id: String, title: String, line: Int) { self.id = id; self.title = title; self.line = line }
}

/// How long evidence and personal data are kept, per category, and which categories are held
/// until staff release them (child abuse: always).
public struct RetentionPolicy: Sendable, Hashable {
    public var defaultDays: Int
    public var days: [AbuseCategory: Int]
    public var legalHold: Set<AbuseCategory>

    public init(defaultDays: Int = 365, days: [AbuseCategory: Int] = [:], legalHold: Set<AbuseCategory> = [.childAbuse]) {
        self.defaultDays = defaultDays; self.days = days; self.legalHold = legalHold
    }

    /// Days evidence of `category` is kept, or nil when it is under legal hold.
    public func keepDays(_ category: AbuseCategory) -> Int? {
        legalHold.contains(category) ? nil : days[category] ?? defaultDays
    }
}

/// Every published version, and which one governs an instant.
public struct PolicyHistory: Sendable {
    public private(set) var versions: [PolicyDocument]

    public init(_ versions: [PolicyDocument]) {
        self.versions = versions.sorted { $0.effectiveAt < $1.effectiveAt }
    }

    /// The version in force at `instant`: the latest that took effect at or before it. Events
    /// older than the first version are judged by the first (there was no other); nil only when
    /// nothing was ever published.
    public func inForce(at instant: Int64) -> PolicyDocument? {
        versions.last { $0.effectiveAt <= instant } ?? versions.first
    }

    /// The version a case cites, or — should it be missing — the one in force at `instant`.
    public func version(_ version: String, orInForceAt instant: Int64) -> PolicyDocument? {
        versions.first { $0.version == version } ?? inForce(at: instant)
    }
}
