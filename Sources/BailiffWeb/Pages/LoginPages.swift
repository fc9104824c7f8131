/// Staff sign-in: password first, then the authenticator code.
public enum LoginPages {
    public static func password(csrf: String, frame: Layout.Frame, username: String = "") -> HTML {
        Layout.page("Staff sign-in", frame, main: """
            <form method="post" action="/login" class="login">\(Layout.csrfField(csrf))
            <label for="username">User name</label><input type="text" id="username" name="username" value="\(username)" autocomplete="username" required autofocus>
            <label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
            <button type="submit">Continue</button></form>
            <p class="muted">Customers and resellers sign in with the link in their notice, or from the control panel.</p>
            """)
    }

    public static func secondFactor(frame: Layout.Frame) -> HTML {
        Layout.page("Authenticator code", frame, main: """
            <form method="post" action="/login/totp" class="login">\(Layout.csrfField(frame.csrf))
            <label for="code">The 6-digit code from your authenticator app</label>
            <input type="text" id="code" name="code" inputmode="numeric" pattern="[0-9 ]{6,7}" autocomplete="one-time-code" required autofocus>
            <button type="submit">Sign in</button></form>
            """)
    }
}
