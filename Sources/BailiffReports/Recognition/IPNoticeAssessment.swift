/// Whether an intellectual-property complaint meets the AUP ("Reports"): the provider acts only
/// on a complaint that shows a prior attempt to contact the infringing party and its result,
/// names the material with its domain or IP, and proves ownership of the right. One that lacks
/// any is answered and closed as ignored, naming what is missing.
public struct IPNoticeAssessment: Sendable, Hashable {
    public enum Requirement: String, Sendable, Hashable, CaseIterable {
        /// "…a prior attempt to contact the infringing party, and its result".
        case priorContactAttempt = "prior-contact-attempt"
        /// "…the material, with its domain or IP address".
        case materialLocation = "material-location"
        /// "…proof of ownership of the right".
        case proofOfOwnership = "proof-of-ownership"

        /// What the reporter is told is missing.
        public var explanation: String {
            switch self {
            case .priorContactAttempt: "an attempt to contact the infringing party first, and its result"
            case .materialLocation: "the infringing material named with its domain or IP address"
            case .proofOfOwnership: "proof that the complainant owns the right (e.g. a registration number or certificate), not only a statement"
            }
        }
    }

    public var missing: [Requirement]
    public var isCompliant: Bool { missing.isEmpty }

    public init(missing: [Requirement]) { self.missing = missing }
}
