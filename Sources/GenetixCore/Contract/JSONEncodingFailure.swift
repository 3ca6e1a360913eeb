import Foundation
import Synchronization

/// A value that JSON cannot express (a NaN or infinite number, most often), named by its type.
///
/// `report()` writes one structured line to stderr (a worker's stderr becomes log entries of its supervisor) and
/// counts it, so a failure is seen without trapping the process that met it.
public struct JSONEncodingFailure: Error, Sendable, CustomStringConvertible {
    /// The Swift type that was being encoded.
    public let type: String
    /// What the encoder said.
    public let reason: String

    public init(type: String, reason: String) {
        self.type = type
        self.reason = reason
    }

    public var description: String { "encoding \(type) as JSON failed: \(reason)" }

    private static let failures = Atomic<Int>(0)

    /// How many encoding failures this process has reported.
    public static var count: Int { failures.load(ordering: .relaxed) }

    /// Logs the failure to stderr (level error, source json) and counts it.
    public func report() {
        Self.failures.add(1, ordering: .relaxed)
        let line = "\(ISO8601Timestamp.format(Date())) error json: \(description)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
