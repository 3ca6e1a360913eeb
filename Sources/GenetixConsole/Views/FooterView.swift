import GenetixCore

/// The bottom line: the command line or filter being typed, else a flashed message, else the key hints of the screen.
enum FooterView {
    static func draw(into buffer: inout ScreenBuffer, _ snapshot: ClusterSnapshot, _ state: ViewState, theme: Theme, keyMap: KeyMap) {
        let row = buffer.rows - 1
        let bar = theme[.footer]
        buffer.fill(row: row, column: 0, height: 1, width: buffer.columns, style: bar)
        if let input = state.input {
            let prompt = input.purpose == .command ? ":" : "/"
            let used = buffer.write(prompt + input.text, row: row, column: 0, style: theme[.text].on(bar.background))
            buffer.cursor = (row, min(buffer.columns - 1, used))
            if !input.completions.isEmpty {
                let list = input.completions.prefix(12).joined(separator: "  ")
                buffer.fill(row: row - 1, column: 0, height: 1, width: buffer.columns, style: bar)
                buffer.write(" " + list, row: row - 1, column: 0, style: theme[.dim].on(bar.background))
            }
            return
        }
        if let flash = state.flash, flash.until > snapshot.takenAt {
            let role: ThemeRole = switch flash.severity {
            case .ok: .flash
            case .warn: .warn
            case .crit: .crit
            }
            let style = flash.severity == .ok ? theme[.flash] : theme[role].on(bar.background).adding(.bold)
            buffer.write(" " + CharacterWidth.truncate(flash.message, to: buffer.columns - 2) + " ", row: row, column: 0, style: style)
            return
        }
        var x = 0
        let keyNode: NodeStatus? = switch state.screen {
        case .overview: state.selectedNode.flatMap { snapshot.node(named: $0)?.status }
        case .detail(let name): snapshot.node(named: name)?.status
        default: nil
        }
        for binding in keyMap.hints(for: state.screen.keyContext, kind: state.keyKind(in: snapshot)) {
            if state.isReadOnly && binding.command.isMutating { continue }
            if let node = keyNode, !binding.command.fits(node) { continue }
            let key = binding.keys[0].description
            let label = binding.hint ?? "\(binding.command)"
            let need = CharacterWidth.of(key) + CharacterWidth.of(label) + 3
            if x + need > buffer.columns { break }
            x += buffer.write(" " + key, row: row, column: x, style: theme[.key])
            x += buffer.write(" " + label + " ", row: row, column: x, style: bar)
        }
        if state.isReadOnly, x + 12 <= buffer.columns {
            buffer.write("read-only", row: row, column: buffer.columns - 10, style: theme[.dim].on(bar.background))
        }
    }
}
