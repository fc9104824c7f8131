import BailiffCore
import BailiffStore

/// Where intake puts raw messages. The store's ``EvidenceRepository`` is the real one; tests wrap
/// it to make it unavailable on purpose.
public protocol EvidenceSink: Sendable {
    func store(_ message: [UInt8], envelope: Envelope) async throws -> EvidenceRepository.StoredMessage
}

extension EvidenceRepository: EvidenceSink {}
