/// A column of a table: its title, width, alignment and how important it is when space runs short.
public struct TableColumn: Sendable, Equatable {
    public var title: String
    public var width: Int
    /// Lower is more important; columns are dropped from the highest priority number down until the rest fit.
    public var priority: Int
    public var alignRight: Bool
    /// A flexible column takes the width left over (up to `maxWidth`).
    public var flexible: Bool
    public var maxWidth: Int

    public init(_ title: String, width: Int, priority: Int, alignRight: Bool = false, flexible: Bool = false, maxWidth: Int = .max) {
        self.title = title
        self.width = width
        self.priority = priority
        self.alignRight = alignRight
        self.flexible = flexible
        self.maxWidth = maxWidth
    }
}

/// Columns placed on a line: which ones are shown, where, and how wide.
public struct TableLayout: Sendable, Equatable {
    public struct Placed: Sendable, Equatable {
        public var index: Int
        public var column: TableColumn
        public var x: Int
        public var width: Int
    }
    public var placed: [Placed]

    /// Fits `columns` into `width` columns with one space between them, dropping the least important first.
    public init(columns: [TableColumn], width: Int, gap: Int = 1) {
        var kept = Set(columns.indices)
        func needed() -> Int { kept.map { columns[$0].width }.reduce(0, +) + max(0, kept.count - 1) * gap }
        let dropOrder = columns.indices.sorted { columns[$0].priority > columns[$1].priority }
        for index in dropOrder where needed() > width && kept.count > 1 { kept.remove(index) }
        var spare = max(0, width - needed())
        var widths: [Int: Int] = [:]
        for i in kept { widths[i] = columns[i].width }
        for i in kept.sorted() where columns[i].flexible {
            let extra = min(spare, columns[i].maxWidth - columns[i].width)
            widths[i]! += max(0, extra)
            spare -= max(0, extra)
        }
        var x = 0
        placed = []
        for i in columns.indices where kept.contains(i) {
            let w = min(widths[i]!, max(0, width - x))
            placed.append(Placed(index: i, column: columns[i], x: x, width: w))
            x += w + gap
        }
    }

    /// The placed column at the original index, if shown.
    public func column(_ index: Int) -> Placed? { placed.first { $0.index == index } }
}
