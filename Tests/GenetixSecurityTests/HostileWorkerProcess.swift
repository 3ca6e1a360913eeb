import Foundation
import GenetixApp
import GenetixTesting

/// A real `genetix app-worker` process on an ephemeral port over a temporary PostgreSQL (schema migrated, secrets
/// file written), stopped with SIGTERM (then SIGKILL) however the test ends. `GENETIX_WORKER_EXECUTABLE` names
/// another build of `genetix` to run (a release build, for the check recorded in docs/security.md).
final class HostileWorkerProcess: Sendable {
    let process: Process
    let port: Int
    let directory: TemporaryDirectory

    static var executable: String { ProcessInfo.processInfo.environment["GENETIX_WORKER_EXECUTABLE"] ?? GenetixExecutable.path }

    private init(pg: TemporaryPostgres) async throws {
        directory = try TemporaryDirectory(prefix: "hostile-worker")
        let secrets = directory.file("secrets.json")
        try AppSecrets.generateFileContents().write(toFile: secrets, atomically: true, encoding: .utf8)
        let pool = PostgresPool(conninfo: pg.conninfo, size: 1)
        _ = try await SchemaMigrator.migrate(pool)
        pool.shutdown()
        port = FreePort.next()
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["app-worker", "--listen", "127.0.0.1:\(port)", "--db", pg.conninfo, "--secrets", secrets]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    /// Whether the process is still running (it has not trapped).
    var isRunning: Bool { process.isRunning }

    func stop() async {
        guard process.isRunning else { directory.remove(); return }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<100 where process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        directory.remove()
    }

    /// Starts a worker, waits until it answers `/readyz` 200, runs `body`, and stops the worker however `body` ends.
    static func with(_ body: (HostileWorkerProcess, TemporaryPostgres) async throws -> Void) async throws {
        try await TemporaryPostgres.with { pg in
            let worker = try await HostileWorkerProcess(pg: pg)
            do {
                var ready = false
                for _ in 0..<200 where !ready && worker.isRunning {
                    if let answer = try? await HostileClients.send(Array("GET /readyz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".utf8),
                                                                    port: worker.port), answer.status == 200 { ready = true } else {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                guard ready else { throw HarnessError.unexpected("the worker did not become ready on port \(worker.port)") }
                try await body(worker, pg)
            } catch {
                await worker.stop()
                throw error
            }
            await worker.stop()
        }
    }
}
