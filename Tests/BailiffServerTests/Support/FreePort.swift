import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on loopback that nothing listens on right now (the kernel's choice), for peers
/// that cannot be told to pick their own and report it.
func freeLoopbackPort() throws -> Int { try freeLoopbackPort(type: SOCK_STREAM) }

/// A UDP port on loopback that nothing is bound to right now, for UDP peers (nfcapd, recorders).
/// A TCP-free port may be taken for UDP, so this asks the kernel for a UDP one.
func freeLoopbackUDPPort() throws -> Int { try freeLoopbackPort(type: SOCK_DGRAM) }

private func freeLoopbackPort(type: __socket_type) throws -> Int {
    let descriptor = socket(AF_INET, Int32(type.rawValue), 0)
    guard descriptor >= 0 else { throw SinkError("socket() failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else { throw SinkError("bind() on loopback failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Runs a program to its end; returns its status and standard output.
@discardableResult
func runProgram(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// A long-running peer started for a test and stopped (TERM, then KILL) at its end.
final class PeerProcess {
    let process: Process

    /// `unblockingSignals`: the test runner's threads block signals and a child inherits the mask;
    /// a peer that must end cleanly on SIGINT/SIGTERM (nfcapd writes its file then) is started
    /// through a small exec wrapper that clears the mask first.
    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], unblockingSignals: Bool = false, log: URL) throws {
        let process = Process()
        if unblockingSignals {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
            process.arguments = ["-c", "import os, signal, sys\nsignal.pthread_sigmask(signal.SIG_SETMASK, [])\n"
                + "for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP): signal.signal(s, signal.SIG_DFL)\nos.execv(sys.argv[1], sys.argv[1:])",
                executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.process = process
    }

    func stop() { stopGently(process) }

    deinit { stop() }
}

/// Stops a peer: TERM, five seconds to go, then KILL.
func stopGently(_ process: Process) {
    guard process.isRunning else { return }
    process.terminate()
    let deadline = Date().addingTimeInterval(5)
    while process.isRunning, Date() < deadline { usleep(20_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
}

/// The package's root directory, for scripts and built binaries.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized
