import Foundation
import GenetixAdmin
import GenetixCore

/// What asking one node for its status gave: the status, or why there is none, and how long it took.
public struct NodeReading: Sendable, Equatable {
    public var node: ConfiguredNode
    public var status: NodeStatus?
    /// Why there is no status (unreachable, refused, malformed), as a sentence.
    public var error: String?
    /// Whether the node could not be reached at all (as opposed to refusing).
    public var unreachable: Bool
    /// Time from asking to the answer (or the failure).
    public var elapsed: Duration
    /// When the answer arrived.
    public var time: Date

    public init(node: ConfiguredNode, status: NodeStatus?, error: String?, unreachable: Bool, elapsed: Duration, time: Date = Date()) {
        self.node = node
        self.status = status
        self.error = error
        self.unreachable = unreachable
        self.elapsed = elapsed
        self.time = time
    }

    public var name: String { node.name }
    public var isReachable: Bool { status != nil }
}
