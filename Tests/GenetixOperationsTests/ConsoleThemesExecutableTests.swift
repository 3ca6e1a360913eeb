import Foundation
import GenetixOperations
import GenetixTesting
import Testing

/// The shipped themes are built into the binary: run from an empty folder, with no user themes, far from the
/// checkout's Themes/, `genetix console --list-themes` still lists all six.
@Suite struct ConsoleThemesExecutableTests {
    @Test func theBinaryRunFromAnEmptyFolderListsAllSixThemes() async throws {
        let empty = try TemporaryDirectory(prefix: "themes-empty")
        defer { empty.remove() }
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = empty.path
        env["XDG_CONFIG_HOME"] = empty.path + "/config"
        env["GENETIX_THEMES_DIR"] = nil
        let log = empty.file("out")
        let script = "cd '\(empty.path)' && exec '\(GenetixExecutable.path)' console --list-themes"
        let pid = try ChildProcess.spawn("/bin/sh", ["-c", script], logFile: log, newGroup: true, environment: env)
        let status = await ChildProcess.wait(pid)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect((status >> 8) & 0xFF == 0, "\(output)")
        #expect(output == "default\nhigh-contrast\nlight\nmonochrome\nnord\nsolarized-dark\n")
    }
}
