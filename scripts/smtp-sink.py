#!/usr/bin/python3
"""A test mail server for Bailiff's SMTP client: python3-aiosmtpd storing into a Maildir.

STARTTLS with the given certificate, AUTH PLAIN/LOGIN checked against one user, and a few
addresses with fixed answers so that tests can see per-recipient results:
  reject…@  -> 550 5.1.1 at RCPT        defer…@  -> 451 4.3.0 at RCPT
Each stored message gets X-Sink-* fields in front: envelope sender and recipients, the
login that authenticated, and whether the session was encrypted.
--port 0 picks a free port. Prints "ready <port>" on stdout when it accepts connections; stops on SIGTERM.
"""
import argparse, mailbox, signal, socket, ssl, threading, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, maildir):
        self.maildir = mailbox.Maildir(maildir, create=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local.startswith("reject"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        if local.startswith("defer"):
            return "451 4.3.0 <%s>: try again later" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else (session.auth_data or "")
        head = "X-Sink-Mail-From: %s\r\nX-Sink-Rcpt-To: %s\r\nX-Sink-Auth: %s\r\nX-Sink-TLS: %s\r\n" % (
            envelope.mail_from, ",".join(envelope.rcpt_tos), login, "yes" if session.ssl else "no")
        self.maildir.add(head.encode() + envelope.original_content)
        return "250 2.0.0 stored"


class Authenticator:
    def __init__(self, user, password):
        self.user, self.password = user.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login == self.user and auth_data.password == self.password:
            return AuthResult(success=True, auth_data=auth_data.login)
        return AuthResult(success=False, handled=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--exclude-mechanism", action="append", default=[], help="AUTH mechanism not to offer (PLAIN, LOGIN)")
    args = parser.parse_args()
    options = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        options.update(tls_context=context, require_starttls=True)
    if args.user:
        options.update(authenticator=Authenticator(args.user, args.password), auth_required=True, auth_require_tls=bool(args.cert),
                       auth_exclude_mechanism=args.exclude_mechanism)
    port = args.port
    if port == 0:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    controller = Controller(Sink(args.maildir), hostname="127.0.0.1", port=port, server_hostname="localhost", **options)
    controller.start()
    print("ready %d" % port, flush=True)
    stop = threading.Event()
    # A parent may have blocked these (test runners do); the sink must still stop on them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.is_set():
        time.sleep(0.2)
    controller.stop()


if __name__ == "__main__":
    main()
