import Foundation

/// Whether output may use colour: only on a terminal, never with `NO_COLOR` set or `TERM=dumb`.
public struct TextStyle: Sendable, Equatable {
    public var color: Bool

    public init(color: Bool) { self.color = color }

    /// Plain text (pipes, files, tests).
    public static let plain = TextStyle(color: false)

    /// The style for a file descriptor: colour when it is a terminal and the environment allows it.
    public static func detect(fd: Int32 = 1, environment: [String: String] = ProcessInfo.processInfo.environment) -> TextStyle {
        if environment["NO_COLOR"].map({ !$0.isEmpty }) == true { return .plain }
        if environment["TERM"] == "dumb" { return .plain }
        return TextStyle(color: isatty(fd) == 1)
    }

    /// `text` coloured by severity when colour is on.
    public func paint(_ text: String, _ severity: CheckSeverity) -> String {
        guard color else { return text }
        let code = switch severity { case .ok: "32"; case .warning: "33"; case .critical: "31"; case .unknown: "35" }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// `text` in bold when colour is on.
    public func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    /// `text` dimmed when colour is on.
    public func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}
