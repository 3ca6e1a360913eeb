import Foundation
import GenetixCore
import GenetixOperations
import GenetixTesting
import Glibc
import Testing

/// Issue 17: journald. A real balancer whose stderr is the stream `JOURNAL_STREAM` names writes `<N>` priority
/// prefixes and no timestamps; with any other stderr it keeps the timestamped text. Its JSON-lines `--log-file` is
/// reopened on SIGHUP, as logrotate expects (move the file, send SIGHUP, the node writes a new one).
@Suite(.serialized, .enabled(if: E2E.nodesAvailable, "needs `genetix balancer` in .build/debug/genetix"))
struct JournalAndLogReopenE2ETests {
    func start(_ dir: TemporaryDirectory, _ started: Started, stderr: String, journalStream: (String) -> String?,
               listen: Int = FreePort.next(), extra: [String] = []) throws -> NodeProcess {
        let tokens = dir.file("tokens.json")
        try #"[{"name": "ops", "role": "operator", "secret": "\#(NodeProcess.token)"}]"#.write(toFile: tokens, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: stderr, contents: nil)
        let admin = FreePort.next()
        var environment: [String: String] = [:]
        if let value = journalStream(stderr) { environment["JOURNAL_STREAM"] = value }
        return started.add(try NodeProcess(["balancer", "--name", "lb-j", "--listen", "127.0.0.1:\(listen)", "--backend", "127.0.0.1:9",
                                            "--admin-listen", "127.0.0.1:\(admin)", "--admin-tokens", tokens] + extra,
                                           admin: "http://127.0.0.1:\(admin)", log: stderr, environment: environment))
    }

    static func deviceAndInode(_ path: String) -> String {
        var st = stat()
        stat(path, &st)
        return "\(st.st_dev):\(st.st_ino)"
    }

    @Test func stderrIsTheJournalSoLinesCarryPriorityAndNoTimestamp() async throws {
        try await TemporaryDirectory.with(prefix: "journal") { dir in
            let started = Started()
            defer { started.stopAll() }
            let journalPort = FreePort.next(), plainPort = FreePort.next()
            let journal = try start(dir, started, stderr: dir.file("journal.out"), journalStream: { Self.deviceAndInode($0) }, listen: journalPort)
            let plain = try start(dir, started, stderr: dir.file("plain.out"), journalStream: { _ in "1:1" }, listen: plainPort)
            for node in [journal, plain] { #expect(try await E2E.eventually(.seconds(30)) { await node.status() != nil }, "\(node.output)") }
            // A proxied request's access line, written by the log writer from the record: nothing listens on the
            // backend, so the answer is a 502 (or a 503 once the health checks have marked it down, with no backend
            // field; the status field says the same number as the message), at level warn (journal priority 4); the
            // path (without the query) has an `=`, so it is quoted.
            for port in [journalPort, plainPort] { _ = try? await NodeProcess.http.get("http://127.0.0.1:\(port)/x=1?q") }
            #expect(try await E2E.eventually { journal.output.contains("<4>access: GET /x=1 502 ") || journal.output.contains("<4>access: GET /x=1 503 ") }, "\(journal.output)")
            #expect(try await E2E.eventually { plain.output.contains("Z WARN access: GET /x=1 502 ") || plain.output.contains("Z WARN access: GET /x=1 503 ") }, "\(plain.output)")
            let access = plain.output.split(separator: "\n").first { $0.contains("access: GET") }.map(String.init) ?? ""
            #expect(access.range(of: #"^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z WARN access: GET /x=1 (?:502 backend=127\.0\.0\.1:9 (?=.* status=502$)|503 (?=.* status=503$))bytes=\d+ client=127\.0\.0\.1 durationMs=\d+\.\d{3} method=GET path="/x=1" requestId=\S+ status=50[23]$"#,
                                  options: .regularExpression) != nil, "\(access)")
            let journalLines = journal.output.split(separator: "\n")
            #expect(!journalLines.isEmpty)
            for line in journalLines { #expect(line.range(of: #"^<[0-7]>[a-z-]+: "#, options: .regularExpression) != nil, "\(line)") }
            #expect(journalLines.contains { $0.hasPrefix("<6>proxy: balancer lb-j listening on") }, "\(journal.output)")
            #expect(!journal.output.contains("Z INFO "))
            for line in plain.output.split(separator: "\n") { #expect(line.range(of: #"^20\d\d-\d\d-\d\dT"#, options: .regularExpression) != nil, "\(line)") }
        }
    }

    @Test func sighupReopensTheLogFileAfterLogrotateMovedIt() async throws {
        try await TemporaryDirectory.with(prefix: "reopen") { dir in
            let started = Started()
            defer { started.stopAll() }
            let logFile = dir.file("lb.log")
            let node = try start(dir, started, stderr: dir.file("lb.out"), journalStream: { _ in nil }, extra: ["--log-file", logFile])
            #expect(try await E2E.eventually(.seconds(30)) { await node.status() != nil }, "\(node.output)")
            #expect(try await E2E.eventually { ((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "").contains("listening on") })
            #expect(rename(logFile, logFile + ".1") == 0)
            node.kill(SIGHUP)
            #expect(try await E2E.eventually { ((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "").contains("SIGHUP: reopened the log files") },
                    "no new \(logFile) after SIGHUP; the node said:\n\(node.output)")
            // The node is still serving, and still writing the new file (an admin action is audited into it).
            #expect(await node.action("drain", #"{"backend": "127.0.0.1:9", "force": true}"#) == 200)
            #expect(try await E2E.eventually { ((try? String(contentsOfFile: logFile, encoding: .utf8)) ?? "").contains("action drain by ops") })
            let rotated = try String(contentsOfFile: logFile + ".1", encoding: .utf8)
            #expect(rotated.contains("listening on") && !rotated.contains("SIGHUP"))
            for line in try String(contentsOfFile: logFile, encoding: .utf8).split(separator: "\n") {
                #expect((try? GenetixJSON.decode(LogEntry.self, from: Array(line.utf8))) != nil, "not a JSON log line: \(line)")
            }
        }
    }
}
