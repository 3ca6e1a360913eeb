import Foundation

/// The `genetix` executable built beside the test bundle (SwiftPM builds it for `swift test`).
public enum GenetixExecutable {
    /// Its absolute path.
    public static var path: String {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: me).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("genetix").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("genetix").path
    }
}
