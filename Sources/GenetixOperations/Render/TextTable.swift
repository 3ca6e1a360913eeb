/// An aligned text table: a header row and rows of cells, each cell with an optional severity for colour.
///
/// Column widths count visible characters only, so colour never misaligns a table.
public struct TextTable: Sendable, Equatable {
    /// One cell: its text and how it should be coloured.
    public struct Cell: Sendable, Equatable, ExpressibleByStringLiteral {
        public var text: String
        public var severity: CheckSeverity?
        public init(_ text: String, _ severity: CheckSeverity? = nil) { self.text = text; self.severity = severity }
        public init(stringLiteral value: String) { self.init(value) }
    }

    /// Column alignment.
    public enum Alignment: Sendable, Equatable { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[Cell]]

    /// A table with these headers; columns are left-aligned unless `alignments` says otherwise.
    public init(headers: [String], alignments: [Alignment]? = nil, rows: [[Cell]] = []) {
        self.headers = headers
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
        self.rows = rows
    }

    /// Renders the table: columns separated by two spaces, no trailing spaces, one line per row, ending in a newline.
    public func render(style: TextStyle = .plain) -> String {
        let columns = headers.count
        var widths = headers.map(\.count)
        for row in rows {
            for (i, cell) in row.prefix(columns).enumerated() { widths[i] = max(widths[i], cell.text.count) }
        }
        func line(_ cells: [Cell], header: Bool) -> String {
            var parts: [String] = []
            for i in 0..<columns {
                let cell = i < cells.count ? cells[i] : Cell("")
                let pad = String(repeating: " ", count: widths[i] - cell.text.count)
                let isLast = i == columns - 1
                var text = cell.text
                if let severity = cell.severity { text = style.paint(text, severity) }
                if header { text = style.bold(text) }
                switch alignments[i] {
                case .left: parts.append(isLast ? text : text + pad)
                case .right: parts.append(pad + text)
                }
            }
            var joined = parts.joined(separator: "  ")
            while joined.hasSuffix(" ") { joined.removeLast() }
            return joined
        }
        var out = line(headers.map { Cell($0) }, header: true) + "\n"
        for row in rows { out += line(row, header: false) + "\n" }
        return out
    }
}
