/// Generates `--help` text from a command's declaration: overview, usage, arguments, options and subcommands.
public enum HelpFormatter {
    /// The width help text is wrapped to.
    public static let width = 80
    /// The column where the description of an argument, option or subcommand starts.
    static let descriptionColumn = 26

    /// The help of the last command in `chain` (root first), as printed by `--help`.
    public static func help(for chain: [CommandSpec]) -> String {
        let command = chain[chain.count - 1]
        let fullName = chain.map(\.name).joined(separator: " ")
        var sections: [String] = []
        if !command.abstract.isEmpty {
            sections.append(wrap("OVERVIEW: " + command.abstract, indent: 0))
        }
        if !command.discussion.isEmpty {
            sections.append(command.discussion.split(separator: "\n", omittingEmptySubsequences: false)
                .map { wrap(String($0), indent: 0) }.joined(separator: "\n"))
        }
        sections.append(usage(for: command, fullName: fullName))
        if !command.arguments.isEmpty {
            sections.append("ARGUMENTS:\n" + command.arguments.map { row(argumentLabel($0), $0.help) }.joined(separator: "\n"))
        }
        sections.append("OPTIONS:\n" + optionRows(for: command, isRoot: chain.count == 1, root: chain[0]).joined(separator: "\n"))
        if !command.subcommands.isEmpty {
            let rows = command.subcommands.filter { !$0.isHidden }.map { row($0.name, $0.abstract) }.joined(separator: "\n")
            sections.append("SUBCOMMANDS:\n" + rows + "\n\n  See '\(chain[0].name) help \(chain.dropFirst().map { $0.name + " " }.joined())<subcommand>' for detailed help.")
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// The `USAGE:` line; options collapse to `[<options>]` when the line would be wider than `width`.
    static func usage(for command: CommandSpec, fullName: String) -> String {
        var optionParts: [String] = []
        for option in command.options {
            let part = "\(option.displayName) <\(option.valueName)>"
            let repeated = option.isRepeatable ? " ..." : ""
            optionParts.append(option.isRequired && option.defaultValue == nil ? part + repeated : "[\(part)\(repeated)]")
        }
        for flag in command.flags {
            optionParts.append(flag.hasInversion ? "[--[no-]\(flag.long)]" : "[\(flag.displayName)]")
        }
        var trailing: [String] = []
        if !command.subcommands.isEmpty && command.arguments.isEmpty {
            trailing.append("<subcommand>")
        }
        for argument in command.arguments {
            let label = "<\(argument.name)>" + (argument.isRepeating ? " ..." : "")
            trailing.append(argument.isOptional ? "[\(label)]" : label)
        }
        let full = (["USAGE:", fullName] + optionParts + trailing).joined(separator: " ")
        if full.count <= width { return full }
        let required = optionParts.filter { !$0.hasPrefix("[") }
        return (["USAGE:", fullName] + required + ["[<options>]"] + trailing).joined(separator: " ")
    }

    private static func optionRows(for command: CommandSpec, isRoot: Bool, root: CommandSpec) -> [String] {
        var rows: [String] = []
        for option in command.options {
            let short = option.short.map { "-\($0), " } ?? ""
            var text = option.help
            if let allowed = option.allowedValues { text += " (values: \(allowed.joined(separator: ", ")))" }
            if let defaultValue = option.defaultValue { text += " (default: \(defaultValue))" }
            rows.append(row("\(short)\(option.displayName) <\(option.valueName)>", text))
        }
        for flag in command.flags {
            let short = flag.short.map { "-\($0), " } ?? ""
            let inversion = flag.inversionName.map { "/" + $0 } ?? ""
            let text = flag.help + (flag.inversionName.map { " (default: \(flag.defaultValue ? flag.displayName : $0))" } ?? "")
            rows.append(row("\(short)\(flag.displayName)\(inversion)", text))
        }
        if isRoot, root.version != nil {
            rows.append(row("--version", "Show the version."))
        }
        rows.append(row("-h, --help", "Show help information."))
        return rows
    }

    private static func argumentLabel(_ argument: PositionalSpec) -> String {
        "<\(argument.name)>" + (argument.isRepeating ? " ..." : "")
    }

    /// One two-column row: the label indented by two, the description at `descriptionColumn`, wrapped.
    static func row(_ label: String, _ description: String) -> String {
        let head = "  " + label
        if description.isEmpty { return head }
        let body = wrap(description, indent: descriptionColumn)
        if head.count + 2 <= descriptionColumn {
            let padded = head + String(repeating: " ", count: descriptionColumn - head.count)
            return padded + body.dropFirst(descriptionColumn)
        }
        return head + "\n" + body
    }

    /// Wraps `text` at word boundaries to `width`, every line indented by `indent` spaces.
    static func wrap(_ text: String, indent: Int) -> String {
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = margin
        for word in text.split(separator: " ") {
            if line.count > indent, line.count + 1 + word.count > width {
                lines.append(line)
                line = margin
            }
            line += (line.count > indent ? " " : "") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
