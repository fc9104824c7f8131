import Crypto

/// SHA-256 in lower-case hex, the form evidence is named by everywhere in Bailiff.
enum SHA256Hex {
    static func of(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            output.append(hex[Int(byte >> 4)]); output.append(hex[Int(byte & 15)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
