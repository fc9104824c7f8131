// Parses a generated 100,000-row Shadowserver scan_ssh CSV (the real 84-column header, rows
// shaped like Shadowserver's) into events and prints rows per second. Run in release:
//   ShadowserverBenchmark                      generate in memory, parse, best of 3
//   ShadowserverBenchmark --write-csv PATH     write the generated CSV to PATH and exit
//   ShadowserverBenchmark --parse PATH [RUNS]  parse the CSV file at PATH (best of RUNS, default 3)
// The generated file is deterministic: every field is a function of the row number (no randomness),
// so each run and each peer (bench/shadowserver.sh runs IntelMQ on the same file) sees the same bytes.
import BailiffCore
import BailiffReports
import Dispatch
import Foundation

let header = """
timestamp ip protocol port hostname tag asn geo region city naics sic serverid_raw serverid_version serverid_software \
serverid_comment server_cookie available_kex available_ciphers available_mac available_compression selected_kex algorithm \
selected_cipher selected_mac selected_compression server_signature_value server_signature_raw server_host_key \
server_host_key_sha256 rsa_prime rsa_prime_length rsa_generator rsa_generator_length rsa_public_key rsa_public_key_length \
rsa_exponent rsa_modulus rsa_length dss_prime dss_prime_length dss_generator dss_generator_length dss_public_key \
dss_public_key_length dss_dsa_public_g dss_dsa_public_p dss_dsa_public_q dss_dsa_public_y ecdsa_curve25519 ecdsa_curve \
ecdsa_public_key_length ecdsa_public_key_b ecdsa_public_key_gx ecdsa_public_key_gy ecdsa_public_key_n ecdsa_public_key_p \
ecdsa_public_key_x ecdsa_public_key_y ed25519_curve25519 ed25519_cert_public_key_nonce ed25519_cert_public_key_bytes \
ed25519_cert_public_key_raw ed25519_cert_public_key_sha256 ed25519_cert_public_key_serial ed25519_cert_public_key_type_id \
ed25519_cert_public_key_type_name ed25519_cert_public_key_keyid ed25519_cert_public_key_principles \
ed25519_cert_public_key_valid_after ed25519_cert_public_key_valid_before ed25519_cert_public_key_duration \
ed25519_cert_public_key_sigkey_bytes ed25519_cert_public_key_sigkey_raw ed25519_cert_public_key_sigkey_sha256 \
ed25519_cert_public_key_sigkey_value ed25519_cert_public_key_sig_raw banner userauth_methods device_vendor device_type \
device_model device_version device_sector
""".split(separator: " ").map { "\"\($0)\"" }.joined(separator: ",")

let rowCount = 100_000

func generate() -> [UInt8] {
    var text = header + "\n"
    text.reserveCapacity(rowCount * 420)
    for i in 0..<rowCount {
        let ip = "\(10 + i % 200).\(i / 65_536 % 256).\(i / 256 % 256).\(i % 256)"
        let second = i % 60, minute = i / 60 % 60
        var row = "\"2023-04-01 0\(i / 3600 % 10):\(minute < 10 ? "0" : "")\(minute):\(second < 10 ? "0" : "")\(second)\",\"\(ip)\",\"tcp\",22,"
        row += "\"host-\(i).example.net\",\"ssh\",64496,\"NL\",\"NOORD-HOLLAND\",\"AMSTERDAM\",518210,0,"
        row += "\"SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.1\",\"2.0\",\"OpenSSH_8.9p1\",\"Ubuntu-3ubuntu0.1\",\"a1b2c3d4\","
        row += "\"curve25519-sha256,ecdh-sha2-nistp256\",\"chacha20-poly1305@openssh.com,aes128-ctr\",\"hmac-sha2-256\",\"none,zlib@openssh.com\","
        row += "\"curve25519-sha256\",\"ssh-ed25519\",\"chacha20-poly1305@openssh.com\",\"hmac-sha2-256\",\"none\""
        row += String(repeating: ",", count: 84 - 26) + "\n"
        text += row
    }
    return Array(text.utf8)
}

/// Parses `bytes` `runs` times; prints and returns the best time.
func measure(_ bytes: [UInt8], label: String, runs: Int) {
    var best = Double.infinity
    var events = 0, dataRows = 0, skipped = 0
    for _ in 0..<max(1, runs) {
        let start = DispatchTime.now().uptimeNanoseconds
        switch ShadowserverCSV.parse(bytes, typeName: "scan_ssh", limits: .init(maxBytes: 256 * 1024 * 1024)) {
        case .success(let outcome): events = outcome.events.count; dataRows = outcome.dataRowCount; skipped = outcome.skippedCount
        case .failure(let failure): fatalError("benchmark input did not parse: \(failure)")
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    print("\(label): \(dataRows) rows (\(String(format: "%.1f", Double(bytes.count) / 1_048_576)) MiB), \(events) events, \(skipped) skipped; "
        + "best of \(max(1, runs)): \(String(format: "%.3f", best)) s, \(Int(Double(dataRows) / best)) rows/s")
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case nil:
    measure(generate(), label: "scan_ssh (generated in memory)", runs: 3)
case "--write-csv" where arguments.count == 2:
    let bytes = generate()
    guard FileManager.default.createFile(atPath: arguments[1], contents: Data(bytes)) else {
        fatalError("could not write \(arguments[1])")
    }
    print("wrote \(rowCount) rows, \(bytes.count) bytes to \(arguments[1])")
case "--parse" where arguments.count == 2 || arguments.count == 3:
    guard let data = FileManager.default.contents(atPath: arguments[1]) else { fatalError("could not read \(arguments[1])") }
    let runs = arguments.count == 3 ? Int(arguments[2]) ?? 3 : 3
    measure([UInt8](data), label: "scan_ssh (\(arguments[1]))", runs: runs)
default:
    print("usage: ShadowserverBenchmark [--write-csv PATH | --parse PATH [RUNS]]")
    exit(2)
}
