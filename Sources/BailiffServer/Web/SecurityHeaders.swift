import Vapor

/// Headers every response carries: a Content-Security-Policy without inline script or style,
/// no framing, no sniffing, no referrer to other sites (portal links carry a token;
/// "no-referrer" would also make browsers send `Origin: null` on our own forms), HSTS behind TLS, and no
/// caching of pages that may show a signed-in person's data.
struct SecurityHeaders: AsyncMiddleware {
    let https: Bool

    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // Installed first, outside Vapor's ErrorMiddleware: errors arrive here as responses too.
        let response = try await next.respond(to: request)
        let headers = response.headers
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Cross-Origin-Opener-Policy", value: "same-origin")
        if https { response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains") }
        if !request.url.path.hasPrefix("/static/"), headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
