import BailiffCore
import BailiffStore
import BailiffWeb
import Vapor

/// Creating staff accounts and portal links, for the CLI, the demo and the tests.
public enum WebAccounts {
    /// What a new or reset account's owner must be told once (nothing of it is stored in clear).
    public struct Enrolment: Sendable {
        public var name: String
        public var role: StaffRole
        public var password: String
        public var totpSecret: String
        public var provisioningURI: String
    }

    /// Creates a staff account (or resets one): a random password unless one is given, a new TOTP secret.
    public static func enrol(_ store: Store, name: String, role: StaffRole, password: String? = nil, by actor: String, now: Int64, cost: Int = 12) async throws -> Enrolment {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw StoreError("a staff name is 1–64 letters, digits, '.', '_' or '-'")
        }
        let password = password ?? String(SecretToken.generate().prefix(20))
        guard password.count >= 12 else { throw StoreError("a staff password has at least 12 characters") }
        let secret = TOTP.generateSecret()
        let hash = try Bcrypt.hash(password, cost: cost)
        try await StaffAccountRepository(store).upsert(name: name, passwordHash: hash, role: role.rawValue, totpSecret: Base32.encode(secret), by: actor, now: now)
        return Enrolment(name: name, role: role, password: password, totpSecret: Base32.encode(secret),
                         provisioningURI: TOTP(secret: secret).provisioningURI(account: name, issuer: "Bailiff"))
    }

    /// The account's current TOTP code (for operators with access to the database, and the demo).
    public static func currentCode(_ store: Store, name: String, now: Int64) async throws -> String? {
        guard let account = try await StaffAccountRepository(store).find(name: name), let secret = Base32.decode(account.totpSecret) else { return nil }
        return TOTP(secret: secret).code(at: now)
    }

    /// A one-time sign-in link to the portal of a customer or reseller.
    public static func portalLink(_ store: Store, kind: Principal.Kind, subject: String, baseURL: String, by actor: String, now: Int64, lifetimeHours: Int) async throws -> String {
        guard kind != .staff else { throw StoreError("portal links are for customers and resellers") }
        let table = kind == .customer ? "customers" : "resellers"
        guard try await store.sql.select().column("id").from(table).where("id", .equal, subject).first() != nil else {
            throw StoreError("no \(kind.rawValue) '\(subject)' in the inventory")
        }
        let token = SecretToken.generate()
        try await PortalLinkRepository(store).create(tokenHash: SecretToken.digest(token), kind: kind.rawValue, subject: subject, by: actor, now: now,
                                                     lifetime: Int64(lifetimeHours) * 3_600)
        return "\(baseURL)/portal/signin?token=\(token)"
    }
}
