import Foundation

/// `application/x-www-form-urlencoded` bodies for panels' APIs (WHMCS, Proxmox VE).
enum FormEncoding {
    /// Keys sorted, so that requests are reproducible; ASCII only is left unencoded
    /// (`CharacterSet.alphanumerics` would let non-ASCII letters through).
    static func encode(_ fields: [String: String]) -> String {
        fields.sorted { $0.key < $1.key }.map { key, value in escape(key) + "=" + escape(value) }.joined(separator: "&")
    }

    /// One component of a form or a URL path.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
