import Foundation
import GenetixOperations
import GenetixTesting

/// Runs the built `genetix` executable (the package's .build/debug/genetix) with stdin from /dev/null (not a
/// terminal) and returns its exit code and output.
enum GenetixExecutable {
    static var path: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.path + "/.build/debug/genetix"
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (code: Int32, output: String) {
        let dir = try TemporaryDirectory(prefix: "genetix-run")
        defer { dir.remove() }
        var env = ProcessInfo.processInfo.environment
        env["GENETIX_CONFIG"] = nil
        for (k, v) in environment { env[k] = v }
        let pid = try ChildProcess.spawn(path, arguments, logFile: dir.file("out"), newGroup: true, environment: env)
        let status = await ChildProcess.wait(pid)
        let output = (try? String(contentsOfFile: dir.file("out"), encoding: .utf8)) ?? ""
        return ((status >> 8) & 0xFF, output)
    }

    /// Like `run`, with standard output and standard error kept apart.
    static func runSeparately(_ arguments: [String]) async throws -> (code: Int32, out: String, err: String) {
        let dir = try TemporaryDirectory(prefix: "genetix-run")
        defer { dir.remove() }
        var env = ProcessInfo.processInfo.environment
        env["GENETIX_CONFIG"] = nil
        let pid = try ChildProcess.spawn(path, arguments, logFile: dir.file("out"), errorFile: dir.file("err"), newGroup: true, environment: env)
        let status = await ChildProcess.wait(pid)
        let out = (try? String(contentsOfFile: dir.file("out"), encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: dir.file("err"), encoding: .utf8)) ?? ""
        return ((status >> 8) & 0xFF, out, err)
    }
}
