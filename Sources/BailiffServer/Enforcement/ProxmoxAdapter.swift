import AsyncHTTPClient
import BailiffCore
import BailiffStore
import Foundation
import NIOCore

/// Proxmox VE through its API with an API token: a suspension the customer cannot undo — every
/// network interface set to `link_down=1`, then the guest stopped (a plain `suspend` is a pause
/// the customer could resume) — and the reverse on unsuspend. Termination stops and disconnects
/// too, and leaves deleting the disks to staff.
///
/// Services name their guest with the references `proxmox.node`, `proxmox.vmid` and optionally
/// `proxmox.type` (`qemu`, the default, or `lxc`). The guest's state is read first, so a repeat
/// changes nothing; a stop or start is a task, polled until it ends.
public struct ProxmoxAdapter: EnforcementAdapter {
    public let name = "proxmox"
    public let actions: Set<String>
    let baseURL: String
    let tokenID: String
    let tokenSecret: String
    let client: HTTPClient
    let taskTimeout: Duration

    public static let supported: Set<String> = ["suspend", "unsuspend", "terminate"]

    /// - Parameters:
    ///   - baseURL: `https://pve.example.net:8006`.
    ///   - tokenID: `user@realm!tokenname`.
    public init(baseURL: String, tokenID: String, tokenSecret: String, actions: Set<String>, client: HTTPClient = .shared, taskTimeout: Duration = .seconds(60)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.tokenID = tokenID; self.tokenSecret = tokenSecret; self.actions = actions.intersection(Self.supported)
        self.client = client; self.taskTimeout = taskTimeout
    }

    /// A refusal by the API (4xx): staff must look.
    struct Refused: Error, CustomStringConvertible { var description: String }
    /// A temporary failure (5xx, 429): try again later.
    struct Unavailable: Error, CustomStringConvertible { var description: String }

    public func perform(_ work: IntentRepository.Work) async -> AdapterOutcome {
        guard let node = work.references["proxmox.node"], let vmid = work.references["proxmox.vmid"] else {
            return .failed("service \(work.serviceID) has no proxmox.node and proxmox.vmid references in the inventory")
        }
        let type = work.references["proxmox.type"] ?? "qemu"
        guard type == "qemu" || type == "lxc", vmid.allSatisfy(\.isNumber), !node.contains("/") else {
            return .failed("the Proxmox references of service \(work.serviceID) are not a guest (type \(type), node \(node), vmid \(vmid))")
        }
        let guest = "/api2/json/nodes/\(FormEncoding.escape(node))/\(type)/\(vmid)"
        do {
            let disconnect = work.action != "unsuspend"
            var steps: [String] = []
            let config = try await request("GET", guest + "/config")
            var changes: [String: String] = [:]
            for (key, value) in (config as? [String: Any]) ?? [:] where key.hasPrefix("net") && key.dropFirst(3).allSatisfy(\.isNumber) {
                guard let text = value as? String else { continue }
                let updated = Self.settingLinkDown(text, disconnect)
                if updated != text { changes[key] = updated }
            }
            if !changes.isEmpty {
                _ = try await request("PUT", guest + "/config", form: changes)
                steps.append("\(disconnect ? "disconnected" : "reconnected") \(changes.keys.sorted().joined(separator: ", "))")
            }
            let status = (try await request("GET", guest + "/status/current") as? [String: Any])?["status"] as? String ?? "unknown"
            if disconnect, status != "stopped" {
                try await runTask(node: node, path: guest + "/status/stop")
                steps.append("stopped")
            } else if !disconnect, status != "running" {
                try await runTask(node: node, path: guest + "/status/start")
                steps.append("started")
            }
            let what = "\(type) \(vmid) on \(node)"
            if steps.isEmpty { return .done("\(what) was already \(disconnect ? "stopped and disconnected" : "running and connected")") }
            let note = work.action == "terminate" ? "; disks kept for staff to delete" : ""
            return .done("\(what): " + steps.joined(separator: ", ") + note)
        } catch let refusal as Refused {
            return .failed(refusal.description)
        } catch {
            return .retry("Proxmox at \(baseURL): \(error)")
        }
    }

    /// A network device's configuration with `link_down=1` set (or removed).
    static func settingLinkDown(_ text: String, _ down: Bool) -> String {
        var parts = text.split(separator: ",").map(String.init).filter { !$0.hasPrefix("link_down=") }
        if down { parts.append("link_down=1") }
        return parts.joined(separator: ",")
    }

    /// Starts a task and waits for it to end with `OK`.
    func runTask(node: String, path: String) async throws {
        guard let upid = try await request("POST", path) as? String else { throw Refused(description: "Proxmox started no task for \(path)") }
        let deadline = ContinuousClock.now + taskTimeout
        while ContinuousClock.now < deadline {
            let status = try await request("GET", "/api2/json/nodes/\(FormEncoding.escape(node))/tasks/\(FormEncoding.escape(upid))/status") as? [String: Any]
            if status?["status"] as? String == "stopped" {
                let exit = status?["exitstatus"] as? String ?? "?"
                guard exit == "OK" else { throw Refused(description: "Proxmox task \(upid) ended with \(exit)") }
                return
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        throw TaskStillRunning(upid: upid)
    }

    struct TaskStillRunning: Error, CustomStringConvertible {
        var upid: String
        var description: String { "task \(upid) is still running; the next attempt checks the guest again" }
    }

    /// One API call; returns the `data` member of the answer.
    func request(_ method: String, _ path: String, form: [String: String]? = nil) async throws -> Any? {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .RAW(value: method)
        request.headers.add(name: "Authorization", value: "PVEAPIToken=\(tokenID)=\(tokenSecret)")
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: FormEncoding.encode(form)))
        }
        let response = try await client.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        switch response.status.code {
        case 200..<300: break
        case 401, 403: throw Refused(description: "Proxmox refused the API token (\(response.status.code)); check proxmox.token_id and its privileges (VM.PowerMgmt, VM.Config.Network)")
        case 400..<500 where response.status.code != 429: throw Refused(description: "Proxmox answered \(method) \(path) with \(response.status.code) \(String(buffer: body).prefix(200))")
        default: throw Unavailable(description: "Proxmox answered \(method) \(path) with \(response.status.code) \(String(buffer: body).prefix(200))")
        }
        return (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])?["data"] ?? nil
    }
}
