import Foundation

/// A fresh directory under the system's temporary directory for one test, removed with everything in it afterwards.
///
/// Use `TemporaryDirectory.with { dir in … }`: the directory is removed when the body returns or throws.
public struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates a new, empty directory named `genetix-<prefix>-<random>`.
    public init(prefix: String = "test") throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        path = "\(base)/genetix-\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    /// Removes the directory and its contents.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Runs `body` with a new temporary directory and removes it afterwards, whether `body` returns or throws.
    public static func with<T>(prefix: String = "test", _ body: (TemporaryDirectory) async throws -> T) async throws -> T {
        let dir = try TemporaryDirectory(prefix: prefix)
        defer { dir.remove() }
        return try await body(dir)
    }
}
