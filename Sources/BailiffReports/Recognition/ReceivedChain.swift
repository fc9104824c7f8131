import BailiffCore

/// Reading the path a message took from its `Received` headers (RFC 5321 §4.4).
public enum ReceivedChain {
    /// The address that handed the message to the first server outside the sender's network:
    /// walking from the newest header (added by the recipient's own server) to the oldest, the
    /// first `from` address that is neither private nor the provider's own infrastructure. A
    /// report quoting our mail relay is about whoever sent through it, one hop further down.
    public static func source(of headers: MessageHeaders, context: AnalysisContext) -> (ip: IPAddress, date: Int64?)? {
        for value in headers.values("Received") {
            let field = ReceivedField(value)
            guard let from = field.from else { continue }
            // "host.example (host.example [192.0.2.1])": the bracketed address is what the
            // receiving server saw; the names are the sender's claims.
            let addresses = AddressScanner.addresses(in: from)
            guard let address = addresses.last else { continue }
            if address.isPrivateOrLocal || context.isProviderInfrastructure(address) { continue }
            return (address, field.date)
        }
        return nil
    }
}
