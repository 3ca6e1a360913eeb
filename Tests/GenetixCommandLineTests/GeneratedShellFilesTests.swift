import Foundation
import GenetixCommandLine
import Testing

/// Completion scripts and man pages generated from the sample tool's specs: every command and every spelling of
/// every option and flag is in each; hidden commands are in none. The real tool's scripts and pages go through
/// `bash -n`, `zsh -n`, `fish -n`, `groff -ww` and `man -l` in GenetixOperationsTests/GeneratedShellFilesCommandTests.
@Suite struct GeneratedShellFilesTests {
    static let rules = CompletionRules(dynamic: ["node": ["__complete-nodes"]], fileValueNames: ["file"])
    static var root: CommandSpec {
        var root = SampleTool.root
        var hidden = CommandSpec(name: "__secret", abstract: "Not for people.", flags: [FlagSpec("hush")])
        hidden.isHidden = true
        root.subcommands.append(hidden)
        return root.addingOutputControls()
    }

    static let scripts: [(shell: String, text: String)] = [
        ("bash", BashCompletion.script(for: root, rules: rules)),
        ("zsh", ZshCompletion.script(for: root, rules: rules)),
        ("fish", FishCompletion.script(for: root, rules: rules)),
    ]

    @Test func everyCommandAndSpellingIsInEveryScript() {
        let paths = CommandPath.all(under: Self.root)
        #expect(paths.map(\.joined) == ["genetix", "genetix app", "genetix scale", "genetix tail", "genetix db", "genetix db promote", "genetix db follow"])
        for (shell, text) in Self.scripts {
            for path in paths {
                #expect(text.contains(path.spec.name), "\(shell): \(path.joined)")
                for spelling in path.spellings {
                    // fish declares `-l output` / `-s o`; bash and zsh spell the option as typed.
                    let fishSpelling = spelling.hasPrefix("--") ? "-l \(spelling.dropFirst(2))" : "-s \(spelling.dropFirst())"
                    #expect(text.contains(shell == "fish" ? fishSpelling : spelling), "\(shell): \(path.joined) \(spelling)")
                }
            }
            #expect(!text.contains("__secret") && !text.contains("hush"), "\(shell): hidden commands stay out")
            #expect(text.contains("__complete-nodes"), "\(shell): node arguments complete from the tool")
        }
    }

    @Test func everyPageNamesItsOptionsAndEscapesNonASCII() throws {
        let pages = ManPage.pages(for: Self.root, extraSections: [("Exit status", ["0 done; 64 usage — see “help”."])])
        #expect(pages.map(\.fileName) == ["genetix.1", "genetix-app.1", "genetix-scale.1", "genetix-tail.1", "genetix-db.1",
                                          "genetix-db-promote.1", "genetix-db-follow.1"])
        for (page, path) in zip(pages, CommandPath.all(under: Self.root)) {
            #expect(page.text.contains(".TH \(path.words.joined(separator: "-").uppercased().replacingOccurrences(of: "-", with: "\\-")) 1"))
            for spelling in path.spellings {
                #expect(page.text.contains(spelling.replacingOccurrences(of: "-", with: "\\-")), "\(page.fileName): \(spelling)")
            }
            for sub in path.subcommands { #expect(page.text.contains(sub.name), "\(page.fileName): \(sub.name)") }
            #expect(page.text.contains(path.spec.abstract.replacingOccurrences(of: "-", with: "\\-")), "\(page.fileName)")
            #expect(!page.text.unicodeScalars.contains { !$0.isASCII }, "\(page.fileName): groff -ww warns of raw non-ASCII input")
        }
        #expect(pages[0].text.contains("\\[u201C]help\\[u201D]"), "non-ASCII text as groff escapes")
    }
}
