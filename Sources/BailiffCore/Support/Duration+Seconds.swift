extension Duration {
    /// The duration in seconds, with its fraction (for rates, metrics and reports).
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
