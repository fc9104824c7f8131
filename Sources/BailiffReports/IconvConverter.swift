import Glibc

/// A thin, safe wrapper around glibc's iconv (`iconv_open` / `iconv` / `iconv_close`)
/// converting from a named charset to UTF-8.
///
/// Used for every charset the parser does not decode natively (Windows-125x,
/// ISO-8859-x, KOI8-R, ISO-2022-JP, EUC-JP, Shift_JIS, GB18030, Big5, …).
/// Invalid input sequences are replaced by U+FFFD and counted rather than
/// aborting, so one bad byte does not lose the rest of a report.
/// Not thread-safe (an iconv descriptor carries state): create one per use.
public final class IconvConverter {
    private let cd: iconv_t
    /// The iconv charset name this converter decodes from.
    public let charset: String

    /// Opens a converter from `charset` to UTF-8; nil if iconv does not know the
    /// charset or the name contains characters outside `[A-Za-z0-9._:-]`
    /// (names come from hostile headers and must not reach iconv unchecked).
    public init?(from charset: String) {
        guard !charset.isEmpty, charset.utf8.count <= 40,
              charset.utf8.allSatisfy({ b in
                  (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
                      || b == 45 || b == 46 || b == 95 || b == 58
              })
        else { return nil }
        let h = iconv_open("UTF-8", charset)
        guard let h, Int(bitPattern: h) != -1 else { return nil }
        self.cd = h
        self.charset = charset
    }

    deinit { iconv_close(cd) }

    /// Maximum number of invalid sequences replaced one by one; after that the
    /// remainder is decoded as lossy UTF-8 to keep the cost linear.
    static let maxInvalidSequences = 4096

    /// Converts `bytes` to a String. `invalidSequences` counts replaced sequences.
    public func convert<C: Collection>(_ bytes: C) -> (text: String, invalidSequences: Int) where C.Element == UInt8 {
        var input = Array(bytes)
        var result: [UInt8] = []
        result.reserveCapacity(input.count + input.count / 2)
        var invalid = 0
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        _ = iconv(cd, nil, nil, nil, nil) // reset shift state
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        input.withUnsafeMutableBufferPointer { inBuf in
            guard let inBase = inBuf.baseAddress else { return }
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBase).assumingMemoryBound(to: CChar.self)
            var inLeft = inBuf.count
            chunk.withUnsafeMutableBufferPointer { outBuf in
                let outBase = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                while inLeft > 0 {
                    var outPtr: UnsafeMutablePointer<CChar>? = outBase
                    var outLeft = outBuf.count
                    let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    let err = errno
                    result.append(contentsOf: outBuf[0..<(outBuf.count - outLeft)])
                    if r != -1 { continue }
                    if err == E2BIG { continue }
                    invalid += 1
                    result.append(contentsOf: replacement)
                    if err == EILSEQ, inLeft > 0, invalid < IconvConverter.maxInvalidSequences {
                        inPtr = inPtr! + 1
                        inLeft -= 1
                        _ = iconv(cd, nil, nil, nil, nil)
                        continue
                    }
                    if err == EILSEQ, inLeft > 1 {
                        // Too many invalid sequences: give up on iconv for the rest.
                        let consumed = inBuf.count - inLeft
                        let rest = UnsafeBufferPointer(rebasing: inBuf[(consumed + 1)...])
                        result.append(contentsOf: Array(Bytes.lossyUTF8(rest).utf8))
                    }
                    inLeft = 0 // EINVAL (truncated sequence at end) or anything else: stop
                }
                // Flush shift state (stateful encodings such as ISO-2022-JP).
                var outPtr: UnsafeMutablePointer<CChar>? = outBase
                var outLeft = outBuf.count
                _ = iconv(cd, nil, nil, &outPtr, &outLeft)
                result.append(contentsOf: outBuf[0..<(outBuf.count - outLeft)])
            }
        }
        return (String(decoding: result, as: UTF8.self), invalid)
    }
}
