/// One thing about a node that crosses a threshold (or that could not be judged), with the figure behind it.
public struct Finding: Sendable, Equatable, Codable {
    public var node: String
    /// `unreachable`, `health`, `p99Ms`, `errorRate`, `cpuPercent`, `lagBytes`, `unavailable`, `status`.
    public var metric: String
    public var value: Double?
    public var severity: CheckSeverity
    /// For a person: `app-1 p99 1200 ms (warn 250, crit 1000)`.
    public var message: String

    public init(node: String, metric: String, value: Double?, severity: CheckSeverity, message: String) {
        self.node = node
        self.metric = metric
        self.value = value
        self.severity = severity
        self.message = message
    }
}

extension CheckSeverity {
    /// The lower-case name used in JSON: `ok`, `warning`, `critical`, `unknown`.
    public var name: String { word.lowercased() }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = [CheckSeverity.ok, .warning, .critical, .unknown].first(where: { $0.name == text }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown severity \(text)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
