import Foundation
import GenetixOperations
import GenetixTesting
import Testing

/// The built executable's `completion bash|zsh|fish`, `__complete-nodes` and `man`: every command `genetix --help`
/// lists and every option its own `--help` shows (both generated from the same specs) is in every script and in its
/// man page; bash and fish really complete node names from the cluster configuration, and zsh's actions do.
@Suite struct GeneratedShellFilesCommandTests {
    static let config = """
    {"cluster": "shell", "nodes": [
      {"name": "lb-1", "kind": "balancer", "admin": "http://127.0.0.1:1"},
      {"name": "app-1", "kind": "app", "admin": "http://127.0.0.1:2"},
      {"name": "db-1", "kind": "database", "admin": "http://127.0.0.1:3"}]}
    """

    /// The commands `genetix --help` lists, and for each the option spellings its `--help` shows.
    static func commandsAndSpellings() async throws -> [(String, [String])] {
        let help = try await GenetixExecutable.run(["--help"]).output
        let section = help.components(separatedBy: "SUBCOMMANDS:\n")[1].components(separatedBy: "\n\n")[0]
        let listed = section.split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.compactMap { $0.split(separator: " ").first.map(String.init) }
        var out: [(String, [String])] = []
        for command in listed {
            let text = try await GenetixExecutable.run([command, "--help"]).output
            let options = text.components(separatedBy: "OPTIONS:\n").last ?? ""
            let spellings = options.split(separator: "\n").filter { $0.hasPrefix("  -") }.flatMap { line in
                line.split(separator: " ").prefix { $0.hasPrefix("-") }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
                    .flatMap { $0.split(separator: "/").map(String.init) }
            }
            out.append((command, spellings))
        }
        return out
    }

