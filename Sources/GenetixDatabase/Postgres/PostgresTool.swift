import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a PostgreSQL program to completion (initdb, pg_basebackup, pg_rewind) as the server's account, capturing
/// what it prints into a file so a failure can say why.
struct PostgresTool: Sendable {
    let account: SystemAccount
    /// Where the output of the last run goes (rewritten each run).
    let outputPath: String

    /// Runs `program` with `arguments` and returns its output; throws `toolFailed` with the output's tail on a
    /// non-zero exit.
    @discardableResult
    func run(_ program: String, _ arguments: [String], environment extra: [String: String] = [:]) async throws(DatabaseError) -> String {
        let fd = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw .dataDirectoryUnwritable(path: outputPath, reason: String(cString: strerror(errno))) }
        try? account.own(outputPath)
        let environment = ChildSpawner.environment(for: account).merging(extra) { _, new in new }
        defer { close(fd) }
        let status = try await ChildSpawner.runToExit(program, arguments, environment: environment, account: account, outputFD: fd)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        let code = ChildSpawner.exitCode(status)
        if code != 0 {
            let name = (program as NSString).lastPathComponent
            let tail = output.split(separator: "\n").suffix(6).joined(separator: " | ")
            throw .toolFailed(program: name, status: code, output: tail)
        }
        return output
    }
}
