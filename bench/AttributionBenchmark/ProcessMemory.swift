#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's memory as Linux reports it in /proc; nil elsewhere.
enum ProcessMemory {
    /// Resident set size in bytes, from the second field of /proc/self/statm.
    static func residentBytes() -> Int? {
        guard let text = read("/proc/self/statm") else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * pageSize
    }

    /// Peak resident set size in bytes (VmHWM in /proc/self/status).
    static func peakResidentBytes() -> Int? {
        guard let text = read("/proc/self/status") else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    /// Hands freed heap memory back to the system (glibc's `malloc_trim`), so that the resident
    /// set measures what is live rather than what the allocator keeps for later.
    static func releaseFreeHeap() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }  // RTLD_DEFAULT
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }

    /// The first three fields of /proc/loadavg.
    static func loadAverage() -> String? {
        read("/proc/loadavg").map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
    }

    private static var pageSize: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

    private static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