    @Test func everyCommandAndOptionIsInEveryScriptAndPage() async throws {
        let commands = try await Self.commandsAndSpellings()
        #expect(commands.count >= 30 && commands.contains { $0.0 == "status" } && !commands.contains { $0.0.hasPrefix("__") })
        #expect(commands.first { $0.0 == "status" }?.1.contains("--output") == true)
        let dir = try TemporaryDirectory(prefix: "man")
        defer { dir.remove() }
        let man = try await GenetixExecutable.run(["man", "--directory", dir.path])
        #expect(man.code == 0, "\(man.output)")
        let pages = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(pages == Set(["genetix.1"] + commands.map { "genetix-\($0.0).1" }))
        for shell in ["bash", "zsh", "fish"] {
            let script = try await GenetixExecutable.runSeparately(["completion", shell])
            #expect(script.code == 0 && script.err.isEmpty)
            for (command, spellings) in commands {
                #expect(script.out.contains(command), "\(shell): \(command)")
                for spelling in spellings {
                    let fish = spelling.hasPrefix("--") ? "-l \(spelling.dropFirst(2))" : "-s \(spelling.dropFirst())"
                    #expect(script.out.contains(shell == "fish" ? fish : spelling), "\(shell): \(command) \(spelling)")
                }
            }
            let checked = try Shell.run(shell, ["-n"], input: script.out)
            #expect(checked.code == 0, "\(shell) -n: \(checked.err)")
        }
        for (command, spellings) in commands {
            let page = try String(contentsOfFile: dir.file("genetix-\(command).1"), encoding: .utf8)
            for spelling in spellings { #expect(page.contains(spelling.replacingOccurrences(of: "-", with: "\\-")), "\(command).1: \(spelling)") }
        }
        for page in pages.sorted() {
            let rendered = try Shell.run("groff", ["-man", "-Tutf8", "-ww", dir.file(page)], input: "")
            #expect(rendered.code == 0 && rendered.err.isEmpty, "\(page): \(rendered.err)")
            let viaMan = try Shell.run("man", ["-l", dir.file(page)], input: "", environment: ["MANPAGER": "cat", "MANWIDTH": "80"])
            #expect(viaMan.code == 0 && viaMan.out.contains("NAME"), "man -l \(page): \(viaMan.err)")
        }
    }

    @Test func shellsCompleteNodeNamesFromTheConfiguration() async throws {
        let dir = try TemporaryDirectory(prefix: "complete")
        defer { dir.remove() }
        try Self.config.write(toFile: dir.file("c.json"), atomically: true, encoding: .utf8)
        let nodes = try await GenetixExecutable.runSeparately(["__complete-nodes", "--config", dir.file("c.json")])
        #expect(nodes.out == "lb-1\napp-1\ndb-1\n")
        let balancers = try await GenetixExecutable.runSeparately(["__complete-nodes", "--config", dir.file("c.json"), "--kind", "balancer"])
        #expect(balancers.out == "lb-1\n")
        let none = try await GenetixExecutable.runSeparately(["__complete-nodes", "--config", dir.file("missing.json")])
        #expect(none.code == 1 && none.out.isEmpty && none.err.isEmpty, "completion must stay silent")
        let bash = try await GenetixExecutable.runSeparately(["completion", "bash"])
        try bash.out.write(toFile: dir.file("genetix.bash"), atomically: true, encoding: .utf8)
        let fish = try await GenetixExecutable.runSeparately(["completion", "fish"])
        try fish.out.write(toFile: dir.file("genetix.fish"), atomically: true, encoding: .utf8)
        let path = URL(fileURLWithPath: GenetixExecutable.path).deletingLastPathComponent().path + ":/usr/bin:/bin"
        func viaBash(_ words: [String]) throws -> [String] {
            let array = words.map { "'\($0)'" }.joined(separator: " ")
            let program = "source \(dir.file("genetix.bash")); COMP_WORDS=(\(array)); COMP_CWORD=\(words.count - 1); _genetix; printf '%s\\n' \"${COMPREPLY[@]}\""
            let result = try Shell.run("bash", ["-c", program], input: "", environment: ["PATH": path, "GENETIX_CONFIG": dir.file("c.json")])
            return result.out.split(separator: "\n").map(String.init).sorted()
        }
        #expect(try viaBash(["genetix", "scale", ""]) == ["app-1", "db-1", "lb-1"])
        #expect(try viaBash(["genetix", "drain", ""]) == ["lb-1"])
        #expect(try viaBash(["genetix", "status", "--output", ""]) == ["json", "text", "wide"])
        #expect(try viaBash(["genetix", "stat"]) == ["status"])
        #expect(try viaBash(["genetix", "sta"]) == ["standby", "status"])
        #expect(try viaBash(["genetix", "logs", "--json", "app-1", "d"]) == ["db-1"])
        #expect(try viaBash(["genetix", "check", "--node", "a"]) == ["app-1"])
        #expect(try viaBash(["genetix", "events", "--fo"]) == ["--follow"])
        // --config on the line wins over $GENETIX_CONFIG.
        try Self.config.replacingOccurrences(of: "app-1", with: "app-9").write(toFile: dir.file("other.json"), atomically: true, encoding: .utf8)
        #expect(try viaBash(["genetix", "scale", "--config", dir.file("other.json"), "app"]) == ["app-9"])
        func viaFish(_ line: String) throws -> [String] {
            let program = "source \(dir.file("genetix.fish")); complete -C '\(line)'"
            let result = try Shell.run("fish", ["--no-config", "-c", program], input: "", environment: ["PATH": path, "GENETIX_CONFIG": dir.file("c.json")])
            return result.out.split(separator: "\n").map { String($0.split(separator: "\t").first ?? "") }.sorted()
        }
        #expect(try viaFish("genetix scale ") == ["app-1", "db-1", "lb-1"])
        #expect(try viaFish("genetix drain ") == ["lb-1"])
        #expect(try viaFish("genetix status --output ") == ["json", "text", "wide"])
        #expect(try viaFish("genetix sta").contains("status"))
        // zsh: its completion system needs a terminal, so stubs stand in for _arguments and compadd; what is checked
        // is the script's own part: which action each argument gets, and that the action reads the configuration.
        let zsh = try await GenetixExecutable.runSeparately(["completion", "zsh"])
        try zsh.out.write(toFile: dir.file("_genetix"), atomically: true, encoding: .utf8)
        func viaZsh(_ program: String) throws -> [String] {
            let stubs = "_arguments() { print -l -- \"$@\"; }; _describe() { :; }; compadd() { [[ $1 == -a ]] && print -l -- ${(P)2}; }"
            let result = try Shell.run("zsh", ["-f", "-c", "\(stubs); source \(dir.file("_genetix")) >/dev/null; \(program)"], input: "",
                                       environment: ["PATH": path, "GENETIX_CONFIG": dir.file("c.json")])
            return result.out.split(separator: "\n").map(String.init)
        }
        #expect(try viaZsh("_genetix_scale").contains("1:node:_genetix_dynamic __complete-nodes"))
        #expect(try viaZsh("_genetix_drain").contains("1:balancer:_genetix_dynamic __complete-nodes --kind balancer"))
        #expect(try viaZsh("_genetix_status").contains("--output[Output format: json is the same as --json; wide is text with extra columns where the output is a table.]:format:(text json wide)"))
        #expect(try viaZsh("words=(genetix scale ''); _genetix_dynamic __complete-nodes") == ["lb-1", "app-1", "db-1"])
        #expect(try viaZsh("words=(genetix drain ''); _genetix_dynamic __complete-nodes --kind balancer") == ["lb-1"])
        #expect(try viaZsh("words=(genetix scale --config \(dir.file("other.json")) ''); _genetix_dynamic __complete-nodes") == ["lb-1", "app-9", "db-1"])
    }
}
