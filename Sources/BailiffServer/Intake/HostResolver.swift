import BailiffCore
import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a DNS lookup made at intake answered: kept with the event as evidence, because the
/// name may point elsewhere tomorrow.
public struct HostLookup: Sendable, Hashable {
    public var name: String
    /// The addresses, IPv4 first, in the resolver's order; empty when the lookup failed.
    public var addresses: [IPAddress]
    /// Why there are no addresses ("no such host", "timed out after 3 s", …).
    public var failure: String?
    /// When the answer was received (seconds since the epoch).
    public var resolvedAt: Int64

    public init(name: String, addresses: [IPAddress], failure: String?, resolvedAt: Int64) {
        self.name = name; self.addresses = addresses; self.failure = failure; self.resolvedAt = resolvedAt
    }

    /// The answer as one line of evidence: `A/AAAA 192.0.2.7, 2001:db8::7` or the failure.
    public var evidence: String {
        failure ?? addresses.map(\.description).joined(separator: ", ")
    }
}

/// Resolves the host names of URL-only events so that they can be attributed.
public protocol HostResolver: Sendable {
    func lookup(_ name: String) async -> HostLookup
}

/// The system's resolver (`getaddrinfo`: /etc/hosts, then the configured DNS servers), on its
/// own small thread pool so that slow lookups never hold up the database's threads, and cut off
/// after `timeout` (the blocked thread finishes on its own; its late answer is dropped).
public final class SystemHostResolver: HostResolver {
    let timeout: Duration
    private let pool: NIOThreadPool

    public init(timeout: Duration = .seconds(3), threads: Int = 4) {
        self.timeout = timeout
        self.pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
    }

    deinit { pool.shutdownGracefully { _ in } }

    public func lookup(_ name: String) async -> HostLookup {
        let timeout = self.timeout
        let pool = self.pool
        let outcome = await withTaskGroup(of: Result<[IPAddress], LookupFailure>?.self) { group in
            group.addTask { try? await pool.runIfActive { SystemHostResolver.systemLookup(name) } }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .failure(LookupFailure(reason: "timed out after \(timeout.components.seconds) s"))
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(LookupFailure(reason: "resolver unavailable"))
        }
        let now = Int64(Date().timeIntervalSince1970)
        switch outcome {
        case .success(let addresses): return HostLookup(name: name, addresses: addresses, failure: nil, resolvedAt: now)
        case .failure(let failure): return HostLookup(name: name, addresses: [], failure: failure.reason, resolvedAt: now)
        }
    }

    struct LookupFailure: Error { let reason: String }

    static func systemLookup(_ name: String) -> Result<[IPAddress], LookupFailure> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, nil, &hints, &list)
        guard status == 0 else {
            let reason = status == EAI_NONAME ? "no such host" : String(cString: gai_strerror(status))
            return .failure(LookupFailure(reason: reason))
        }
        defer { freeaddrinfo(list) }
        var addresses: [IPAddress] = []
        var node = list
        while let entry = node?.pointee {
            var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
            if entry.ai_family == AF_INET, let raw = entry.ai_addr {
                var address = raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
                inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
            } else if entry.ai_family == AF_INET6, let raw = entry.ai_addr {
                var address = raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
                inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
            }
            let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            if let address = IPAddress(text), !addresses.contains(address) { addresses.append(address) }
            node = entry.ai_next
        }
        // IPv4 first: most inventories are attributed by IPv4, and the order is otherwise the resolver's.
        return .success(addresses.filter { $0.family == .v4 } + addresses.filter { $0.family != .v4 })
    }
}
