/// Where a binding applies: everywhere, or on one screen.
public enum KeyContext: String, Sendable, Hashable, CaseIterable {
    case global = "Everywhere"
    case overview = "Overview"
    case detail = "Node detail"
    case logs = "Logs"
    case timeline = "Timeline"
}
