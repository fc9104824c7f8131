import BailiffCore

/// Reads a stored message and says what it reports: the recognisers in order, the first that
/// claims the message decides. Never traps; anything it cannot understand is quarantined with
/// the reason.
public struct ReportAnalyzer: Sendable {
    public var recognizers: [any ReportRecognizer]
    public var limits: MIMELimits

    /// The recognisers in the order that keeps specific formats ahead of guesses: things that are
    /// not reports first, structured formats next, free text last.
    public init(recognizers: [any ReportRecognizer] = ReportAnalyzer.standardRecognizers, limits: MIMELimits = .default) {
        self.recognizers = recognizers
        self.limits = limits
    }

    public static var standardRecognizers: [any ReportRecognizer] {
        [
            NotAReportRecognizer(),
            // blocklist.de mails carry X-XARF: PLAIN: the login-attack reader must see them first.
            LoginAttackRecognizer(), CSVFeedRecognizer(), ShadowserverRecognizer(), SpamCopRecognizer(), ThreatExchangeRecognizer(),
            // XARF JSON also travels as multipart/report with Feedback-Type: xarf, ahead of ARF.
            XARFMailRecognizer(), XARFRecognizer(),
            ARFRecognizer(), JMRPRecognizer(), IPNoticeRecognizer(),
            FreeTextRecognizer(),
        ]
    }

    public func analyze(_ bytes: [UInt8], context: AnalysisContext) -> ReportAnalysis {
        // A bare JSON report (XARF posted to the API) is not a mail.
        if let first = bytes.first(where: { ![UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t")].contains($0) }),
            first == UInt8(ascii: "{")
        {
            if SensorReport.isSensorReport(bytes) { return SensorReportRecognizer.analyze(json: bytes, context: context) }
            return XARFRecognizer.analyze(json: bytes, context: context)
        }
        let message: MIMEMessage
        switch MIMEParser.parse(bytes, limits: limits) {
        case .success(let parsed): message = parsed
        case .failure(let failure): return .quarantined(nil, "not a mail message: \(failure.message)")
        }
        return analyze(message, context: context)
    }

    public func analyze(_ message: MIMEMessage, context: AnalysisContext) -> ReportAnalysis {
        for recognizer in recognizers {
            if let analysis = recognizer.analyze(message, context: context) { return analysis }
        }
        return .quarantined(nil, "no recogniser understood the message")
    }
}
