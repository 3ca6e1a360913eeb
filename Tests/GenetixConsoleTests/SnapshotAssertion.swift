import Foundation
import GenetixConsole
import Testing

/// Compares a rendered screen with Tests/GenetixConsoleTests/Snapshots/NAME.txt; `GENETIX_RECORD_SNAPSHOTS=1` rewrites it.
enum SnapshotAssertion {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static var recording: Bool { ProcessInfo.processInfo.environment["GENETIX_RECORD_SNAPSHOTS"] == "1" }

    /// Whether the screen equals the recorded one; a difference is also recorded as an issue with the first differing
    /// line and the whole screen, so the caller's `#expect` failure comes with the detail.
    static func matches(_ buffer: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        let file = directory.appendingPathComponent(name + ".txt")
        let actual = buffer.text + "\n"
        if recording {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return true
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(file.path); run with GENETIX_RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
            return false
        }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDiff = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            Issue.record("""
                snapshot \(name) differs from line \(firstDiff + 1):
                expected: \(firstDiff < e.count ? String(e[firstDiff]) : "<end>")
                actual:   \(firstDiff < a.count ? String(a[firstDiff]) : "<end>")
                whole screen:
                \(actual)
                """, sourceLocation: sourceLocation)
            return false
        }
        return true
    }
}
