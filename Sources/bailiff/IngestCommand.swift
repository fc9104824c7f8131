import ArgumentParser
import BailiffCore
import BailiffServer
import Foundation

struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take one message on standard input, as an MTA pipe delivers it (Postfix: \"|bailiff ingest\").",
        discussion: """
            The envelope comes from SENDER, RECIPIENT and EXTENSION, as Postfix sets them. With intake.server_url and \
            intake.token configured the message goes to the running server over HTTP; otherwise straight into the store. \
            Exit status: 0 stored, 75 try again later (the MTA keeps the mail), 65 the message cannot be taken (it bounces).
            """
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration: BailiffConfiguration
        do { configuration = try common.loadConfiguration() } catch {
            // A broken configuration must not bounce mail: defer it until someone fixes the file.
            Self.fail(.temporaryFailure("\(error)"))
        }
        let limit = configuration.intakeMaximumMessageBytes
        var input: [UInt8] = []
        while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
            input.append(contentsOf: chunk)
            if input.count > limit + 4_096 { break }  // enough to know it is too large
        }
        let message = PipeIngest.stripMboxSeparator(input)
        if let refusal = PipeIngest.validate(message, maximumBytes: limit) { Self.fail(refusal) }
        let envelope = PipeIngest.envelope(environment: ProcessInfo.processInfo.environment, now: Int64(Date().timeIntervalSince1970))

        let outcome: PipeIngest.Outcome
        if !configuration.intakeServerURL.isEmpty {
            guard !configuration.intakeToken.isEmpty else {
                Self.fail(.temporaryFailure("intake.server_url is set but intake.token is not; set both"))
            }
            outcome = await PipeIngest.forward(message, envelope: envelope, serverURL: configuration.intakeServerURL, token: configuration.intakeToken)
        } else {
            do {
                let store = try await common.openStore(configuration)
                outcome = await PipeIngest.store(message, envelope: envelope, into: store)
                await store.shutdown()
            } catch {
                Self.fail(.temporaryFailure("cannot open the store: \(error)"))
            }
        }
        guard case .stored(let sha256) = outcome else { Self.fail(outcome) }
        print("stored \(sha256)")
    }

    static func fail(_ outcome: PipeIngest.Outcome) -> Never {
        let text: String
        switch outcome {
        case .temporaryFailure(let reason): text = "bailiff ingest: temporary failure, the MTA should retry: \(reason)"
        case .permanentFailure(let reason): text = "bailiff ingest: message refused: \(reason)"
        case .stored: text = ""
        }
        FileHandle.standardError.write(Data((text + "\n").utf8))
        Foundation.exit(outcome.exitCode)
    }
}
