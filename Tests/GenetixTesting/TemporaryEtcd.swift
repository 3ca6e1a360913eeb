import CSystem
import Dispatch
import Foundation
import GenetixConsensus
import Glibc
import Synchronization

/// A private etcd for one test: one member on ephemeral loopback ports with a temporary data directory. Use
/// `TemporaryEtcd.with { etcd in … }`: the process is killed and its directory removed whether the body returns or
/// throws. `stop()` / `restart()` let a test take etcd away and bring it back on the same ports and data.
public final class TemporaryEtcd: @unchecked Sendable {
    // @unchecked: `pid` and `exited` are only replaced by launch()/halt(), which tests call from one task at a time.
    public let directory: TemporaryDirectory
    public let member: EtcdMember
    private var pid: Int32 = 0
    private var exited: DispatchSemaphore?

    /// `http://127.0.0.1:PORT`.
    public var url: String { member.clientURL }

    /// Starts etcd and waits until it answers (up to 20 s).
    public static func start() async throws -> TemporaryEtcd {
        let etcd = try TemporaryEtcd()
        do { try await etcd.launch() } catch {
            etcd.stop()
            throw error
        }
        return etcd
    }

    /// Runs `body` with a fresh etcd, killing it afterwards.
    public static func with<T>(_ body: (TemporaryEtcd) async throws -> T) async throws -> T {
        let etcd = try await start()
        do {
            let result = try await body(etcd)
            etcd.stop()
            return result
        } catch {
            etcd.stop()
            throw error
        }
    }

    private init() throws {
        directory = try TemporaryDirectory(prefix: "etcd")
        var client = FreePort.next(), peer = FreePort.next()
        while peer == client { peer = FreePort.next() }
        if client == 0 { client = FreePort.next() }
        member = EtcdMember(name: "test", dataDirectory: directory.file("data"), clientPort: client, peerPort: peer)
    }

    private func launch() async throws {
        let started = DispatchSemaphore(value: 0), exited = DispatchSemaphore(value: 0)
        let box = SpawnedPID()
        let executable = member.executable, arguments = member.arguments, log = directory.file("etcd.log")
        // Spawned on a thread that lives as long as etcd: PR_SET_PDEATHSIG follows the forking thread, so etcd dies
        // with the test process even when it crashes.
        let thread = Thread {
            let fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
            let child = csystem_spawn(executable, argv, envp, -1, fd, fd, -1, -1, 0, 1, "/tmp")
            argv.forEach { free($0) }
            envp.forEach { free($0) }
            if fd >= 0 { close(fd) }
            box.value.withLock { $0 = child }
            started.signal()
            if child > 0 { var status: Int32 = 0; while waitpid(child, &status, 0) < 0, errno == EINTR {} }
            exited.signal()
        }
        thread.start()
        started.wait()
        pid = box.value.withLock { $0 }
        self.exited = exited
        guard pid > 0 else { throw TemporaryEtcdError.notReady("spawn of \(executable) failed: \(String(cString: strerror(-pid)))") }
        let client = try EtcdClient(endpoints: [url], timeout: .milliseconds(500))
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if (try? await client.range("/")) != nil { await client.close(); return }
            try? await Task.sleep(for: .milliseconds(100))
        }
        await client.close()
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        throw TemporaryEtcdError.notReady(String(text.suffix(600)))
    }

    /// Kills etcd (SIGKILL) and waits for it; the data directory stays until `stop()`/the end of `with`.
    public func halt() {
        guard pid > 0, let exited else { return }
        kill(pid, SIGKILL)
        exited.wait()
        pid = 0
        self.exited = nil
    }

    /// Starts etcd again on the same ports and data directory.
    public func restart() async throws {
        halt()
        try await launch()
    }

    /// Kills etcd and removes its directory.
    public func stop() {
        halt()
        directory.remove()
    }
}

private final class SpawnedPID: Sendable {
    let value = Mutex<Int32>(0)
}

/// Why a temporary etcd could not be used.
public enum TemporaryEtcdError: Error, CustomStringConvertible {
    case notReady(String)
    public var description: String {
        switch self {
        case .notReady(let log): "etcd did not answer within 20 s (is etcd-server installed? scripts/setup installs it); its log ends: \(log)"
        }
    }
}
