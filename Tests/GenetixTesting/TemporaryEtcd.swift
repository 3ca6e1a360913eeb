import Foundation
import GenetixConsensus
import Glibc

/// A private etcd for one test: one member on ephemeral loopback ports with a temporary data directory. Use
/// `TemporaryEtcd.with { etcd in … }`: the process is killed and its directory removed whether the body returns or
/// throws. `stop()` / `restart()` let a test take etcd away and bring it back on the same ports and data.
public final class TemporaryEtcd: @unchecked Sendable {
    // @unchecked: `process` is only replaced by stop()/restart(), which tests call from one task at a time.
    public let directory: TemporaryDirectory
    public let member: EtcdMember
    private var process: Process?

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: member.executable)
        process.arguments = member.arguments
        let log = FileHandle(forWritingAtPath: directory.file("etcd.log")) ?? {
            FileManager.default.createFile(atPath: directory.file("etcd.log"), contents: nil)
            return FileHandle(forWritingAtPath: directory.file("etcd.log"))!
        }()
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        let client = try EtcdClient(endpoints: [url], timeout: .milliseconds(500))
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if (try? await client.range("/")) != nil { await client.close(); return }
            guard process.isRunning else { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        await client.close()
        let text = (try? String(contentsOfFile: directory.file("etcd.log"), encoding: .utf8)) ?? ""
        throw TemporaryEtcdError.notReady(String(text.suffix(600)))
    }

    /// Kills etcd (SIGKILL) and waits for it; the data directory stays until `remove()`/the end of `with`.
    public func halt() {
        guard let process else { return }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process = nil
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

/// Why a temporary etcd could not be used.
public enum TemporaryEtcdError: Error, CustomStringConvertible {
    case notReady(String)
    public var description: String {
        switch self {
        case .notReady(let log): "etcd did not answer within 20 s (is etcd-server installed? scripts/setup installs it); its log ends: \(log)"
        }
    }
}
