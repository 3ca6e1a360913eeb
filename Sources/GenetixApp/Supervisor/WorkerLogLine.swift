import GenetixCore

/// A worker's output line turned back into a log entry: the worker logs `TIME LEVEL source: message k=v` lines;
/// anything else becomes an `info` (stdout) or `error` (stderr) entry as it is.
public struct WorkerLogLine: Sendable, Equatable {
    public var level: LogLevel
    public var message: String
    /// The `address=` field of the worker's `listening` line, when this is that line.
    public var listeningAddress: String?

    public init(parsing line: String, fromStderr: Bool) {
        level = fromStderr ? .error : .info
        message = line
        listeningAddress = nil
        let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].count >= 20, parts[0].hasSuffix("Z"), let parsed = LogLevel(parsing: parts[1].lowercased()),
              parts[2].hasSuffix(":") else { return }
        level = parsed
        message = String(parts[3])
        if message.hasPrefix("listening "), let range = message.range(of: "address=") {
            listeningAddress = String(message[range.upperBound...].prefix { $0 != " " })
        }
    }
}
