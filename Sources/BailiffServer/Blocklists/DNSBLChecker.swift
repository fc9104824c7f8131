import BailiffCore
import BailiffNet
import Foundation
import Synchronization

/// Asks blocklists about addresses: every (address, list) pair the list's families allow,
/// `window` queries in flight, each list at no more than its queries per second; the TXT reason
/// is fetched for listings. Before a run, each list's RFC 5782 test points are checked, and a
/// list that fails them answers "unknown" for every address instead of being believed.
public struct DNSBLChecker: Sendable {
    public struct Result: Sendable, Hashable {
        public var address: IPAddress
        public var list: String
        public var zone: String
        public var verdict: DNSBLVerdict
    }

    /// A list's test-point check.
    public struct Canary: Sendable, Hashable {
        public var list: String
        public var usable: Bool
        public var problems: [String]
    }

    let client: DNSClient
    let window: Int

    public init(client: DNSClient, window: Int) { self.client = client; self.window = max(1, window) }

    /// One address on one list.
    public func lookup(_ address: IPAddress, on list: DNSBLList, fetchText: Bool = true) async -> DNSBLVerdict {
        let name = DNSBLLookup.queryName(address, zone: list.zone)
        var verdict: DNSBLVerdict
        do { verdict = Self.verdict(.success(try await client.query(name, type: .a)), list: list) } catch { verdict = Self.verdict(.failure(error), list: list) }
        if verdict.state == .listed, fetchText {
            do { verdict.text = Self.text(of: .success(try await client.query(name, type: .txt))) } catch { verdict.text = nil }
        }
        return verdict
    }

    /// The verdict on an A query's outcome: a failed query is "unknown".
    static func verdict(_ answer: Swift.Result<DNSResponse, DNSClient.Failure>, list: DNSBLList) -> DNSBLVerdict {
        switch answer {
        case .success(let response): DNSBLLookup.verdict(response, list: list)
        case .failure(let failure): DNSBLVerdict(state: .unknown, reason: failure.description)
        }
    }

    /// The TXT answer's strings, joined; nil without any.
    static func text(of answer: Swift.Result<DNSResponse, DNSClient.Failure>) -> String? {
        guard case .success(let response) = answer else { return nil }
        let strings = response.answers.compactMap { record -> String? in
            if case .txt(let parts) = record.data { return parts.joined() }
            return nil
        }
        return strings.isEmpty ? nil : strings.joined(separator: " | ")
    }

    /// A list allowing this many queries a second or more is not paced.
    static let unpacedRate = 10_000

    /// Every pair through one bulk run on the event loop, then the listings' TXT reasons through a second.
    /// Lists are referred to by their index here: a million (address, list) pairs would otherwise
    /// copy the list's description a million times.
    func bulkCheck(_ addresses: [IPAddress], lists: [DNSBLList], unusable: [String: String], fetchText: Bool) async -> [Result] {
        var results: [Result] = []
        var asked: [(address: IPAddress, list: Int)] = []
        var questions: [(name: String, type: DNSRecordType)] = []
        asked.reserveCapacity(addresses.count * lists.count)
        questions.reserveCapacity(addresses.count * lists.count)
        let failed = lists.map { unusable[$0.name] }
        for address in addresses {
            for (index, list) in lists.enumerated() where list.covers(address) {
                if let why = failed[index] {
                    results.append(.failedTestPoints(address, list, why))
                } else {
                    asked.append((address, index))
                    questions.append((DNSBLLookup.queryName(address, zone: list.zone), .a))
                }
            }
        }
        let answers = await client.bulk(questions, window: window)
        var verdicts = answers.indices.map { Self.verdict(answers[$0], list: lists[asked[$0].list]) }
        let listed = verdicts.indices.filter { verdicts[$0].state == .listed }
        if fetchText, !listed.isEmpty {
            let texts = await client.bulk(listed.map { (questions[$0].name, .txt) }, window: window)
            for (index, text) in zip(listed, texts) { verdicts[index].text = Self.text(of: text) }
        }
        results.reserveCapacity(results.count + asked.count)
        for (question, verdict) in zip(asked, verdicts) {
            results.append(Result(address: question.address, list: lists[question.list].name, zone: lists[question.list].zone, verdict: verdict))
        }
        return results
    }

