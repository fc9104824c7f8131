import BailiffCore
import BailiffStore
import BailiffWeb
import Vapor

extension Port25Pages.RequestLine {
    init(_ request: Port25Repository.Request) {
        self.init(id: request.id, address: request.address.description, serviceID: request.serviceID, customerID: request.customerID,
                  requestedBy: request.requestedBy, purpose: request.purpose, requestedAt: request.requestedAt, status: request.status.rawValue,
                  explanation: request.explanation, reverseDNS: request.reverseDNS)
    }
}

/// The desk's port-25 page: the review queue, decisions, approvals in force, an address's history.
extension DeskController {
    func registerPort25(_ desk: any RoutesBuilder) {
        desk.get("port25", use: port25Page)
        desk.post("port25", ":id", "decision", use: port25Decision)
    }

    @Sendable func port25Page(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            try await port25Response(request, staff: staff, frame: staff.frame)
        }
    }

    private func port25Response(_ request: Request, staff: Staff, frame: Layout.Frame, status: HTTPResponseStatus = .ok) async throws -> Response {
        let repository = Port25Repository(web.store)
        var history: (String, [Port25Pages.HistoryLine])?
        var frame = frame
        if let address = addressQuery(request, frame: &frame) {
            history = (address.description, try await repository.history(address).map { Port25Pages.HistoryLine(at: $0.at, kind: $0.kind, actor: $0.actor, text: $0.text) })
        }
        let pending = try await repository.requests(status: .pendingReview).map(Port25Pages.RequestLine.init)
        let recent = try await repository.requests(limit: 50).filter { $0.status != .pendingReview }.map(Port25Pages.RequestLine.init)
        let approvals = try await repository.approvals().map { ($0.address.description, $0.serviceID, $0.approvedBy, $0.approvedAt, $0.reason) }
        if frame.flash == nil, let done = request.query[String.self, at: "done"] {
            frame.flash = done == "approved" ? "Approved: port 25 opens within seconds." : done == "refused" ? "Refused; the customer reads your reason." : nil
        }
        return WebPage.html(Port25Pages.desk(pending: pending, recent: recent, approvals: approvals, history: history, mayDecide: staff.role.mayWorkCases, frame: frame),
                            status: status)
    }

    @Sendable func port25Decision(_ request: Request) async throws -> Response {
        try await staff(request) { staff in
            guard let id = request.parameters.get("id").flatMap(Int64.init) else { return WebPage.notFound(staff.frame) }
            guard web.authenticator.verifyForm(request, csrf: staff.identity.session.csrf) else { return WebPage.forbidden(staff.frame, "The form had expired; reload the page.") }
            guard staff.role.mayWorkCases else { return WebPage.forbidden(staff.frame, "Read-only staff cannot decide requests.") }
            let approve = request.formField("decision") == "approve"
            do {
                _ = try await Port25Repository(web.store).decide(requestID: id, approve: approve, staff: staff.name,
                                                                 reason: (request.formField("reason") ?? "").trimmingCharacters(in: .whitespacesAndNewlines), now: request.now)
            } catch let refusal as Port25Repository.Refusal {
                var frame = staff.frame
                frame.error = "Not done: \(refusal.description)."
                return try await port25Response(request, staff: staff, frame: frame, status: .unprocessableEntity)
            }
            return WebPage.redirect("/desk/port25?done=\(approve ? "approved" : "refused")")
        }
    }
}

/// The portal's port-25 page: the party's addresses, the request form, their requests.
extension PortalController {
    func registerPort25(_ portal: any RoutesBuilder) {
        portal.get("port25", use: port25Page)
        portal.post("port25", use: port25Request)
    }

    private func owner(_ principal: Principal) -> (customer: String?, reseller: String?) {
        switch principal {
        case .customer(let id): (id, nil)
        case .reseller(let id): (nil, id)
        case .staff: (nil, nil)
        }
    }

    private func port25Response(_ principal: Principal, frame: Layout.Frame, now: Int64, status: HTTPResponseStatus = .ok) async throws -> Response {
        let (customer, reseller) = owner(principal)
        let repository = Port25Repository(web.store)
        let open = Set(try await repository.approvals().map(\.address))
        let addresses = try await InventoryRepository(web.store).heldAddresses(customerID: customer, resellerID: reseller, now: now).map {
            Port25Pages.AddressLine(address: $0.address.description, serviceID: $0.serviceID, open: open.contains($0.address))
        }
        let requests = try await repository.requests(customerID: customer, resellerID: reseller, limit: 100).map(Port25Pages.RequestLine.init)
        return WebPage.html(Port25Pages.portal(addresses: addresses, requests: requests, frame: frame), status: status)
    }

    @Sendable func port25Page(_ request: Request) async throws -> Response {
        try await party(request) { identity, frame in
            var frame = frame
            if let done = request.query[String.self, at: "done"], let outcome = Port25RequestDecision.Outcome(rawValue: done) {
                frame.flash = outcome == .approved ? "Approved: port 25 opens for the address within a minute."
                    : outcome == .pendingReview ? "Your request waits for the abuse team; the checks below say why." : "Refused; the checks below say why."
            }
            return try await port25Response(identity.principal, frame: frame, now: request.now)
        }
    }

    @Sendable func port25Request(_ request: Request) async throws -> Response {
        try await party(request) { identity, frame in
            guard web.authenticator.verifyForm(request, csrf: identity.session.csrf) else { return WebPage.forbidden(frame, "The form had expired; reload the page.") }
            let requester: Port25RequestService.Requester
            switch identity.principal {
            case .customer(let id): requester = .customer(id)
            case .reseller(let id): requester = .reseller(id)
            case .staff: return WebPage.redirect("/desk/port25")
            }
            var frame = frame
            guard let address = IPAddress((request.formField("address") ?? "").trimmingCharacters(in: .whitespaces)) else {
                frame.error = "Choose one of your addresses."
                return try await port25Response(identity.principal, frame: frame, now: request.now, status: .unprocessableEntity)
            }
            do {
                let filed = try await web.port25.submit(address: address, purpose: request.formField("purpose") ?? "", by: requester, now: request.now)
                return WebPage.redirect("/portal/port25?done=\(filed.status.rawValue)")
            } catch let rejection as Port25RequestService.Rejection {
                frame.error = "Not sent: \(rejection.notTheirs ? "\(address) is not one of your addresses" : rejection.description)."
                return try await port25Response(identity.principal, frame: frame, now: request.now, status: .unprocessableEntity)
            }
        }
    }
}
