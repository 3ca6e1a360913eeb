import CSystem
import Foundation
import GenetixCore
import Glibc
import Synchronization

/// A spawned worker process: its stdout and stderr are read line by line on a dedicated thread, and a second thread
/// waits for its exit (waitpid), so nothing blocks the cooperative pool or an event loop. The child gets
/// PR_SET_PDEATHSIG (die_with_parent), so workers never outlive a killed supervisor.
public final class WorkerProcess: Sendable {
    public let pid: Int32

    private init(pid: Int32) { self.pid = pid }

    /// Spawns `executable` with `arguments` (argv[1…]); `onLine(line, fromStderr)` gets each output line and
    /// `onExit(description, status)` the exit, once, after the output has been read to its end.
    public static func spawn(executable: String, arguments: [String],
                             onLine: @escaping @Sendable (String, Bool) -> Void,
                             onExit: @escaping @Sendable (String) -> Void) throws(SupervisorError) -> WorkerProcess {
        var out: [Int32] = [0, 0], err: [Int32] = [0, 0]
        guard makePipe(&out) else { throw .spawnFailed(executable, String(cString: strerror(errno))) }
        guard makePipe(&err) else {
            close(out[0]); close(out[1])
            throw .spawnFailed(executable, String(cString: strerror(errno)))
        }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let pointers = CStrings(argv: argv, envp: envp)
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        // PR_SET_PDEATHSIG fires when the *thread* that forked exits, so the fork happens on a thread that lives exactly
        // as long as the child: it spawns, reports the pid, then waits for the exit.
        let spawned = PidBox()
        let spawnDone = DispatchSemaphore(value: 0)
        let outputDone = DispatchSemaphore(value: 0)
        let stdoutWrite = out[1], stderrWrite = err[1]
        let waiter = Thread {
            let pid = csystem_spawn(executable, pointers.argv, pointers.envp, -1, stdoutWrite, stderrWrite, -1, -1, 0, 1, nil)
            spawned.value.withLock { $0 = pid }
            spawnDone.signal()
            guard pid > 0 else { return }
            ThreadName.setCurrent("wait-\(pid)")
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            _ = outputDone.wait(timeout: .now() + 2)
            onExit(describe(status))
        }
        waiter.start()
        spawnDone.wait()  // a fork takes about a millisecond; the caller waits only for that
        let pid = spawned.value.withLock { $0 }
        close(out[1]); close(err[1])
        guard pid > 0 else {
            close(out[0]); close(err[0])
            throw .spawnFailed(executable, String(cString: strerror(-pid)))
        }
        let process = WorkerProcess(pid: pid)
        let readFDs = [out[0], err[0]]
        let reader = Thread {
            ThreadName.setCurrent("out-\(pid)")
            pump(fds: readFDs, onLine: onLine)
            outputDone.signal()
        }
        reader.start()
        return process
    }

    /// A pipe whose ends close on exec (children get only the ends dup2'ed onto their stdout/stderr).
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// Sends `signo` (SIGTERM to drain, SIGKILL as the last resort).
    public func send(_ signo: Int32) { kill(pid, signo) }

    static func describe(_ status: Int32) -> String {
        let signo = status & 0x7f
        if signo == 0 { return "exited with status \((status >> 8) & 0xff)" }
        return "killed by signal \(signo)\(signo == SIGKILL ? " (SIGKILL)" : signo == SIGTERM ? " (SIGTERM)" : signo == SIGSEGV ? " (SIGSEGV)" : "")"
    }

    /// Reads both pipes until both reach end of file, splitting lines.
    private static func pump(fds: [Int32], onLine: @Sendable (String, Bool) -> Void) {
        var pending: [[UInt8]] = [[], []]
        var open = [true, true]
        var buffer = [UInt8](repeating: 0, count: 16384)
        while open.contains(true) {
            var polls = fds.enumerated().map { pollfd(fd: open[$0.offset] ? $0.element : -1, events: Int16(POLLIN), revents: 0) }
            let n = poll(&polls, nfds_t(polls.count), -1)
            if n < 0 { if errno == EINTR { continue }; break }
            for i in 0..<fds.count where open[i] && polls[i].revents != 0 {
                let count = read(fds[i], &buffer, buffer.count)
                if count <= 0 {
                    if count < 0, errno == EINTR || errno == EAGAIN { continue }
                    open[i] = false
                    close(fds[i])
                    if !pending[i].isEmpty { onLine(String(decoding: pending[i], as: UTF8.self), i == 1) }
                    continue
                }
                pending[i].append(contentsOf: buffer[0..<count])
                while let newline = pending[i].firstIndex(of: 0x0A) {
                    onLine(String(decoding: pending[i][..<newline], as: UTF8.self), i == 1)
                    pending[i].removeSubrange(...newline)
                }
                if pending[i].count > 65536 {
                    onLine(String(decoding: pending[i], as: UTF8.self), i == 1)
                    pending[i].removeAll()
                }
            }
        }
    }
}

/// The pid handed back from the spawning thread.
private final class PidBox: Sendable {
    let value = Mutex<Int32>(0)
}

/// argv/envp pointer arrays handed to the spawning thread.
private struct CStrings: @unchecked Sendable {
    // @unchecked Sendable: the arrays are read-only and the caller waits until the thread has used them.
    let argv: [UnsafeMutablePointer<CChar>?]
    let envp: [UnsafeMutablePointer<CChar>?]
}

/// Why the supervisor could not do something.
public enum SupervisorError: Error, Sendable, Equatable, CustomStringConvertible {
    case spawnFailed(String, String)

    public var description: String {
        switch self {
        case .spawnFailed(let path, let why): "cannot start a worker from \(path): \(why) — check that the genetix executable exists and is executable"
        }
    }
}
