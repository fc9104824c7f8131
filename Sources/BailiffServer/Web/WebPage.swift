import BailiffWeb
import Vapor

/// Turning pages into responses.
enum WebPage {
    static func html(_ page: HTML, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(status: status, headers: headers, body: .init(string: page.rendered))
    }

    /// 303 See Other: after a POST, the browser fetches the next page with GET.
    static func redirect(_ location: String) -> Response {
        let response = Response(status: .seeOther)
        response.headers.replaceOrAdd(name: .location, value: location)
        return response
    }

    /// The same page for "does not exist" and "not yours", so that existence does not leak.
    static func notFound(_ frame: Layout.Frame) -> Response {
        html(Layout.page("Not found", frame, main: "<p>There is nothing here, or nothing you may see.</p>"), status: .notFound)
    }

    static func forbidden(_ frame: Layout.Frame, _ why: String) -> Response {
        html(Layout.page("Not allowed", frame, main: "<p>\(why)</p>"), status: .forbidden)
    }
}

extension Request {
    /// The peer's address, for rate limits and the audit log.
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }

    /// A form field, trimmed; nil when absent.
    func formField(_ name: String) -> String? {
        guard let value = try? content.get(String.self, at: name) else { return nil }
        return value
    }

    /// Every value of a repeated form field (`ids=1&ids=2`).
    func formFields(_ name: String) -> [String] {
        guard let body = body.string else { return [] }
        return body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == Substring(name) else { return nil }
            return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        }
    }

    var now: Int64 { Int64(Date().timeIntervalSince1970) }
}
