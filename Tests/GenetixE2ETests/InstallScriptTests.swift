import Foundation
import GenetixOperations
import GenetixTesting
import Testing

/// `scripts/install` and `make install` into a temporary DESTDIR from the debug build (`--binary`): every file lands
/// where the units (ExecStart=, Documentation=) and docs/deploy.md say, a second run changes nothing, and another
/// PREFIX is carried into the installed units.
@Suite struct InstallScriptTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Every regular file under `root`, relative to it, with its mode and content.
    static func snapshot(_ root: String) throws -> [String: (mode: Int, data: Data)] {
        var out: [String: (mode: Int, data: Data)] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
            out["/" + relative] = ((attributes[.posixPermissions] as? Int) ?? 0, try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        return out
    }

    static func run(_ arguments: [String], in dir: TemporaryDirectory) async throws -> (code: Int32, output: String) {
        let log = dir.file("install-\(UUID().uuidString.prefix(6)).log")
        let pid = try ChildProcess.spawn("/usr/bin/env", arguments, logFile: log, newGroup: true)
        let status = await ChildProcess.wait(pid)
        return ((status >> 8) & 0xFF, (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
    }

    @Test func everyFileLandsWhereTheUnitsAndDocsSayAndASecondRunChangesNothing() async throws {
        try await TemporaryDirectory.with(prefix: "install") { dir in
            let stage = dir.file("root")
            let first = try await Self.run([Self.repository + "/scripts/install", "--binary", E2E.binary, "--destdir", stage], in: dir)
            #expect(first.code == 0, "\(first.output)")
            let files = try Self.snapshot(stage)
            // The binary, where every unit's ExecStart= runs it, and it runs.
            #expect(files["/usr/local/bin/genetix"]?.mode == 0o755)
            #expect(files["/usr/local/bin/genetix"]?.data == (try Data(contentsOf: URL(fileURLWithPath: E2E.binary))))
            let version = try await Self.run([stage + "/usr/local/bin/genetix", "version"], in: dir)
            #expect(version.code == 0 && version.output.hasPrefix("genetix "))
            let units = try FileManager.default.contentsOfDirectory(atPath: Self.repository + "/docs/deploy/systemd").filter { $0.hasSuffix(".service") }
            #expect(units.count == 3)
            for unit in units {
                let installed = try #require(files["/etc/systemd/system/\(unit)"], "\(unit) is not in /etc/systemd/system (docs/deploy.md's table)")
                let text = String(decoding: installed.data, as: UTF8.self)
                let exec = try #require(text.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
                let program = String(exec.dropFirst("ExecStart=".count).split(separator: " ")[0])
                #expect(files[program]?.mode == 0o755, "\(unit): ExecStart= runs \(program), which was not installed")
                for line in text.split(separator: "\n") where line.hasPrefix("Documentation=file://") {
                    let doc = String(line.dropFirst("Documentation=file://".count))
                    #expect(files[doc] != nil, "\(unit): Documentation= names \(doc), which was not installed")
                }
            }
            // Man pages: genetix.1 and one per command `genetix --help` lists; completions where the shells look.
            let help = try await Self.run([E2E.binary, "--help"], in: dir).output
            let commands = help.components(separatedBy: "SUBCOMMANDS:\n")[1].components(separatedBy: "\n\n")[0].split(separator: "\n")
                .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
            #expect(commands.contains("status") && commands.contains("completion"))
            for page in ["genetix"] + commands.map({ "genetix-\($0)" }) {
                #expect(files["/usr/local/share/man/man1/\(page).1"]?.mode == 0o644, "\(page).1")
            }
            for (shell, path) in [("bash", "/usr/local/share/bash-completion/completions/genetix"), ("zsh", "/usr/local/share/zsh/site-functions/_genetix"),
                                  ("fish", "/usr/local/share/fish/vendor_completions.d/genetix.fish")] {
                let script = try await Self.run([E2E.binary, "completion", shell], in: dir).output
                #expect(files[path].map { String(decoding: $0.data, as: UTF8.self) } == script, "\(path)")
            }
            // Themes and the docs the units point to.
            for theme in try FileManager.default.contentsOfDirectory(atPath: Self.repository + "/Themes") where theme.hasSuffix(".json") {
                #expect(files["/usr/local/share/genetix/themes/\(theme)"]?.data == (try Data(contentsOf: URL(fileURLWithPath: Self.repository + "/Themes/" + theme))))
            }
            #expect(files["/usr/local/share/doc/genetix/operations.md"] != nil)
            for directory in ["/etc/genetix", "/etc/genetix/secrets", "/etc/genetix/tls"] {
                var isDirectory: ObjCBool = false
                #expect(FileManager.default.fileExists(atPath: stage + directory, isDirectory: &isDirectory) && isDirectory.boolValue, "\(directory)")
            }
            // Idempotent: a second run leaves the same files with the same modes and contents, and no temporary file.
            let second = try await Self.run([Self.repository + "/scripts/install", "--binary", E2E.binary, "--destdir", stage], in: dir)
            #expect(second.code == 0, "\(second.output)")
            let again = try Self.snapshot(stage)
            #expect(again.keys.sorted() == files.keys.sorted())
            #expect(again.allSatisfy { files[$0.key]?.mode == $0.value.mode && files[$0.key]?.data == $0.value.data })
            #expect(!again.keys.contains { $0.hasSuffix(".new") })
        }
    }

    @Test func makeInstallCarriesAnotherPrefixIntoTheUnits() async throws {
        try await TemporaryDirectory.with(prefix: "make-install") { dir in
            let stage = dir.file("root")
            let made = try await Self.run(["make", "-s", "-C", Self.repository, "install", "PREFIX=/opt/genetix", "DESTDIR=\(stage)",
                                           "GENETIX_BINARY=\(E2E.binary)"], in: dir)
            #expect(made.code == 0, "\(made.output)")
            let files = try Self.snapshot(stage)
            #expect(files["/opt/genetix/bin/genetix"]?.mode == 0o755)
            #expect(files["/opt/genetix/share/man/man1/genetix-status.1"] != nil)
            let unit = String(decoding: try #require(files["/etc/systemd/system/genetix-app.service"]).data, as: UTF8.self)
            #expect(unit.contains("ExecStart=/opt/genetix/bin/genetix app "))
            #expect(unit.contains("Documentation=file:///opt/genetix/share/doc/genetix/deploy.md"))
            #expect(files["/opt/genetix/share/doc/genetix/deploy.md"] != nil)
            #expect(!unit.contains("/usr/local"))
            let refused = try await Self.run([Self.repository + "/scripts/install", "--binary", E2E.binary, "--prefix", "relative/path",
                                              "--destdir", stage], in: dir)
            #expect(refused.code == 64 && refused.output.contains("--prefix must be an absolute path"))
        }
    }
}
