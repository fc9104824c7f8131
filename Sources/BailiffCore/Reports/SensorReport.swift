/// What Bailiff's own sensors (the flow detectors, the Tor directory watch) observed, as a JSON
/// document stored and parsed like any other report, so that sensor evidence gets the same
/// retention, attribution, re-parsing and audit as a complaint.
///
/// ```json
/// {"bailiff_sensor": 1, "sensor": "flows", "site": "fra1", "generated_at": "2025-06-01T12:00:00Z",
///  "events": [{"ip": "192.0.2.10", "category": "scanning", "occurred_at": "2025-06-01T11:55:00Z",
///              "detector": "horizontal-scan", "summary": "…", "counters": {"unanswered_hosts": 412},
///              "evidence": ["top peer …", "tcp 192.0.2.10:40000 -> …"]}]}
/// ```
///
/// Only deliveries on the `sensor` channel (the server's own sensors, or `bailiff collect` with
/// the sensor token) are believed; the same document arriving any other way is quarantined.
public struct SensorReport: Sendable, Hashable {
    public static let version = 1
    public static let format = "bailiff-sensor"

    public struct Event: Sendable, Hashable {
        public var ip: String
        public var category: String
        public var occurredAt: Int64
        public var detector: String
        public var summary: String
        public var counters: [String: Double]
        public var evidence: [String]

        public init(ip: String, category: String, occurredAt: Int64, detector: String, summary: String, counters: [String: Double] = [:], evidence: [String] = []) {
            self.ip = ip; self.category = category; self.occurredAt = occurredAt; self.detector = detector; self.summary = summary
            self.counters = counters; self.evidence = evidence
        }
    }

    /// `flows`, `tor` or `dnsbl`: the reporter becomes `sensor:<sensor>` (see the policy's trust section).
    public var sensor: String
    public var site: String?
    public var generatedAt: Int64
    public var events: [Event]

    public init(sensor: String, site: String? = nil, generatedAt: Int64, events: [Event]) {
        self.sensor = sensor; self.site = site; self.generatedAt = generatedAt; self.events = events
    }

    /// The document, one JSON object, keys in a fixed order (the same report hashes the same).
    public func json() -> String {
        let quote = JSONText.quote
        let events = events.map { event in
            let counters = event.counters.sorted { $0.key < $1.key }.map { "\(quote($0.key)): \(Event.format($0.value))" }.joined(separator: ", ")
            return "{\"ip\": \(quote(event.ip)), \"category\": \(quote(event.category)), \"occurred_at\": \(quote(Timestamp.format(event.occurredAt))), "
                + "\"detector\": \(quote(event.detector)), \"summary\": \(quote(event.summary)), \"counters\": {\(counters)}, "
                + "\"evidence\": [\(event.evidence.map(quote).joined(separator: ", "))]}"
        }
        return "{\"bailiff_sensor\": \(Self.version), \"sensor\": \(quote(sensor)), "
            + (site.map { "\"site\": \(quote($0)), " } ?? "")
            + "\"generated_at\": \(quote(Timestamp.format(generatedAt))), \"events\": [\n" + events.joined(separator: ",\n") + "\n]}\n"
    }

    /// Whether bytes look like a sensor report (a JSON object naming `bailiff_sensor` early on).
    public static func isSensorReport(_ bytes: [UInt8]) -> Bool {
        bytes.prefix(64).firstRange(of: Array("\"bailiff_sensor\"".utf8)) != nil
    }
}

extension SensorReport.Event {
    /// A figure as JSON and evidence lines write it: whole numbers without a fraction.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

}
