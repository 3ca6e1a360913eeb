import CSystem
import Dispatch
import Foundation
import Glibc
import Synchronization

/// A private PostgreSQL 15 server for one test: initdb into a temporary directory (as the `postgres` user when run as
/// root), `postgres -k DIR -c listen_addresses=127.0.0.1 -p FREEPORT`, a `genetix` role and database. Use
/// `TemporaryPostgres.with { pg in … }`: the server is stopped and its directory removed whether the body returns or throws.
public final class TemporaryPostgres: Sendable {
    public let directory: TemporaryDirectory
    public let port: Int
    public let pid: Int32
    private let exited = DispatchSemaphore(value: 0)
    private let stopped = Mutex(false)
    public static let binDirectory = "/usr/lib/postgresql/15/bin"

    /// `host=127.0.0.1 port=P dbname=genetix user=genetix`.
    public var conninfo: String { "host=127.0.0.1 port=\(port) dbname=genetix user=genetix" }

    /// Starts a server; throws with initdb's or postgres' output when it cannot.
    public static func start() async throws -> TemporaryPostgres {
        try await offload { try TemporaryPostgres() }
    }

    /// Runs `body` with a fresh server, stopping it afterwards.
    public static func with<T>(_ body: (TemporaryPostgres) async throws -> T) async throws -> T {
        let pg = try await start()
        do {
            let result = try await body(pg)
            await pg.stop()
            return result
        } catch {
            await pg.stop()
            throw error
        }
    }

    private init() throws {
        directory = try TemporaryDirectory(prefix: "pg")
        let data = directory.file("data"), sockets = directory.file("sock")
        try FileManager.default.createDirectory(atPath: sockets, withIntermediateDirectories: true)
        var user: (uid: Int32, gid: Int32) = (-1, -1)
        if getuid() == 0, let pw = getpwnam("postgres") {
            user = (Int32(pw.pointee.pw_uid), Int32(pw.pointee.pw_gid))
            for path in [directory.path, sockets] { chown(path, pw.pointee.pw_uid, pw.pointee.pw_gid) }
        }
        do {
            let initdb = try Self.run(Self.binDirectory + "/initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"],
                                      user: user, log: directory.file("initdb.log"))
            guard initdb == 0 else { throw TemporaryPostgresError.failed("initdb", Self.read(directory.file("initdb.log"))) }
            port = FreePort.next()
            guard port > 0 else { throw TemporaryPostgresError.failed("bind", "no free port on 127.0.0.1") }
            let logPath = directory.file("postgres.log")
            let started = StartedChild()
            let ready = DispatchSemaphore(value: 0)
            let exitedSignal = exited
            let owner = user
            let args = ["-D", data, "-k", sockets, "-c", "listen_addresses=127.0.0.1", "-p", String(port), "-c", "fsync=off",
                        "-c", "max_connections=100", "-c", "shared_buffers=16MB"]
            // Spawned on a thread that lives as long as the server (PR_SET_PDEATHSIG follows the forking thread).
            let thread = Thread {
                let child = Self.spawn(Self.binDirectory + "/postgres", args, user: owner, log: logPath)
                started.pid.withLock { $0 = child }
                ready.signal()
                if child > 0 { var status: Int32 = 0; while waitpid(child, &status, 0) < 0, errno == EINTR {} }
                exitedSignal.signal()
            }
            thread.start()
            ready.wait()
            pid = started.pid.withLock { $0 }
            guard pid > 0 else { throw TemporaryPostgresError.failed("postgres", "spawn failed: \(String(cString: strerror(-pid)))") }
            var created = false
            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline {
                let psql = try Self.run(Self.binDirectory + "/psql", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres",
                                                                      "-v", "ON_ERROR_STOP=1", "-c", "CREATE ROLE genetix LOGIN",
                                                                      "-c", "CREATE DATABASE genetix OWNER genetix"],
                                        user: (-1, -1), log: directory.file("psql.log"))
                if psql == 0 { created = true; break }
                usleep(100_000)
            }
            guard created else {
                kill(pid, SIGKILL)
                throw TemporaryPostgresError.failed("postgres", Self.read(logPath) + Self.read(directory.file("psql.log")))
            }
        } catch {
            directory.remove()
            throw error
        }
    }

    /// Stops the server (fast shutdown, then SIGKILL) and removes its directory; later calls do nothing.
    public func stop() async {
        guard !stopped.withLock({ s in defer { s = true }; return s }) else { return }
        let pid = self.pid, exited = self.exited
        await Self.offload {
            kill(pid, SIGINT)
            if exited.wait(timeout: .now() + 10) == .timedOut {
                kill(pid, SIGKILL)
                _ = exited.wait(timeout: .now() + 5)
            }
        }
        directory.remove()
    }

    /// A plain-text `pg_dump` of the genetix database.
    public func dump() async throws -> String {
        let log = directory.file("dump.sql")
        let code = try await Self.offload {
            try Self.run(Self.binDirectory + "/pg_dump", ["-h", "127.0.0.1", "-p", String(self.port), "-U", "genetix", "genetix"],
                         user: (-1, -1), log: log, stderrToLog: false)
        }
        guard code == 0 else { throw TemporaryPostgresError.failed("pg_dump", "exit \(code)") }
        return Self.read(log)
    }

    /// Runs a SQL command with psql as the superuser and returns its output (unaligned, tuples only).
    public func psql(_ sql: String) async throws -> String {
        let log = directory.file("query.out")
        _ = try await Self.offload {
            try Self.run(Self.binDirectory + "/psql", ["-h", "127.0.0.1", "-p", String(self.port), "-U", "postgres", "-d", "genetix",
                                                        "-At", "-c", sql], user: (-1, -1), log: log)
        }
        return Self.read(log).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    static func offload(_ work: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { continuation in
            Thread { work(); continuation.resume() }.start()
        }
    }

    /// Runs a program to completion with stdout (and stderr) into `log`; returns its exit status.
    private static func run(_ path: String, _ args: [String], user: (uid: Int32, gid: Int32), log: String, stderrToLog: Bool = true) throws -> Int32 {
        let pid = spawn(path, args, user: user, log: log, stderrToLog: stderrToLog)
        guard pid > 0 else { throw TemporaryPostgresError.failed(path, String(cString: strerror(-pid))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    private static func spawn(_ path: String, _ args: [String], user: (uid: Int32, gid: Int32), log: String, stderrToLog: Bool = true) -> Int32 {
        let fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer { if fd >= 0 { close(fd) } }
        if fd >= 0, user.uid >= 0 { fchown(fd, uid_t(user.uid), gid_t(user.gid)) }
        let argv = ([path] + args).map { strdup($0) } + [nil]
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = "C.UTF-8"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        return csystem_spawn(path, argv, envp, -1, fd, stderrToLog ? fd : -1, user.uid, user.gid, 0, 1, "/tmp")
    }


    private static func read(_ path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }
}

private final class StartedChild: Sendable {
    let pid = Mutex<Int32>(0)
}

/// Why the temporary server could not start.
public enum TemporaryPostgresError: Error, CustomStringConvertible {
    case failed(String, String)
    public var description: String {
        switch self {
        case .failed(let step, let output): "temporary PostgreSQL: \(step) failed: \(output)"
        }
    }
}
