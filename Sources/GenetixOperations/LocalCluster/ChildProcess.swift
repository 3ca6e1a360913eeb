import CSystem
import Foundation

/// Starts child processes (in their own process group, output to a log file) and waits for them without blocking
/// Swift's cooperative threads.
public enum ChildProcess {
    /// The running executable (`/proc/self/exe` resolved), to start nodes as `genetix <command>`.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Spawns `executable arguments…`. Output goes to `logFile` (appended) or is inherited when nil; standard error
    /// goes to `errorFile` instead when one is given; with `newGroup` the child leads its own process group;
    /// `inheritStdin` gives it our terminal.
    public static func spawn(_ executable: String, _ arguments: [String], logFile: String?, errorFile: String? = nil, newGroup: Bool, inheritStdin: Bool = false,
                             environment: [String: String] = ProcessInfo.processInfo.environment,
                             user: (uid: uid_t, gid: gid_t)? = nil) throws(OperationError) -> Int32 {
        var fd: Int32 = -1
        if let logFile {
            fd = open(logFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            guard fd >= 0 else { throw .notPossible("cannot open \(logFile): \(String(cString: strerror(errno)))") }
        }
        defer { if fd >= 0 { close(fd) } }
        var errorFD = fd
        if let errorFile {
            errorFD = open(errorFile, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
            guard errorFD >= 0 else { throw .notPossible("cannot open \(errorFile): \(String(cString: strerror(errno)))") }
        }
        defer { if errorFD >= 0 && errorFD != fd { close(errorFD) } }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        let pid = csystem_spawn(executable, argv, envp, inheritStdin ? 0 : -1, fd, errorFD, user.map { Int32($0.uid) } ?? -1, user.map { Int32($0.gid) } ?? -1, newGroup ? 1 : 0, 0, nil)
        guard pid > 0 else { throw .notPossible("cannot start \(executable) \(arguments.first ?? ""): \(String(cString: strerror(-pid)))") }
        return pid
    }

    /// Waits for a child to exit (on a dedicated thread) and returns its exit status as `waitpid` reports it.
    public static func wait(_ pid: Int32) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
    }

    /// Reaps `pid` if it has exited; returns whether it has.
    public static func reapIfExited(_ pid: Int32) -> Bool {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        return r == pid || (r < 0 && errno == ECHILD && ProcessProbe.startTicks(pid) == nil)
    }
}
