// MIMEBench: parses every mail of the corpus N times and prints throughput.
// Usage: swift run -c release MIMEBench [iterations] [corpus-dir]
// The corpus defaults to $BAILIFF_CORPUS, else the first `shared/corpus` found
// walking up from the current directory or from this source file.
import BailiffReports
import Foundation

func findCorpus() -> URL? {
    let args = CommandLine.arguments
    if args.count > 2 { return URL(fileURLWithPath: args[2]) }
    if let env = ProcessInfo.processInfo.environment["BAILIFF_CORPUS"], !env.isEmpty { return URL(fileURLWithPath: env) }
    for start in [FileManager.default.currentDirectoryPath, #filePath] {
        var dir = URL(fileURLWithPath: start)
        while dir.path != "/" {
            let c = dir.appendingPathComponent("shared/corpus")
            if FileManager.default.fileExists(atPath: c.path) { return c }
            dir = dir.deletingLastPathComponent()
        }
    }
    return nil
}

guard let root = findCorpus() else {
    print("MIMEBench: corpus not found (pass a path or set BAILIFF_CORPUS)")
    exit(2)
}
let iterations = CommandLine.arguments.count > 1 ? max(1, Int(CommandLine.arguments[1]) ?? 20) : 20

var mails: [[UInt8]] = []
let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
while let url = e?.nextObject() as? URL {
    guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
    let ext = url.pathExtension.lowercased()
    guard ext == "eml" || ext == "txt" || ext.isEmpty, let data = try? Data(contentsOf: url) else { continue }
    let bytes = [UInt8](data)
    if MessageSniffer.looksLikeMail(bytes) { mails.append(bytes) }
}
let totalBytes = mails.reduce(0) { $0 + $1.count }

var sink = 0
var failures = 0
let clock = ContinuousClock()
let start = clock.now
for _ in 0..<iterations {
    for m in mails {
        switch MIMEParser.parse(m) {
        case .success(let msg):
            for p in msg.allParts { sink &+= p.body.count &+ (p.text?.utf8.count ?? 0) }
        case .failure:
            failures += 1
        }
    }
}
let elapsed = clock.now - start
let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
let msgs = Double(mails.count * iterations)
let mb = Double(totalBytes * iterations) / 1_048_576
print("corpus: \(root.path)")
print("mails: \(mails.count), bytes: \(totalBytes), iterations: \(iterations), failures/iter: \(failures / iterations), checksum: \(sink)")
print(String(format: "swift: %.0f messages/s, %.2f MB/s (%.3f s)", msgs / seconds, mb / seconds, seconds))
print(String(format: "RESULT msgs_per_s=%.3f mb_per_s=%.4f", msgs / seconds, mb / seconds))
