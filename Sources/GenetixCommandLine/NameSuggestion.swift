/// Finds the declared name a mistyped one most likely meant (`--worker` → `--workers`).
///
/// A candidate qualifies when its optimal-string-alignment (Damerau–Levenshtein) distance to the typed
/// name is at most 2 and smaller than the typed name's length, or when one is a prefix of the other.
public enum NameSuggestion {
    /// The closest candidate, or nil when none is close. Ties go to the candidate listed first.
    public static func nearest(to typed: String, among candidates: [String]) -> String? {
        let typedCore = Array(stripDashes(typed))
        guard !typedCore.isEmpty else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let core = Array(stripDashes(candidate))
            let distance = editDistance(typedCore, core)
            let isPrefix = core.starts(with: typedCore) || typedCore.starts(with: core)
            let qualifies = (distance <= 2 && distance < typedCore.count) || (isPrefix && !core.isEmpty)
            guard qualifies else { continue }
            if best.map({ distance < $0.distance }) ?? true {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, table[i - 2][j - 2] + 1)
                }
                table[i][j] = value
            }
        }
        return table[a.count][b.count]
    }

    private static func stripDashes(_ name: String) -> Substring {
        name.drop { $0 == "-" }
    }
}
