import AsyncHTTPClient
import BailiffCore
import BailiffStore
import Foundation
import NIOCore

/// WHMCS through its API (`includes/api.php`): suspends, unsuspends and terminates services by
/// their `whmcs.service_id` reference (ModuleSuspend, ModuleUnsuspend, ModuleTerminate), and
/// adds charges as billable items (AddBillableItem) to the client that owns the service.
///
/// WHMCS answers 200 even when it refuses; only `"result": "success"` counts. It takes no
/// idempotency key, so the service's status is read first (GetClientsProducts): a service that is
/// already suspended is not suspended again.
public struct WHMCSAdapter: EnforcementAdapter {
    public let name = "whmcs"
    public let actions: Set<String>
    let url: String
    let identifier: String
    let secret: String
    let client: HTTPClient

    public static let supported: Set<String> = ["suspend", "unsuspend", "terminate", "bill"]

    /// - Parameter url: the API endpoint, e.g. `https://billing.example.net/includes/api.php`.
    public init(url: String, identifier: String, secret: String, actions: Set<String>, client: HTTPClient = .shared) {
        self.url = url; self.identifier = identifier; self.secret = secret; self.actions = actions.intersection(Self.supported); self.client = client
    }

    public func perform(_ work: IntentRepository.Work) async -> AdapterOutcome {
        guard let serviceID = work.references["whmcs.service_id"] else {
            return .failed("service \(work.serviceID) has no whmcs.service_id reference in the inventory")
        }
        do {
            let products = try await call("GetClientsProducts", ["serviceid": serviceID])
            guard case .success(let answer) = products else { return outcome(products, "GetClientsProducts") }
            let product = ((answer["products"] as? [String: Any])?["product"] as? [[String: Any]])?.first
            guard let product else { return .failed("WHMCS knows no service \(serviceID)") }
            let status = (product["status"] as? String ?? "").lowercased()
            switch work.action {
            case "suspend":
                if status == "suspended" { return .done("service \(serviceID) was already suspended in WHMCS") }
                return outcome(try await call("ModuleSuspend", ["serviceid": serviceID, "suspendreason": "AUP \(work.clause) (policy \(work.policyVersion)), case \(work.caseID)"]), "ModuleSuspend", serviceID)
            case "unsuspend":
                if status == "active" { return .done("service \(serviceID) was already active in WHMCS") }
                return outcome(try await call("ModuleUnsuspend", ["serviceid": serviceID]), "ModuleUnsuspend", serviceID)
            case "terminate":
                if status == "terminated" { return .done("service \(serviceID) was already terminated in WHMCS") }
                return outcome(try await call("ModuleTerminate", ["serviceid": serviceID]), "ModuleTerminate", serviceID)
            case "bill":
                guard let charge = work.charge else { return .failed("the case has no charge to bill") }
                let clientID = product["clientid"].map { "\($0)" } ?? ""
                guard !clientID.isEmpty else { return .failed("WHMCS did not say which client owns service \(serviceID)") }
                let description = "\(charge.description) — case \(work.caseID)\(charge.nonRefundable ? ", non-refundable" : "") [bailiff \(work.key)]"
                // WHMCS takes no idempotency key: once the request may have reached it, trying
                // again could bill twice, so an unclear outcome goes to staff, not to a retry.
                let answer: Answer
                do {
                    answer = try await call("AddBillableItem", ["clientid": clientID, "description": description, "amount": charge.amountText,
                                                                "invoiceaction": "nextinvoice"])
                } catch {
                    answer = .unavailable("\(error)")
                }
                if case .unavailable(let message) = answer {
                    return .failed("AddBillableItem for client \(clientID) had no clear answer (\(message)); check WHMCS for an item tagged [bailiff \(work.key)] before billing again")
                }
                return outcome(answer, "AddBillableItem", "client \(clientID)")
            default:
                return .failed("WHMCS does not carry out \(work.action)")
            }
        } catch {
            return .retry("WHMCS at \(url) could not be reached: \(error)")
        }
    }

    /// What WHMCS said: its JSON when `result` is `success`, else why not.
    enum Answer {
        case success([String: Any])
        case refused(String)
        case unavailable(String)
    }

    func outcome(_ answer: Answer, _ action: String, _ subject: String = "") -> AdapterOutcome {
        switch answer {
        case .success: .done("\(action) \(subject)".trimmingCharacters(in: .whitespaces) + ": result=success")
        case .refused(let message): .failed("WHMCS refused \(action): \(message)")
        case .unavailable(let message): .retry("WHMCS \(action): \(message)")
        }
    }

    /// POSTs one API action as a form with the credentials and `responsetype=json`.
    func call(_ action: String, _ parameters: [String: String]) async throws -> Answer {
        var fields = parameters
        fields["action"] = action
        fields["identifier"] = identifier
        fields["secret"] = secret
        fields["responsetype"] = "json"
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: FormEncoding.encode(fields)))
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard (200..<300).contains(response.status.code) else {
            let text = String(buffer: body).prefix(200)
            return (500..<600).contains(response.status.code) || response.status.code == 429
                ? .unavailable("HTTP \(response.status.code) \(text)") : .refused("HTTP \(response.status.code) \(text)")
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
            return .unavailable("the answer was not JSON (is the URL the API endpoint includes/api.php?)")
        }
        guard json["result"] as? String == "success" else { return .refused(json["message"] as? String ?? "result=\(json["result"] ?? "missing")") }
        return .success(json)
    }
}