    /// Whether a list answers its test points as RFC 5782 §5 says it must.
    public func canary(_ list: DNSBLList) async -> Canary {
        var problems: [String] = []
        var points: [(IPAddress, Bool)] = []
        if list.ipv4 { points += [(DNSBLLookup.listedTestPointV4, true), (DNSBLLookup.unlistedTestPointV4, false)] }
        if list.ipv6 { points += [(DNSBLLookup.listedTestPointV6, true), (DNSBLLookup.unlistedTestPointV6, false)] }
        for (address, shouldBeListed) in points {
            let verdict = await lookup(address, on: list, fetchText: false)
            switch (verdict.state, shouldBeListed) {
            case (.listed, true), (.clean, false): continue
            case (.unknown, _): problems.append("test point \(address): \(verdict.reason)")
            case (.listed, false): problems.append("test point \(address) must not be listed, but is (\(verdict.reason)): the list or the resolver answers everything")
            case (.clean, true): problems.append("test point \(address) must be listed, but is not: wrong zone, or the resolver hides the list")
            }
        }
        return Canary(list: list.name, usable: problems.isEmpty, problems: problems)
    }

    /// Checks every address against every list. Lists whose test points fail answer "unknown".
    public func check(_ addresses: [IPAddress], lists: [DNSBLList], fetchText: Bool = true, testPoints: Bool = true) async -> (results: [Result], canaries: [Canary]) {
        var canaries: [Canary] = []
        if testPoints { for list in lists { canaries.append(await canary(list)) } }
        let unusable = Dictionary(uniqueKeysWithValues: canaries.filter { !$0.usable }.map { ($0.list, $0.problems.joined(separator: "; ")) })
        // Lists that allow far more than the window per second need no pacing: the event loop
        // drives the whole run (fastest). Paced lists go through one worker per window slot.
        if lists.allSatisfy({ $0.queriesPerSecond >= Self.unpacedRate }) {
            return (await bulkCheck(addresses, lists: lists, unusable: unusable, fetchText: fetchText), canaries)
        }
        let pairs = addresses.flatMap { address in
            lists.filter { $0.covers(address) }.map { (address, $0) }
        }
        let limiters = Dictionary(uniqueKeysWithValues: lists.map { ($0.name, PaceLimiter(perSecond: $0.queriesPerSecond)) })
        // `window` workers take the next pair until none is left: a task per worker, not per
        // query (a million child tasks cost more than the queries). Batching a worker's queries
        // and waiting for all of them at once was measured slower: the batch waits for its slowest.
        let cursor = Cursor()
        var results: [Result] = []
        results.reserveCapacity(pairs.count)
        await withTaskGroup(of: [Result].self) { group in
            for _ in 0..<min(window, max(pairs.count, 1)) {
                group.addTask {
                    var done: [Result] = []
                    while case let index = cursor.next(), index < pairs.count {
                        let (address, list) = pairs[index]
                        if let why = unusable[list.name] {
                            done.append(.failedTestPoints(address, list, why))
                            continue
                        }
                        await limiters[list.name]!.wait()
                        done.append(Result(address: address, list: list.name, zone: list.zone, verdict: await lookup(address, on: list, fetchText: fetchText)))
                    }
                    return done
                }
            }
            for await part in group { results += part }
        }
        return (results, canaries)
    }
}

/// Hands out indexes 0, 1, 2… to concurrent workers.
final class Cursor: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// Spaces requests to at most `perSecond`, allowing a burst of one second's worth.
final class PaceLimiter: Sendable {
    let interval: Double
    let state: Mutex<(tokens: Double, at: Double)>
    let burst: Double

    init(perSecond: Int) {
        burst = Double(max(1, perSecond))
        interval = 1 / burst
        state = Mutex((burst, Date().timeIntervalSince1970))
    }

    func wait() async {
        while true {
            let delay = state.withLock { state -> Double in
                let now = Date().timeIntervalSince1970
                state.tokens = min(burst, state.tokens + (now - state.at) / interval)
                state.at = now
                if state.tokens >= 1 { state.tokens -= 1; return 0 }
                return (1 - state.tokens) * interval
            }
            if delay == 0 { return }
            try? await Task.sleep(for: .milliseconds(max(1, Int(delay * 1_000))))
        }
    }
}

extension DNSBLChecker.Result {
    /// The answer for a list that failed its test points: not asked, "unknown".
    static func failedTestPoints(_ address: IPAddress, _ list: DNSBLList, _ why: String) -> Self {
        Self(address: address, list: list.name, zone: list.zone, verdict: DNSBLVerdict(state: .unknown, reason: "the list failed its test points: \(why)"))
    }
}
