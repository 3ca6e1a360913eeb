import CSystem
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts programs as children through `csystem_spawn` (fork, optional user switch, exec).
enum ChildSpawner {
    /// The environment every PostgreSQL program gets: a fixed PATH and locale, and the account's HOME.
    static func environment(for account: SystemAccount) -> [String: String] {
        ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": account.home]
    }

    /// Spawns `program` with `arguments`; stdout and stderr go to `outputFD` (or are inherited when -1).
    /// With `dieWithParent` the child gets `parentDeathSignal` when the forking thread exits. Returns the child's pid.
    static func spawn(_ program: String, _ arguments: [String], environment: [String: String], account: SystemAccount,
                      outputFD: Int32, newProcessGroup: Bool, dieWithParent: Bool, parentDeathSignal: Int32 = SIGTERM,
                      workingDirectory: String? = nil) throws(DatabaseError) -> pid_t {
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        let cwd = workingDirectory ?? "/"
        let pid = cwd.withCString { cwdPointer in
            csystem_spawn(program, argv, envp, -1, outputFD, outputFD, account.spawnUID, account.spawnGID,
                          newProcessGroup ? 1 : 0, dieWithParent ? parentDeathSignal : 0, cwdPointer)
        }
        if pid < 0 { throw .spawnFailed(program: program, errno: -pid) }
        return pid
    }

    /// Spawns `program` with `dieWithParent` and waits for it, both on one thread of its own: PR_SET_PDEATHSIG fires
    /// when the *thread* that forked exits, so forking from a pool thread (which may be retired while the program
    /// still runs) could kill a long pg_basebackup. Returns the wait status.
    static func runToExit(_ program: String, _ arguments: [String], environment: [String: String], account: SystemAccount,
                          outputFD: Int32) async throws(DatabaseError) -> Int32 {
        let outcome: Result<Int32, DatabaseError> = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let pid: pid_t
                do throws(DatabaseError) {
                    pid = try spawn(program, arguments, environment: environment, account: account, outputFD: outputFD,
                                    newProcessGroup: false, dieWithParent: true)
                } catch {
                    continuation.resume(returning: .failure(error))
                    return
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 {
                    if errno != EINTR { status = -1; break }
                }
                continuation.resume(returning: .success(status))
            }
        }
        return try outcome.get()
    }

    /// Waits for `pid` to exit on a Dispatch thread (never on the cooperative pool) and returns its wait status.
    static func waitForExit(_ pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 {
                    if errno != EINTR { status = -1; break }
                }
                continuation.resume(returning: status)
            }
        }
    }

    /// A human description of a wait status: "exited with status 1", "killed by signal 9".
    static func describe(_ status: Int32) -> String {
        if status == -1 { return "was lost (not our child)" }
        let signal = status & 0x7f
        if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
        return "killed by signal \(signal)"
    }

    /// The exit code of a wait status, or 128 + signal.
    static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
