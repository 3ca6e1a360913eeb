import Foundation
import GenetixCommandLine
import GenetixOperations

/// `genetix man [--directory DIR]`: writes genetix.1 and one genetix-COMMAND.1 per command, generated from the specs.
enum ManCommand: Command {
    static let spec = CommandSpec(
        name: "man",
        abstract: "Write the man pages (genetix.1 and genetix-COMMAND.1 for each command), generated from the command specs.",
        discussion: "Read one without installing: man -l genetix-status.1. scripts/install puts them in PREFIX/share/man/man1.",
        options: [OptionSpec("directory", short: "d", valueName: "dir", help: "Where to write the pages.", defaultValue: ".")])

    /// The root page's sections beyond the generated ones.
    static let sections: [(String, [String])] = [
        ("Exit status", ["0 done; 1 refused or failed; 3 a node could not be reached; 64 usage error. genetix check follows the Nagios plugin convention instead: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also for its usage errors)."]),
        ("Environment", ["GENETIX_CONFIG: the console configuration when --config is not given. NO_COLOR: no colour in text output. GENETIX_THEMES_DIR: a directory of console themes (e.g. /usr/local/share/genetix/themes)."]),
        ("Files", ["./genetix.json, then $XDG_CONFIG_HOME/genetix/config.json: the console configuration (the nodes, their admin URLs and tokens). /etc/genetix/NODE.json: a node's options under systemd (genetix-app.service, genetix-balancer.service, genetix-database.service). /var/lib/genetix: saved operator decisions and database data."]),
    ]

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let directory = try arguments.string("directory")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OperationError.invalidArgument("--directory \(directory): cannot create it: \(error.localizedDescription)")
        }
        for page in ManPage.pages(for: CommandRegistry.tool.root, extraSections: sections) {
            let path = (directory as NSString).appendingPathComponent(page.fileName)
            guard FileManager.default.createFile(atPath: path, contents: Data(page.text.utf8)) else {
                throw OperationError.invalidArgument("--directory \(directory): cannot write \(path) (permissions, or a full disk?)")
            }
            OperationsCommandSupport.out(path + "\n")
        }
        return 0
    }
}
