/// The frame of every page: head, navigation for who is signed in, a flash line, the body.
///
/// No inline script or style anywhere (the Content-Security-Policy forbids both); the one
/// stylesheet is `/static/bailiff.css`.
public enum Layout {
    /// What the frame needs to know about the request.
    public struct Frame: Sendable {
        public var principal: Principal?
        /// The session's CSRF token, put in every form that changes something.
        public var csrf: String?
        public var flash: String?
        public var error: String?

        public init(principal: Principal? = nil, csrf: String? = nil, flash: String? = nil, error: String? = nil) {
            self.principal = principal; self.csrf = csrf; self.flash = flash; self.error = error
        }
    }

    public static func page(_ title: String, _ frame: Frame, main: HTML) -> HTML {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) · Bailiff</title><link rel="stylesheet" href="/static/bailiff.css"></head>
        <body><header class="top"><a class="brand" href="\(home(frame.principal))">Bailiff</a>\(navigation(frame))</header>
        \(frame.flash.map { "<p class=\"flash\" role=\"status\">\($0)</p>" as HTML } ?? .empty)\
        \(frame.error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" as HTML } ?? .empty)
        <main id="main"><h1>\(title)</h1>
        \(main)
        </main><footer><a href="/aup">Acceptable Use Policy</a> · <a href="/report">Report abuse</a></footer></body></html>
        """
    }

    static func home(_ principal: Principal?) -> String {
        switch principal {
        case .staff?: "/desk"
        case .customer?, .reseller?: "/portal"
        case nil: "/"
        }
    }

    static func navigation(_ frame: Frame) -> HTML {
        guard let principal = frame.principal else { return "<nav><a href=\"/login\">Staff sign-in</a></nav>" }
        let links: [(String, String)]
        switch principal {
        case .staff(_, let role):
            links = [("/desk", "Queue"), ("/desk/dashboard", "Dashboard"), ("/desk/triage", "Triage"), ("/desk/lookup", "Lookup"),
                     ("/desk/port25", "Port 25"), ("/desk/blocklists", "Blocklists"), ("/desk/policy", "Policy"), ("/desk/audit", "Audit")] + (role.mayAdminister ? [] : [])
        case .customer, .reseller:
            links = [("/portal", "My cases"), ("/portal/port25", "Port 25")]
        }
        return """
            <nav>\(links.html { "<a href=\"\($0.0)\">\($0.1)</a>" })<span class="who">\(principal.actor)</span>\
            <form method="post" action="/logout" class="inline">\(csrfField(frame.csrf))<button type="submit">Sign out</button></form></nav>
            """
    }

    /// The hidden field carrying the CSRF token.
    public static func csrfField(_ token: String?) -> HTML {
        guard let token else { return .empty }
        return "<input type=\"hidden\" name=\"csrf\" value=\"\(token)\">"
    }

    /// A definition list of label/value pairs.
    public static func facts(_ pairs: [(String, HTML)]) -> HTML {
        "<dl class=\"facts\">\(pairs.html { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" })</dl>"
    }
}
