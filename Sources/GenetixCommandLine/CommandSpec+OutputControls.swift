/// Adds the output controls (`--output`, `-q`, `-v`) to commands that print a result with `--json`.
extension CommandSpec {
    /// This command, and every subcommand, with `--output`, `--quiet` and `--verbose` added wherever `--json` is
    /// declared and they are not; `--json` becomes the alias of `--output json`.
    public func addingOutputControls() -> CommandSpec {
        var spec = self
        spec.subcommands = subcommands.map { $0.addingOutputControls() }
        guard let index = flags.firstIndex(where: { $0.long == "json" }) else { return spec }
        if spec.flags[index].alias == nil {
            spec.flags[index].alias = OutputMode.jsonFlag().alias
        }
        if option(named: "output") == nil {
            spec.options.append(Self.withoutTakenShortName(OutputMode.outputOption, in: spec))
        }
        for control in [OutputMode.quietFlag, OutputMode.verboseFlag] where flag(named: control.long) == nil {
            spec.flags.append(Self.withoutTakenShortName(control, in: spec))
        }
        return spec
    }

    private static func withoutTakenShortName(_ option: OptionSpec, in spec: CommandSpec) -> OptionSpec {
        var option = option
        if let short = option.short, spec.takesShortName(short) { option.short = nil }
        return option
    }

    private static func withoutTakenShortName(_ flag: FlagSpec, in spec: CommandSpec) -> FlagSpec {
        var flag = flag
        if let short = flag.short, spec.takesShortName(short) { flag.short = nil }
        return flag
    }

    /// Whether an option or flag of this command already uses the short name.
    func takesShortName(_ short: Character) -> Bool {
        options.contains { $0.short == short } || flags.contains { $0.short == short }
    }
}
