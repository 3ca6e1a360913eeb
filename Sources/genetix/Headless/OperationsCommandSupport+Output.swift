import GenetixAdmin
import GenetixCommandLine

/// Small shapes several commands share: an `on|off` argument, and a generated document printed or written atomically.
extension OperationsCommandSupport {
    /// The `<state>` positional of `sync` and `standby`.
    static let onOffArgument = PositionalSpec("state", help: "on or off.")

    /// The `<state>` positional as a Bool; a usage error for anything but `on` or `off`.
    static func onOff(_ arguments: ParsedArguments) throws -> Bool {
        let state = try arguments.argument("state")
        guard state == "on" || state == "off" else {
            throw CommandLineError.invalidValue(state, for: "<state>", expected: "on or off", command: arguments.commandName)
        }
        return state == "on"
    }

    /// Prints `document`, or with `--out FILE` writes it atomically (a reader never sees it half written, mode 0644)
    /// and says `wrote WHAT to FILE` on standard error.
    static func emit(_ document: String, _ arguments: ParsedArguments, what: String) throws -> Int32 {
        guard let out = try arguments.optionalString("out") else {
            self.out(document)
            return 0
        }
        try AtomicFile.write(Array(document.utf8), to: out, mode: 0o644)
        err("wrote \(what) to \(out)\n")
        return 0
    }
}
