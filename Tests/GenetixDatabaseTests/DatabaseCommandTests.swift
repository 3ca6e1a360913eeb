import Foundation
import GenetixAdmin
import GenetixCore
import GenetixDatabase
import GenetixNet
import GenetixTesting
import Glibc
import Testing

extension DatabaseIntegrationTests {
    /// The real `genetix database` process (built at .build/debug/genetix).
    @Suite struct DatabaseCommandTests {
        static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/genetix").path

        /// Starts the agent with `arguments`, output into `log`.
        func launch(_ arguments: [String], log: String) throws -> Process {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = ["database"] + arguments
            FileManager.default.createFile(atPath: log, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            handle.seekToEndOfFile()
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            return process
        }

        func waitForExit(_ process: Process) async {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    process.waitUntilExit()
                    continuation.resume()
                }
            }
        }

        @Test("kill -9 of the agent: postgres keeps serving; a restarted agent adopts it and reports the same role")
        func agentKilled() async throws {
            #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the genetix product first")
            let directory = try TemporaryDirectory(prefix: "dbcmd")
            let paths = DatabasePaths(dataDirectory: directory.file("a"))
            var agents: [Process] = []
            defer { Self.cleanUp(agents, paths, directory) }
            try Self.writeSecrets(directory)
            let token = TestDatabaseNode.token
            let pgPort = FreePort.next(), adminPort = FreePort.next()
            let arguments = ["--name", "db-a", "--data", paths.dataDirectory, "--pg-listen", "127.0.0.1:\(pgPort)",
                             "--admin-listen", "127.0.0.1:\(adminPort)", "--admin-tokens", directory.file("tokens.json"),
                             "--replication-password-file", directory.file("repl")]
            let client = try AdminClient(url: "http://127.0.0.1:\(adminPort)", token: token.secret, nodeName: "db-a", timeout: .seconds(2))

            agents.append(try launch(arguments, log: directory.file("agent.log")))
            #expect(await eventually(timeout: .seconds(60)) {
                guard let status = try? await client.status() else { return false }
                return status.role == "primary" && status.health.status == .ok
            })
            let postmaster = try #require(await waitForPostmasterPID(paths))

            kill(agents[0].processIdentifier, SIGKILL)
            await waitForExit(agents[0])
            #expect(kill(postmaster, 0) == 0)
            let connection = try await AsyncPostgresConnection.connect(paths.localConninfo(port: pgPort))
            #expect(try await connection.query("SELECT 40 + 2").int64() == 42)
            await connection.close()

            agents.append(try launch(arguments, log: directory.file("agent.log")))
            #expect(await eventually(timeout: .seconds(60)) {
                guard let status = try? await client.status() else { return false }
                return status.role == "primary" && status.health.status == .ok
            })
            #expect(await waitForPostmasterPID(paths) == postmaster)
            let events = try await client.events(after: 0).events.map(\.type)
            #expect(events.contains("postgres.adopted"))

            kill(agents[1].processIdentifier, SIGTERM)
            await waitForExit(agents[1])
            #expect(agents[1].terminationStatus == 0)
            #expect(await eventually { kill(postmaster, 0) != 0 })
        }

        @Test("a data directory that cannot be written: the agent exits at start with a message naming it")
        func unwritableDataDirectory() async throws {
            let directory = try TemporaryDirectory(prefix: "dbcmd")
            defer { directory.remove() }
            try Data(GenetixJSON.encode([TestDatabaseNode.token])).write(to: URL(fileURLWithPath: directory.file("tokens.json")))
            try Data("not a directory".utf8).write(to: URL(fileURLWithPath: directory.file("file")))
            let target = directory.file("file") + "/data"
            let process = try launch(["--name", "db-x", "--data", target, "--pg-listen", "127.0.0.1:\(FreePort.next())",
                                      "--admin-listen", "127.0.0.1:\(FreePort.next())", "--admin-tokens", directory.file("tokens.json")],
                                     log: directory.file("out.log"))
            await waitForExit(process)
            #expect(process.terminationStatus != 0)
            let output = try String(contentsOfFile: directory.file("out.log"), encoding: .utf8)
            #expect(output.contains("data directory \(target) cannot be written"), "output: \(output)")
        }

        @Test("with etcd, kill -9 of the agent alone: its postmaster gets the parent-death signal and no write is acknowledged on that node after the lease TTL")
        func agentKilledWithEtcdStopsWrites() async throws {
            #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build the genetix product first")
            try await TemporaryEtcd.with { etcd in
                let directory = try TemporaryDirectory(prefix: "dbcmd")
                let paths = DatabasePaths(dataDirectory: directory.file("a"))
                var agent: Process?
                defer { Self.cleanUp(agent.map { [$0] } ?? [], paths, directory) }
                try Self.writeSecrets(directory)
                let token = TestDatabaseNode.token
                try "\(TestDatabaseNode.appPassword)\n".write(toFile: directory.file("app"), atomically: true, encoding: .utf8)
                let pgPort = FreePort.next(), adminPort = FreePort.next()
                let client = try AdminClient(url: "http://127.0.0.1:\(adminPort)", token: token.secret, nodeName: "db-a", timeout: .seconds(2))
                agent = try launch(["--name", "db-a", "--data", paths.dataDirectory, "--pg-listen", "127.0.0.1:\(pgPort)",
                                    "--admin-listen", "127.0.0.1:\(adminPort)", "--admin-tokens", directory.file("tokens.json"),
                                    "--replication-password-file", directory.file("repl"), "--db-password-file", directory.file("app"),
                                    "--dcs", etcd.url, "--cluster-scope", "pdeath"], log: directory.file("agent.log"))
                #expect(await eventually(timeout: .seconds(60)) {
                    guard let status = try? await client.status() else { return false }
                    return status.role == "primary" && status.replication?.leader == "db-a" && status.health.status == .ok
                })
                let conninfo = "host=127.0.0.1 port=\(pgPort) user=genetix dbname=genetix password=\(TestDatabaseNode.appPassword) connect_timeout=2"
                #expect(await eventually(timeout: .seconds(30)) {
                    guard let c = try? await AsyncPostgresConnection.connect(conninfo) else { return false }
                    defer { Task { await c.close() } }
                    return (try? await c.query("CREATE TABLE IF NOT EXISTS pdeath_probe (id serial PRIMARY KEY)")) != nil
                })
                let postmaster = try #require(await waitForPostmasterPID(paths))
                let session = try await AsyncPostgresConnection.connect(conninfo)
                #expect(try await session.query("INSERT INTO pdeath_probe DEFAULT VALUES RETURNING id").int64() != nil)

                let killedAt = ContinuousClock.now
                kill(agent!.processIdentifier, SIGKILL)
                // A writer on the open session and on new connections for the whole TTL and a few seconds more: the
                // last acknowledged write must come before the lease could expire at etcd (4 s, the default TTL).
                var lastAcknowledged: Duration?
                while ContinuousClock.now - killedAt < .seconds(8) {
                    if (try? await session.query("INSERT INTO pdeath_probe DEFAULT VALUES RETURNING id").int64()) != nil {
                        lastAcknowledged = ContinuousClock.now - killedAt
                    }
                    if let fresh = try? await AsyncPostgresConnection.connect(conninfo) {
                        if (try? await fresh.query("INSERT INTO pdeath_probe DEFAULT VALUES RETURNING id").int64()) != nil {
                            lastAcknowledged = ContinuousClock.now - killedAt
                        }
                        await fresh.close()
                    }
                    try await Task.sleep(for: .milliseconds(50))
                }
                await session.close()
                #expect((lastAcknowledged ?? .zero) < .seconds(4), "a write was acknowledged \(lastAcknowledged ?? .zero) after the agent was killed")
                #expect(await eventually(timeout: .seconds(30)) { kill(postmaster, 0) != 0 }, "the postmaster outlived its agent")
                let log = (try? String(contentsOfFile: paths.serverLog, encoding: .utf8)) ?? ""
                #expect(log.contains("fast shutdown request"), "the server log shows no fast shutdown")
            }
        }

        /// The admin tokens file and the replication password file the agents are given.
        static func writeSecrets(_ directory: TemporaryDirectory) throws {
            try Data(GenetixJSON.encode([TestDatabaseNode.token])).write(to: URL(fileURLWithPath: directory.file("tokens.json")))
            try "\(TestDatabaseNode.replicationPassword)\n".write(toFile: directory.file("repl"), atomically: true, encoding: .utf8)
        }

        /// Kills agents still running, then the postmaster (immediate shutdown), and removes the directory.
        static func cleanUp(_ agents: [Process], _ paths: DatabasePaths, _ directory: TemporaryDirectory) {
            for agent in agents where agent.isRunning { kill(agent.processIdentifier, SIGKILL) }
            if let file = try? String(contentsOfFile: paths.postmasterPID, encoding: .utf8), let pid = Int32(file.split(separator: "\n").first ?? "") {
                kill(pid, SIGQUIT)
                for _ in 0..<100 where kill(pid, 0) == 0 { usleep(50_000) }
            }
            directory.remove()
        }

        private func waitForPostmasterPID(_ paths: DatabasePaths) async -> Int32? {
            for _ in 0..<100 {
                if let text = try? String(contentsOfFile: paths.postmasterPID, encoding: .utf8),
                   let pid = Int32(text.split(separator: "\n").first ?? "") { return pid }
                try? await Task.sleep(for: .milliseconds(50))
            }
            return nil
        }
    }
}
