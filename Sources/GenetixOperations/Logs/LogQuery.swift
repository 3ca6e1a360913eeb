import Foundation
import GenetixCore

/// Which log entries `genetix logs` shows: some nodes (all when empty), since a time, at or above a level, matching
/// a regular expression.
public struct LogQuery: Sendable {
    public var nodes: [String]
    public var since: Date?
    public var level: LogLevel?
    /// The `--grep` pattern, as given.
    public var pattern: String?
    private let regex: NSRegularExpressionBox?

    /// Checks the pattern; a bad one is an `invalidArgument` naming it.
    public init(nodes: [String] = [], since: Date? = nil, level: LogLevel? = nil, pattern: String? = nil) throws(OperationError) {
        self.nodes = nodes
        self.since = since
        self.level = level
        self.pattern = pattern
        if let pattern {
            do { regex = NSRegularExpressionBox(try NSRegularExpression(pattern: pattern)) } catch {
                throw .invalidArgument("--grep '\(pattern)' is not a valid regular expression")
            }
        } else {
            regex = nil
        }
    }

    /// Whether an entry passes the time, level and pattern filters (the pattern is tried on the message, the source
    /// and every field value).
    public func matches(_ entry: LogEntry) -> Bool {
        if let since, entry.time < since { return false }
        if let level, entry.level < level { return false }
        if let regex {
            let texts = [entry.message, entry.source] + entry.fields.values
            return texts.contains { regex.matches($0) }
        }
        return true
    }
}

/// A compiled regular expression. NSRegularExpression is immutable after creation and documented thread-safe for
/// matching, which is why this box is `@unchecked Sendable`.
final class NSRegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression
    init(_ regex: NSRegularExpression) { self.regex = regex }
    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
